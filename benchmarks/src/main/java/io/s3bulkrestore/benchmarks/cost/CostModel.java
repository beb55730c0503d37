package io.s3bulkrestore.benchmarks.cost;

/**
 * Turns counted requests into billed usage per million restored objects (an object counted once per job that lists
 * it: a membership). The counts come from the crediting and monitor benchmarks; what they cannot count is an
 * explicit assumption here, the same for ours and naive.
 *
 * <p><b>Routed event mix.</b> Each restored object makes S3 publish three restore events: Initiated, Completed and
 * Expired ({@code s3:ObjectRestore:Post}, {@code :Completed} and {@code :Delete}; EventBridge detail types "Object
 * Restore Initiated / Completed / Expired"; Amazon S3 User Guide, "Event notification types and destinations" and
 * "Using EventBridge"). Ours routes only Completed ({@link #OURS_ROUTED_EVENT_TYPES}: the template's rule, or the
 * {@code s3:ObjectRestore:Completed} configuration in SQS mode); the naive design subscribes to
 * {@code s3:ObjectRestore:*}, the obvious configuration, and applies only Completed
 * ({@link #NAIVE_ROUTED_EVENT_TYPES}). The crediting workload delivers Completed events, duplicates included; each
 * other routed type is taken to arrive as often (S3 delivers each at least once). Every routed event costs
 * {@link #sqsRequestsPerEvent} SQS requests and its share of the event function's invocations ({@code batchSize}
 * events each); an event the function ignores makes no DynamoDB request, so it adds no duration in this model.
 * Delivery from S3 costs nothing more: S3 charges nothing for event notifications, and events AWS services
 * publish to EventBridge's default bus are free (aws.amazon.com/eventbridge/pricing/, checked 2026-11: "All state
 * change events published by AWS services are free" in its long-standing wording, "AWS management events are
 * ingested by the event bus for free" in the current one); rules add no charge. Caveat: that page now names S3's
 * data-plane events "AWS opt-in data events", a class apart from the free "AWS management events"; if they are
 * billed, EventBridge bills every event S3 sends the bus, whatever the rules keep. With {@code ROUTING_MODE=SQS}
 * (S3 to SQS directly) no EventBridge is involved and these figures hold as they are.
 *
 * <p><b>The tally function</b> (ours) reads the ObjectsTable's stream: one invocation per batch of at most 1,000
 * stream records, as counted by the benchmark's event source; the stream reads are free ("GetRecords API calls
 * invoked by AWS Lambda as part of DynamoDB triggers" are not charged: aws.amazon.com/dynamodb/pricing/, DynamoDB
 * Streams, and the Developer Guide's "Evaluate your DynamoDB streams usage"). Its counter writes are in the measured
 * write units and DynamoDB requests (the benchmark drains the stream inside each metered phase), so its duration is
 * priced like any function's. Left out: the tumbling window's final invocation (no records), at most one per shard a
 * minute, 720 per shard in a 12-hour job: $0.000144 per shard.
 *
 * <p><b>TTL.</b> Ours sets each record's TTL in the write that registers it or records its restore, so expiring
 * costs no write of its own. The naive design learns a job's end only when it comes, so it then sets a TTL on each
 * of the job's object items: one UpdateItem per membership, measured by the crediting benchmark as its expiry and
 * priced by {@link #expiry}. TTL's own deletions are free (Developer Guide, "Using time to live (TTL) in DynamoDB").
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
    /** Ours routes Object Restore Completed only. */
    public static final int OURS_ROUTED_EVENT_TYPES = 1;
    /** The naive design routes {@code s3:ObjectRestore:*}: Initiated, Completed and Expired. */
    public static final int NAIVE_ROUTED_EVENT_TYPES = 3;
    static final double MILLION = 1_000_000;

    /**
     * What one crediting run counted.
     *
     * @param memberships       (object, job) pairs credited, what "restored objects" counts
     * @param events            Completed events delivered, duplicates included
     * @param batchSize         events per invocation of the event function
     * @param dynamoDbRequests  registration and event-side DynamoDB requests (ours: the tally's included)
     * @param routedEventTypes  restore event types the design routes to its queue, each delivered as often as
     *                          Completed ({@link #OURS_ROUTED_EVENT_TYPES}, {@link #NAIVE_ROUTED_EVENT_TYPES})
     * @param streamInvocations invocations of a function reading the table's stream (ours: the tally)
     */
    public record CreditingCounts(long memberships, long events, int batchSize, double writeUnits, double readUnits,
                                  long dynamoDbRequests, int routedEventTypes, long streamInvocations) {
    }

    /**
     * What one monitor tick counted for a job of {@code objects} objects.
     *
     * @param growsWithJob true when the tick's work is proportional to the job (naive), false when it is flat (ours)
     */
    public record TickCounts(int objects, double writeUnits, double readUnits, long requests, boolean growsWithJob) {
    }

    /**
     * Registering and crediting a million objects: DynamoDB, delivery of every routed event through SQS, the event
     * function's invocations and the stream function's.
     */
    public Usage crediting(CreditingCounts counts) {
        double scale = MILLION / counts.memberships();
        double routed = (double) counts.events() * counts.routedEventTypes();
        double invocations = Math.ceil(routed / counts.batchSize()) + counts.streamInvocations();
        double seconds = counts.dynamoDbRequests() * millisPerDynamoDbRequest / 1000;
        return new Usage(counts.writeUnits(), counts.readUnits(), routed * sqsRequestsPerEvent,
                invocations, seconds * functionGb, 0).times(scale);
    }

    /**
     * Making a million objects' records expire once their jobs end, from what a run wrote then for
     * {@code memberships}: the writes and the Lambda time of their requests (in the job's last monitor invocation).
     */
    public Usage expiry(long memberships, double writeUnits, long dynamoDbRequests) {
        double seconds = dynamoDbRequests * millisPerDynamoDbRequest / 1000;
        return new Usage(writeUnits, 0, 0, 0, seconds * functionGb, 0).times(MILLION / memberships);
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
