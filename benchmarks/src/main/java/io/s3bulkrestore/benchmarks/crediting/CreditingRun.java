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
 * @param eventsPerSecond median of the event stream's segments' rates (ours: timed on a streamless twin of the
 *                     ObjectsTable, see {@link OurCrediting})
 * @param segments     how many segments the median is over
 * @param countError   sum over the jobs of |restored counter - objects of the job| after every event
 * @param streamInvocations invocations of a function reading the table's stream (ours: the tally; naive: none)
 * @param streamedEventsPerSecond ours: the median rate of the same events on the ObjectsTable itself, whose stream
 *                     slows DynamoDB Local's writes (not AWS's; see {@link OurCrediting}); NaN where the table that
 *                     {@code eventsPerSecond} was timed on is the design's own (naive)
 */
public record CreditingRun(CreditingWorkload workload, RequestMeter.Snapshot registration, RequestMeter.Snapshot events,
                           RequestMeter.Snapshot expiry, double eventsPerSecond, int segments, long countError,
                           long streamInvocations, double streamedEventsPerSecond) {

    /** A run timed on the design's own table, which has no stream. */
    public CreditingRun(CreditingWorkload workload, RequestMeter.Snapshot registration, RequestMeter.Snapshot events,
                        RequestMeter.Snapshot expiry, double eventsPerSecond, int segments, long countError,
                        long streamInvocations) {
        this(workload, registration, events, expiry, eventsPerSecond, segments, countError, streamInvocations, Double.NaN);
    }

    /** The same run with its events' rate timed apart (ours: on the streamless twin, see {@link OurCrediting}). */
    public CreditingRun withRate(double eventsPerSecond, int segments) {
        return new CreditingRun(workload, registration, events, expiry, eventsPerSecond, segments, countError,
                streamInvocations, streamedEventsPerSecond);
    }

    /** Events delivered, duplicates included. */
    public long eventCount() {
        return workload.events().size();
    }
}
