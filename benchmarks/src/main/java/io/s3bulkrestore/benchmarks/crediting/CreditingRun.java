package io.s3bulkrestore.benchmarks.crediting;

import io.s3bulkrestore.benchmarks.RequestMeter;

/**
 * What one design did with a {@link CreditingWorkload}.
 *
 * @param workload     what was registered and delivered
 * @param registration requests and capacity of registering the jobs' objects (ours: the tally's counter writes
 *                     for the registrations included)
 * @param events       requests and capacity of applying the event stream (ours: the tally's counter writes included)
 * @param expiry       requests and capacity of making the jobs' records expire once the jobs end: the naive design
 *                     sets a TTL on each of a job's object items then; ours sets it when it writes, so has none
 * @param eventsPerSecond median of the event stream's segments' rates
 * @param segments     how many segments the median is over
 * @param countError   sum over the jobs of |restored counter - objects of the job| after every event
 * @param streamInvocations invocations of a function reading the table's stream (ours: the tally; naive: none)
 */
public record CreditingRun(CreditingWorkload workload, RequestMeter.Snapshot registration, RequestMeter.Snapshot events,
                           RequestMeter.Snapshot expiry, double eventsPerSecond, int segments, long countError,
                           long streamInvocations) {

    /** Events delivered, duplicates included. */
    public long eventCount() {
        return workload.events().size();
    }
}
