package io.s3bulkrestore.benchmarks;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SegmentTimerTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void shouldReportTheMedianRateOverSegmentsSoOneStallDoesNotSpoilTheFigure() {
        // Given 100 units per second for three seconds, then a stalled second that did 10 units
        SegmentTimer timer = new SegmentTimer(0);
        timer.completed(100, SECOND);
        timer.completed(100, 2 * SECOND);
        timer.completed(100, 3 * SECOND);
        timer.completed(100, 4 * SECOND + 9 * SECOND);

        // When
        SegmentTimer.Result result = timer.medianRate(4);

        // Then
        assertThat(result.segments()).isEqualTo(4);
        assertThat(result.perSecond()).isEqualTo(100.0);
    }

    @Test
    void shouldOrderCompletionsFromConcurrentWorkersByTime() {
        SegmentTimer timer = new SegmentTimer(0);
        timer.completed(50, 2 * SECOND);
        timer.completed(50, SECOND);

        SegmentTimer.Result result = timer.medianRate(2);

        assertThat(result.perSecond()).isEqualTo(50.0);
    }

    @Test
    void shouldTakeTheMiddleOfSortedSamples() {
        assertThat(Stats.median(java.util.List.of(3.0, 1.0, 2.0))).isEqualTo(2.0);
        assertThat(Stats.median(java.util.List.of(4.0, 1.0, 2.0, 3.0))).isEqualTo(2.5);
    }
}
