package io.s3bulkrestore.benchmarks;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class ResultTableTest {

    @Test
    void shouldPrintOneRowPerFigureWithTheRatioOrientedSoThatAboveOneMeansOursIsBetter() {
        // Given a lower-is-better and a higher-is-better figure
        List<Figure> figures = List.of(
                Figure.counted("crediting", "counter-item writes per event", 0.015, 1.5, 0.02),
                Figure.timed("manifest", "lines/s", 2_000_000, 1_000_000, Figure.Better.HIGHER));

        // When
        String table = ResultTable.render(figures);

        // Then
        List<String> lines = table.lines().toList();
        assertThat(lines).hasSize(4);
        assertThat(lines.get(0)).contains("benchmark", "figure", "ours", "baseline", "better", "ratio");
        assertThat(lines.get(2)).contains("crediting", "0.015", "1.50", "lower", "100x");
        assertThat(lines.get(3)).contains("manifest", "2,000,000", "1,000,000", "higher", "2x");
        assertThat(lines).allSatisfy(line -> assertThat(line).hasSize(lines.get(0).length()));
    }

    @Test
    void shouldShowInfinityWhenOursIsZeroAndTheBaselineIsNot() {
        // Given an exact count against an over-count
        Figure exact = Figure.counted("crediting", "count error", 0, 304, 0);

        // When / Then
        assertThat(ResultTable.ratio(exact)).isEqualTo("inf");
        assertThat(ResultTable.ratio(Figure.counted("x", "y", 0, 0, 0))).isEqualTo("equal");
        assertThat(ResultTable.ratio(new Figure("x", "no baseline", 3, Optional.empty(), false, Optional.empty())))
                .isEqualTo("-");
    }

    @Test
    void shouldFormatNumbersByTheirSize() {
        assertThat(ResultTable.number(1_234_567.8)).isEqualTo("1,234,568");
        assertThat(ResultTable.number(12.345)).isEqualTo("12.35");
        assertThat(ResultTable.number(4)).isEqualTo("4");
        assertThat(ResultTable.number(0.0101234)).isEqualTo("0.0101");
        assertThat(ResultTable.number(0)).isEqualTo("0");
        assertThat(ResultTable.number(Double.NaN)).isEqualTo("n/a");
    }
}
