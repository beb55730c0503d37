package io.s3bulkrestore.benchmarks;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BoundCheckTest {

    @Test
    void shouldCheckOnlyCountedFiguresThatHaveABound() {
        // Given a time, an unbounded count, and two bounded counts (one regressed)
        List<Figure> figures = List.of(
                Figure.timed("crediting", "events/s", 10, 20, Figure.Better.HIGHER),
                Figure.countedUnchecked("crediting", "write units per event", 5, 2.5),
                Figure.counted("crediting", "requests per event", 1.95, 2.5, 2.1),
                Figure.counted("monitor", "requests per tick growth", 1.2, 100, 1.0));

        // When
        List<BoundCheck.Verdict> verdicts = BoundCheck.check(figures);

        // Then
        assertThat(verdicts).extracting(verdict -> verdict.figure().figure(), BoundCheck.Verdict::passed)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("requests per event", true),
                        org.assertj.core.groups.Tuple.tuple("requests per tick growth", false));
        assertThat(BoundCheck.allPassed(verdicts)).isFalse();
        assertThat(verdicts.get(1).line()).isEqualTo("FAIL monitor / requests per tick growth: 1.20 <= 1");
    }

    @Test
    void shouldPassWhenOursEqualsItsBound() {
        List<BoundCheck.Verdict> verdicts = BoundCheck.check(List.of(Figure.counted("crediting", "count error", 0, 300, 0)));

        assertThat(BoundCheck.allPassed(verdicts)).isTrue();
        assertThat(verdicts.getFirst().line()).startsWith("PASS");
    }

    @Test
    void shouldRefuseABoundOnATime() {
        assertThatThrownBy(() -> new Figure("x", "ms", 1, java.util.Optional.of(2.0), false, java.util.Optional.of(1.0)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
