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
    void shouldCheckTheLeastRatioOfATimeOnlyInAFullRun() {
        // Given a rate that must be at least 1.5x the baseline's, and is only 1.2x
        List<Figure> figures = List.of(Figure.timed("crediting", "events/s", 1_200, 1_000, Figure.Better.HIGHER).atLeast(1.5));

        // When
        List<BoundCheck.Verdict> quick = BoundCheck.check(figures);
        List<BoundCheck.Verdict> full = BoundCheck.check(figures, true);

        // Then
        assertThat(quick).isEmpty();
        assertThat(full).singleElement().satisfies(verdict -> {
            assertThat(verdict.passed()).isFalse();
            assertThat(verdict.line()).isEqualTo("FAIL crediting / events/s: ratio 1.20x >= 1.50x");
        });
    }

    @Test
    void shouldCheckBothTheBoundAndTheLeastRatioOfACount() {
        // Given $1.80 against $4.00: under the $2.00 bound and 2.2x cheaper; then $1.90 against $3.00: 1.6x only
        Figure cheapEnough = Figure.counted("cost", "$ total", 1.80, 4.00, 2.00).atLeast(2.0);
        Figure notCheaperEnough = Figure.counted("cost", "$ total", 1.90, 3.00, 2.00).atLeast(2.0);

        // When
        List<BoundCheck.Verdict> verdicts = BoundCheck.check(List.of(cheapEnough, notCheaperEnough));

        // Then
        assertThat(verdicts).extracting(BoundCheck.Verdict::line).containsExactly(
                "PASS cost / $ total: 1.80 <= 2",
                "PASS cost / $ total: ratio 2.22x >= 2x",
                "PASS cost / $ total: 1.90 <= 2",
                "FAIL cost / $ total: ratio 1.58x >= 2x");
    }

    @Test
    void shouldPassARatioWhenOursIsZeroAndLowerIsBetter() {
        Figure exact = Figure.counted("crediting", "count error", 0, 300, 0).atLeast(10);

        assertThat(exact.keepsRatio()).isTrue();
    }

    @Test
    void shouldRefuseARatioBoundWithoutABaseline() {
        assertThatThrownBy(() -> new Figure("x", "s", 1, java.util.Optional.empty(), false, java.util.Optional.empty(),
                Figure.Better.LOWER).atLeast(2))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldRefuseABoundOnATime() {
        assertThatThrownBy(() -> new Figure("x", "ms", 1, java.util.Optional.of(2.0), false, java.util.Optional.of(1.0)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
