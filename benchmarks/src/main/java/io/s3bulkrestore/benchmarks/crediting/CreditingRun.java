package io.s3bulkrestore.benchmarks.crediting;

import io.s3bulkrestore.benchmarks.RequestMeter;

/**
 * What one design did with a {@link CreditingWorkload}.
 *
 * @param workload     what was registered and delivered
 * @param registration requests and capacity of registering the jobs' objects
 * @param events       requests and capacity of applying the event stream
 * @param eventsPerSecond median of the event stream's segments' rates
 * @param segments     how many segments the median is over
 * @param countError   sum over the jobs of |restored counter - objects of the job| after every event
 */
public record CreditingRun(CreditingWorkload workload, RequestMeter.Snapshot registration, RequestMeter.Snapshot events, double eventsPerSecond,
                           int segments, long countError) {

    /** Events delivered, duplicates included. */
    public long eventCount() {
        return workload.events().size();
    }
}
