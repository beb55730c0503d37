package io.s3bulkrestore.benchmarks.coldstart;

import java.util.List;
import java.util.function.ToDoubleFunction;

/** The median of repeated timings: on a shared machine it ignores the odd slow run that a mean would not. */
final class Median {

    private Median() {
    }

    static <T> double of(List<T> items, ToDoubleFunction<T> value) {
        return of(items.stream().map(value::applyAsDouble).toList());
    }

    static double of(List<Double> values) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("no values");
        }
        List<Double> sorted = values.stream().sorted().toList();
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }
}
