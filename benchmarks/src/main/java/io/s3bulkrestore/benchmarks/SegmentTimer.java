package io.s3bulkrestore.benchmarks;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Times a long stream of work done in steps (batches, events), possibly by several workers at once, and
 * reports the median rate over a few contiguous segments of it: one long run gives n timed samples, so a
 * pause of a neighbour on this shared machine spoils one segment, not the figure.
 *
 * <p>A step recorded with its start ({@link #completedSince}) is taken to progress evenly from its start to
 * its end, and the segments are cut where the work so spread reaches each equal share. This matters for long steps
 * run side by side, such as batches of 1,000 events on four workers: they end in clusters, and a segment cut at a
 * step's end would often span only the instant between two ends of one cluster yet hold a whole step's units, a
 * rate far above the real one. Steps recorded by their end alone ({@link #completed(long)}) count at that instant,
 * which suits short steps (one event); when every step is such, the segments are cut at step ends as before.
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

    /**
     * Records that a step that started at {@code startedAtNanos} ({@link System#nanoTime()}) finished now, having done
     * {@code units} of work evenly over that time. Safe to call from any thread.
     */
    public void completedSince(long units, long startedAtNanos) {
        completed(units, startedAtNanos, System.nanoTime());
    }

    synchronized void completed(long units, long atNanos) {
        completions.add(new long[] {units, atNanos, atNanos});
    }

    synchronized void completed(long units, long startedAtNanos, long atNanos) {
        if (startedAtNanos > atNanos) {
            throw new IllegalArgumentException("a step cannot end before it starts");
        }
        completions.add(new long[] {units, atNanos, startedAtNanos});
    }

    /**
     * The median units per second over at most {@code segments} contiguous segments of about equal work, each
     * timed from the previous segment's last completion (or the start) to its own last one.
     */
    public synchronized Result medianRate(int segments) {
        if (completions.isEmpty()) {
            throw new IllegalStateException("nothing was timed");
        }
        if (completions.stream().anyMatch(step -> step[2] < step[1])) {
            return spreadMedianRate(segments);
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

    /**
     * The median rate over {@code segments} segments of equal work, the work of each step spread evenly over its own
     * time: the cumulative work is piecewise linear in time, and segment k ends where it reaches k/segments of the
     * total.
     */
    private Result spreadMedianRate(int segments) {
        // Sweep over the instants where the cumulative work changes slope (a step starts or ends) or jumps (an
        // instantaneous step): {time, slope change in units per nanosecond, jump in units}.
        List<double[]> changes = new ArrayList<>();
        double total = 0;
        for (long[] step : completions) {
            total += step[0];
            // nanoseconds since the start, so that the doubles stay small
            double start = step[2] - startedAt;
            double end = step[1] - startedAt;
            if (end == start) {
                changes.add(new double[] {end, 0, step[0]});
            } else {
                changes.add(new double[] {start, step[0] / (end - start), 0});
                changes.add(new double[] {end, -step[0] / (end - start), 0});
            }
        }
        changes.sort(Comparator.comparingDouble(change -> change[0]));
        int count = Math.max(1, segments);
        double share = total / count;
        List<Double> rates = new ArrayList<>();
        double done = 0;
        double slope = 0;
        double at = 0;
        double from = 0;
        int next = 1;
        for (double[] change : changes) {
            double reached = done + slope * (change[0] - at);
            // segment ends on the linear stretch before this change
            while (next < count && reached >= next * share && slope > 0) {
                double end = change[0] - (reached - next * share) / slope;
                rates.add(share / (Math.max(1, end - from) / 1e9));
                from = end;
                next++;
            }
            done = reached + change[2];
            at = change[0];
            slope += change[1];
            // segment ends at an instantaneous step
            while (next < count && done >= next * share) {
                rates.add(share / (Math.max(1, at - from) / 1e9));
                from = at;
                next++;
            }
        }
        rates.add((total - (next - 1) * share) / (Math.max(1, at - from) / 1e9));
        return new Result(Stats.median(rates), rates.size());
    }

    private static double rate(long units, long nanos) {
        return units / (Math.max(1, nanos) / 1e9);
    }

    /** A median rate and the number of segments it is the median of. */
    public record Result(double perSecond, int segments) {
    }
}
