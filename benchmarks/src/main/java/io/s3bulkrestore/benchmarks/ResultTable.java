package io.s3bulkrestore.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The one table the harness prints: benchmark, figure, ours, baseline, which way is better, and the ratio
 * oriented so that above 1 means ours is better (baseline/ours where lower is better, ours/baseline where
 * higher is better).
 */
public final class ResultTable {

    private static final String[] HEADER = {"benchmark", "figure", "ours", "baseline", "better", "ratio (>1: ours better)"};

    private ResultTable() {
    }

    /** The table as Markdown-compatible text (pipes), columns padded to line up in a terminal too. */
    public static String render(List<Figure> figures) {
        List<String[]> rows = new ArrayList<>();
        rows.add(HEADER);
        for (Figure figure : figures) {
            rows.add(new String[] {
                    figure.benchmark(),
                    figure.figure(),
                    number(figure.ours()),
                    figure.baseline().map(ResultTable::number).orElse("-"),
                    figure.better() == Figure.Better.LOWER ? "lower" : "higher",
                    ratio(figure)});
        }
        int[] widths = new int[HEADER.length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (int r = 0; r < rows.size(); r++) {
            out.append(line(rows.get(r), widths));
            if (r == 0) {
                String[] rule = new String[HEADER.length];
                for (int i = 0; i < rule.length; i++) {
                    rule[i] = "-".repeat(widths[i]);
                }
                out.append(line(rule, widths));
            }
        }
        return out.toString();
    }

    private static String line(String[] cells, int[] widths) {
        StringBuilder out = new StringBuilder("|");
        for (int i = 0; i < cells.length; i++) {
            boolean numeric = i >= 2 && i != 4;
            String cell = numeric ? pad(cells[i], widths[i], true) : pad(cells[i], widths[i], false);
            out.append(' ').append(cell).append(" |");
        }
        return out.append('\n').toString();
    }

    private static String pad(String text, int width, boolean right) {
        String spaces = " ".repeat(width - text.length());
        return right ? spaces + text : text + spaces;
    }

    /** The ratio column: "99.0x", "inf" when ours is zero and the baseline is not (e.g. exact vs over-counted). */
    static String ratio(Figure figure) {
        if (figure.baseline().isEmpty()) {
            return "-";
        }
        return figure.advantage()
                .map(value -> number(value) + "x")
                .orElseGet(() -> figure.baseline().get() == 0 && figure.ours() == 0 ? "equal" : "inf");
    }

    /**
     * Numbers in a width that suits their size: grouped integers from 1,000, two decimals from 1, three
     * significant digits below 1.
     */
    public static String number(double value) {
        if (Double.isNaN(value)) {
            return "n/a";
        }
        if (Double.isInfinite(value)) {
            return "inf";
        }
        double magnitude = Math.abs(value);
        if (magnitude >= 1_000) {
            return String.format(Locale.ROOT, "%,.0f", value);
        }
        if (magnitude >= 1 || magnitude == 0) {
            return value == Math.rint(value) ? String.format(Locale.ROOT, "%.0f", value)
                    : String.format(Locale.ROOT, "%.2f", value);
        }
        return new java.math.BigDecimal(value).round(new java.math.MathContext(3)).stripTrailingZeros().toPlainString();
    }
}
