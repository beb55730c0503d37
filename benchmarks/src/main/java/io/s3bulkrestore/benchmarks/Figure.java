package io.s3bulkrestore.benchmarks;

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
 */
public record Figure(String benchmark, String figure, double ours, Optional<Double> baseline, boolean counted,
                     Optional<Double> bound) {
}
