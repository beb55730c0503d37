package io.s3bulkrestore.benchmarks;

import java.util.ArrayList;
import java.util.List;

/**
 * What a run checks: every figure's bound (the most ours may be) and least ratio over its baseline. {@code --quick}
 * checks counted figures only; a full run checks times' ratios too, since only its sizes are worth timing.
 */
public final class BoundCheck {

    /**
     * The verdict on one bound of a figure.
     *
     * @param condition what was checked, e.g. {@code "1.20 <= 1"} or {@code "ratio 2.10x >= 1.50x"}
     */
    public record Verdict(Figure figure, String condition, boolean passed) {

        public String line() {
            return String.format("%s %s / %s: %s", passed ? "PASS" : "FAIL", figure.benchmark(), figure.figure(), condition);
        }
    }

    private BoundCheck() {
    }

    /** What {@code --quick} checks: one verdict per bound of a counted figure, in the figures' order. */
    public static List<Verdict> check(List<Figure> figures) {
        return check(figures, false);
    }

    /**
     * One verdict per bound, in the figures' order: a figure's bound first, then its least ratio.
     *
     * @param timesToo whether the ratio bounds of times and rates are checked too (a full run), or only counted
     *                 figures' bounds ({@code --quick})
     */
    public static List<Verdict> check(List<Figure> figures, boolean timesToo) {
        List<Verdict> verdicts = new ArrayList<>();
        for (Figure figure : figures) {
            if (!figure.counted() && !timesToo) {
                continue;
            }
            figure.bound().ifPresent(limit -> verdicts.add(new Verdict(figure,
                    ResultTable.number(figure.ours()) + " <= " + ResultTable.number(limit), figure.withinBound())));
            figure.leastRatio().ifPresent(least -> verdicts.add(new Verdict(figure,
                    "ratio " + ResultTable.ratio(figure) + " >= " + ResultTable.number(least) + "x", figure.keepsRatio())));
        }
        return verdicts;
    }

    public static boolean allPassed(List<Verdict> verdicts) {
        return verdicts.stream().allMatch(Verdict::passed);
    }
}
