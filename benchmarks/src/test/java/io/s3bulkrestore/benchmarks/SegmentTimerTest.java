package io.s3bulkrestore.benchmarks;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class SegmentTimerTest {

    private static final long SECOND = 1_000_000_000L;
    private static final long MILLISECOND = 1_000_000L;

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
    void shouldSpreadLongStepsOverTheirTimeSoThatStepsEndingTogetherDoNotMakeAnInstantSegment() {
        // Given four workers that each run a batch of 1,000 in 1 s, three rounds, the batches of a round ending
        // within a millisecond of each other: 4,000 units a second throughout
        SegmentTimer timer = new SegmentTimer(0);
        for (int round = 0; round < 3; round++) {
            for (int worker = 0; worker < 4; worker++) {
                long start = round * SECOND + worker * MILLISECOND / 4;
                timer.completed(1_000, start, start + SECOND);
            }
        }

        // When cut into 5 segments (2,400 units each), which step ends would cut inside a round's cluster
        SegmentTimer.Result result = timer.medianRate(5);

        // Then
        assertThat(result.segments()).isEqualTo(5);
        assertThat(result.perSecond()).isCloseTo(4_000.0, within(10.0));
    }

    @Test
    void shouldCutAtStepEndsWhenEveryStepIsInstantaneous() {
        // Given the same shape recorded by end only: a 2,400-unit segment ends at the third step of a cluster, so
        // three of the segments hold 3,000 units in about a second and the last one 3,000 in under a millisecond
        SegmentTimer timer = new SegmentTimer(0);
        for (int round = 0; round < 3; round++) {
            for (int worker = 0; worker < 4; worker++) {
                timer.completed(1_000, (round + 1) * SECOND + worker * MILLISECOND / 4);
            }
        }

        // When
        SegmentTimer.Result result = timer.medianRate(5);

        // Then the segments follow the clusters, not the work: 3,000 a second where 4,000 were done, what spreading
        // avoids (with other sizes the same cut lands between two ends of a cluster and reports far too much)
        assertThat(result.segments()).isEqualTo(4);
        assertThat(result.perSecond()).isCloseTo(3_000.0, within(10.0));
    }

    @Test
    void shouldCountInstantaneousStepsAtTheirEndAmongSpreadOnes() {
        // Given a 2 s step of 200 units and two instantaneous steps of 100 at 1 s and 2 s
        SegmentTimer timer = new SegmentTimer(0);
        timer.completed(200, 0, 2 * SECOND);
        timer.completed(100, SECOND);
        timer.completed(100, 2 * SECOND);

        // When cut in two halves of 200 units
        SegmentTimer.Result result = timer.medianRate(2);

        // Then the first half ends at 1 s (100 spread + 100 at once), the second at 2 s
        assertThat(result.segments()).isEqualTo(2);
        assertThat(result.perSecond()).isCloseTo(200.0, within(1e-6));
    }

    @Test
    void shouldTakeTheMiddleOfSortedSamples() {
        assertThat(Stats.median(java.util.List.of(3.0, 1.0, 2.0))).isEqualTo(2.0);
        assertThat(Stats.median(java.util.List.of(4.0, 1.0, 2.0, 3.0))).isEqualTo(2.5);
    }
}
