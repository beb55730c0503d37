package io.s3bulkrestore.metrics;

/** Where a function adds up its {@link Metric}s during an invocation; the function writes them out at its end. */
public interface Metrics {

    /** Adds {@code value} to the metric's sum for this invocation ({@link Metric.Unit#SECONDS}: keeps the largest). */
    void add(Metric metric, double value);

    /** Nothing is kept (tools, tests that do not look). */
    static Metrics none() {
        return (metric, value) -> {
        };
    }
}
