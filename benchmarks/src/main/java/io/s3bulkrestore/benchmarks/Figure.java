package io.s3bulkrestore.benchmarks;

import java.util.Objects;
import java.util.Optional;

/**
 * One row of the benchmark table: a figure measured for our design and for its naive baseline in the same run.
 *
 * @param benchmark which benchmark measured it, e.g. "crediting"
 * @param figure    what is measured, with its unit, e.g. "DynamoDB requests per event"
 * @param ours      our design's value
 * @param baseline  the naive baseline's value, empty where there is none (e.g. "counts exact")
 * @param counted   true for counted work (requests, bytes, capacity), which {@code --quick} checks against
 *                  {@code bound}; false for times, which are printed but never checked
 * @param bound     for counted figures, the most our value may be before {@code --quick} fails
 * @param better    which way is better for this figure (times, requests, dollars: lower; rates: higher)
 * @param leastRatio the least {@link #advantage()} ours must keep over the baseline measured in the same run
 *                   (e.g. 1.5 for "at least 1.5 times the naive rate"); counted figures are checked by
 *                   {@code --quick} and by a full run, times only by a full run (quick sizes are too small to time)
 */
public record Figure(String benchmark, String figure, double ours, Optional<Double> baseline, boolean counted,
                     Optional<Double> bound, Better better, Optional<Double> leastRatio) {

    /** Which way a figure is better. */
    public enum Better { LOWER, HIGHER }

    public Figure {
        Objects.requireNonNull(benchmark, "benchmark");
        Objects.requireNonNull(figure, "figure");
        Objects.requireNonNull(baseline, "baseline");
        Objects.requireNonNull(bound, "bound");
        Objects.requireNonNull(better, "better");
        Objects.requireNonNull(leastRatio, "leastRatio");
        if (bound.isPresent() && !counted) {
            throw new IllegalArgumentException("only counted figures have a bound: " + figure);
        }
        if (leastRatio.isPresent() && baseline.isEmpty()) {
            throw new IllegalArgumentException("a ratio bound needs a baseline: " + figure);
        }
    }

    /** A figure with no ratio bound. */
    public Figure(String benchmark, String figure, double ours, Optional<Double> baseline, boolean counted,
                  Optional<Double> bound, Better better) {
        this(benchmark, figure, ours, baseline, counted, bound, better, Optional.empty());
    }

    /** A figure where lower is better (times, requests, bytes, dollars). */
    public Figure(String benchmark, String figure, double ours, Optional<Double> baseline, boolean counted,
                  Optional<Double> bound) {
        this(benchmark, figure, ours, baseline, counted, bound, Better.LOWER);
    }

    /** Counted work, lower is better, checked by {@code --quick} against {@code bound}. */
    public static Figure counted(String benchmark, String figure, double ours, double baseline, double bound) {
        return new Figure(benchmark, figure, ours, Optional.of(baseline), true, Optional.of(bound), Better.LOWER);
    }

    /** Counted work, lower is better, printed but not checked. */
    public static Figure countedUnchecked(String benchmark, String figure, double ours, double baseline) {
        return new Figure(benchmark, figure, ours, Optional.of(baseline), true, Optional.empty(), Better.LOWER);
    }

    /** A measured time or rate: printed, never checked. */
    public static Figure timed(String benchmark, String figure, double ours, double baseline, Better better) {
        return new Figure(benchmark, figure, ours, Optional.of(baseline), false, Optional.empty(), better);
    }

    /**
     * How many times better ours is than the baseline: baseline / ours where lower is better, ours / baseline
     * where higher is better. Above 1 means ours is better. Empty without a baseline or when ours (or, for
     * higher-is-better figures, the baseline) is zero.
     */
    public Optional<Double> advantage() {
        if (baseline.isEmpty()) {
            return Optional.empty();
        }
        double base = baseline.get();
        double numerator = better == Better.LOWER ? base : ours;
        double denominator = better == Better.LOWER ? ours : base;
        if (denominator == 0) {
            return Optional.empty();
        }
        return Optional.of(numerator / denominator);
    }

    /** The same figure, which must also be at least {@code ratio} times better than its baseline. */
    public Figure atLeast(double ratio) {
        return new Figure(benchmark, figure, ours, baseline, counted, bound, better, Optional.of(ratio));
    }

    /** Whether ours is within its bound; figures without a bound always are. */
    public boolean withinBound() {
        return bound.map(limit -> ours <= limit).orElse(true);
    }

    /**
     * Whether ours keeps its least ratio over the baseline; figures without one always do. Compared without
     * dividing, so that ours at zero (lower is better) passes and a zero baseline (higher is better) passes too.
     */
    public boolean keepsRatio() {
        if (leastRatio.isEmpty()) {
            return true;
        }
        double base = baseline.orElseThrow();
        return better == Better.LOWER ? base >= leastRatio.get() * ours : ours >= leastRatio.get() * base;
    }
}
