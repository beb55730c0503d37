package io.s3bulkrestore.benchmarks;

import java.util.ArrayList;
import java.util.List;

/** What {@code --quick} checks: every counted figure that has a bound must stay within it. */
public final class BoundCheck {

    /** The verdict on one bounded figure. */
    public record Verdict(Figure figure, boolean passed) {

        public String line() {
            return String.format("%s %s / %s: %s <= %s", passed ? "PASS" : "FAIL", figure.benchmark(), figure.figure(),
                    ResultTable.number(figure.ours()), ResultTable.number(figure.bound().orElseThrow()));
        }
    }

    private BoundCheck() {
    }

    /** One verdict per counted figure with a bound, in the figures' order; times are never checked. */
    public static List<Verdict> check(List<Figure> figures) {
        List<Verdict> verdicts = new ArrayList<>();
        for (Figure figure : figures) {
            if (figure.counted() && figure.bound().isPresent()) {
                verdicts.add(new Verdict(figure, figure.withinBound()));
            }
        }
        return verdicts;
    }

    public static boolean allPassed(List<Verdict> verdicts) {
        return verdicts.stream().allMatch(Verdict::passed);
    }
}
