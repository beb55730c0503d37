package io.s3bulkrestore.benchmarks.cost;

/**
 * Turns counted requests into billed usage per million restored objects. The counts come from the crediting
 * and monitor benchmarks; what they cannot count is an explicit assumption here, the same for ours and naive.
 *
 * @param jobHours                how long a job is monitored (Glacier Flexible Retrieval Bulk: 5-12 h)
 * @param tickMinutes             the monitor's schedule (template: rate 1 minute)
 * @param millisPerDynamoDbRequest Lambda duration per sequential DynamoDB request in AWS (same-region round trip)
 * @param functionGb              memory of the functions (template Globals: 1024 MB)
 * @param sqsRequestsPerEvent     one send by S3 / EventBridge, plus a tenth of a receive and of a delete batch
 * @param notificationsPerJob     ours: a Restoring notification per 10 % step plus the terminal one
 */
public record CostModel(double jobHours, double tickMinutes, double millisPerDynamoDbRequest, double functionGb,
                        double sqsRequestsPerEvent, double notificationsPerJob) {

    public static final CostModel DEFAULT = new CostModel(12, 1, 4, 1.0, 1.2, 11);
    static final double MILLION = 1_000_000;

    /**
     * What one crediting run counted.
     *
     * @param memberships       (object, job) pairs credited, what "restored objects" counts
     * @param events            restore events delivered, duplicates included
     * @param batchSize         events per Lambda invocation
     * @param dynamoDbRequests  registration and event-side DynamoDB requests
     */
    public record CreditingCounts(long memberships, long events, int batchSize, double writeUnits, double readUnits,
                                  long dynamoDbRequests) {
    }

    /**
     * What one monitor tick counted for a job of {@code objects} objects.
     *
     * @param growsWithJob true when the tick's work is proportional to the job (naive), false when it is flat (ours)
     */
    public record TickCounts(int objects, double writeUnits, double readUnits, long requests, boolean growsWithJob) {
    }

    /** Registering and crediting a million objects: DynamoDB, event delivery through SQS, the event function. */
    public Usage crediting(CreditingCounts counts) {
        double scale = MILLION / counts.memberships();
        double invocations = Math.ceil((double) counts.events() / counts.batchSize());
        double seconds = counts.dynamoDbRequests() * millisPerDynamoDbRequest / 1000;
        return new Usage(counts.writeUnits(), counts.readUnits(), counts.events() * sqsRequestsPerEvent,
                invocations, seconds * functionGb, 0).times(scale);
    }

    /** Monitoring one job of a million objects for {@link #jobHours} with a tick every {@link #tickMinutes}. */
    public Usage monitor(TickCounts tick) {
        double ticks = jobHours * 60 / tickMinutes;
        double perTickScale = tick.growsWithJob() ? MILLION / tick.objects() : 1;
        double requests = tick.requests() * perTickScale;
        Usage perTick = new Usage(tick.writeUnits() * perTickScale, tick.readUnits() * perTickScale, 0, 1,
                requests * millisPerDynamoDbRequest / 1000 * functionGb, 0);
        return perTick.times(ticks);
    }

    /** Notifications for a million objects: ours a few per job, the naive design one per object. */
    public Usage notifications(boolean perObject) {
        return new Usage(0, 0, 0, 0, 0, perObject ? MILLION : notificationsPerJob + 1);
    }
}
