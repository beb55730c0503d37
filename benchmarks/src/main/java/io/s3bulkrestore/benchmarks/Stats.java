package io.s3bulkrestore.benchmarks;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Medians of repeated timed runs: these 2-core machines are noisy, so single timings say little. */
public final class Stats {

    private Stats() {
    }

    public static double median(List<Double> samples) {
        if (samples.isEmpty()) {
            throw new IllegalArgumentException("no samples");
        }
        List<Double> sorted = new ArrayList<>(samples);
        Collections.sort(sorted);
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }
}
