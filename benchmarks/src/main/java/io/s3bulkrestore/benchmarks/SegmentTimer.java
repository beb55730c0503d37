package io.s3bulkrestore.benchmarks;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Times a long stream of work done in steps (batches, events), possibly by several workers at once, and
 * reports the median rate over a few contiguous segments of it: one long run gives n timed samples, so a
 * pause of a neighbour on this shared machine spoils one segment, not the figure.
 */
public final class SegmentTimer {

    private final long startedAt;
    private final List<long[]> completions = new ArrayList<>();

    /** Starts the clock now. */
    public SegmentTimer() {
        this(System.nanoTime());
    }

    SegmentTimer(long startedAtNanos) {
        this.startedAt = startedAtNanos;
    }

    /** Records that a step finished now, having done {@code units} of work. Safe to call from any thread. */
    public void completed(long units) {
        completed(units, System.nanoTime());
    }

    synchronized void completed(long units, long atNanos) {
        completions.add(new long[] {units, atNanos});
    }

    /**
     * The median units per second over at most {@code segments} contiguous segments of about equal work, each
     * timed from the previous segment's last completion (or the start) to its own last one.
     */
    public synchronized Result medianRate(int segments) {
        if (completions.isEmpty()) {
            throw new IllegalStateException("nothing was timed");
        }
        List<long[]> ordered = new ArrayList<>(completions);
        ordered.sort(Comparator.comparingLong(step -> step[1]));
        long total = ordered.stream().mapToLong(step -> step[0]).sum();
        int count = Math.max(1, Math.min(segments, ordered.size()));
        double target = (double) total / count;
        List<Double> rates = new ArrayList<>();
        long units = 0;
        long from = startedAt;
        for (long[] step : ordered) {
            units += step[0];
            if (units >= target) {
                rates.add(rate(units, step[1] - from));
                units = 0;
                from = step[1];
            }
        }
        if (units > 0) {
            rates.add(rate(units, ordered.getLast()[1] - from));
        }
        return new Result(Stats.median(rates), rates.size());
    }

    private static double rate(long units, long nanos) {
        return units / (Math.max(1, nanos) / 1e9);
    }

    /** A median rate and the number of segments it is the median of. */
    public record Result(double perSecond, int segments) {
    }
}
