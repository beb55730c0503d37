package io.s3bulkrestore.benchmarks.crediting;

import io.s3bulkrestore.adapters.dynamodb.DynamoDbRestoreLedger;
import io.s3bulkrestore.adapters.dynamodb.DynamoDbTallyStore;
import io.s3bulkrestore.adapters.dynamodb.TableDesign;
import io.s3bulkrestore.adapters.dynamodb.TallyItem;
import io.s3bulkrestore.benchmarks.EmbeddedDynamoDb;
import io.s3bulkrestore.benchmarks.RequestMeter;
import io.s3bulkrestore.benchmarks.SegmentTimer;
import io.s3bulkrestore.benchmarks.Workers;
import io.s3bulkrestore.events.TallyHandler;
import io.s3bulkrestore.model.CreateJobRequest;
import io.s3bulkrestore.model.Job;
import io.s3bulkrestore.model.JobId;
import io.s3bulkrestore.model.ManifestFormat;
import io.s3bulkrestore.model.ManifestLocation;
import io.s3bulkrestore.model.RestoreTier;
import io.s3bulkrestore.model.StorageFamily;
import io.s3bulkrestore.sandbox.lambda.StreamEventSource;
import io.s3bulkrestore.tally.TallyChanges;
import io.s3bulkrestore.model.ObjectId;
import io.s3bulkrestore.tracking.ChunkSummary;
import io.s3bulkrestore.tracking.CurrentVersions;
import io.s3bulkrestore.tracking.RecordRestoreEvents;
import io.s3bulkrestore.tracking.RegisterManifestObjects;
import io.s3bulkrestore.tracking.RegisterManifestObjects.ChunkEntry;
import io.s3bulkrestore.tracking.RestoreEvent;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Our crediting through the real path: {@link RegisterManifestObjects} chunk by chunk, then
 * {@link RecordRestoreEvents} batch by batch (an SQS batch as the event source mapping delivers it), over
 * {@link DynamoDbRestoreLedger} on DynamoDB Local, a few chunks and batches at a time as concurrent ingest and
 * restore-event invocations would; after each phase the {@link TallyHandler} reads the ObjectsTable's stream as
 * Lambda's event source mapping would (batches of {@link #TALLY_BATCH}) and its counter writes are counted with the
 * phase. Nothing is written when the jobs end: every write sets its record's TTL.
 *
 * <p>Where the rate is timed: DynamoDB Local makes a write to a table with a stream do work that AWS does not. It
 * writes the stream record in the same request, and looks up the stream's first sequence number in the one SQLite
 * table that holds every stream's records ({@code us}, no index on the stream: {@code SELECT MIN(SequenceNumber)
 * FROM us WHERE StreamID = ?}), once for the record and once more when the request asks for its consumed capacity, as
 * every request here does. SQLite walks that table in sequence order until it meets a record of the stream: the
 * engine's first stream finds one at once, a later stream passes every record of the streams before it on every
 * write. Measured here: the events ran 15-40 % slower on the ObjectsTable than on a streamless copy of it, and a
 * second ObjectsTable in the same engine, behind the first one's 25,000 stream records, took 397 s to register 5,000
 * objects instead of 3.7 s. On AWS a stream costs a write nothing ("DynamoDB Streams operates asynchronously, so
 * there is no performance impact on a table if you enable a stream", DynamoDB Developer Guide, Change data capture
 * for DynamoDB Streams, Enabling a stream:
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Streams.html#Streams.Enabling), and the naive
 * design's table has none. So the restore events are applied twice through the same ledger code: on the ObjectsTable
 * itself, here, which gives every count (requests, capacity, the tally's counter writes, the final counts) and a rate
 * printed beside the compared one but not compared; and on a {@link StreamlessTwin} of the ObjectsTable (the design's
 * own table without its stream: same key schema, TTL, and the very items registration left, copied in untimed),
 * which {@link CreditingBenchmark} times against the naive design's. The tally runs beside the restore events on AWS,
 * not in their way, so neither rate includes it.
 */
final class OurCrediting {

    /** Manifest lines per registration call (a real chunk holds ~25,000; the ledger's requests per line are the same). */
    static final int CHUNK_LINES = 1_000;
    /** Stream records per tally invocation: the template's BatchSize. */
    static final int TALLY_BATCH = 1_000;

    /** The workload's bucket is unversioned: its events carry no version id, so nothing asks which one is current. */
    static final CurrentVersions UNVERSIONED = objects -> {
        throw new IllegalStateException("the workload's events carry no version id");
    };

    private OurCrediting() {
    }

    /**
     * What {@link #run} counted on the ObjectsTable (its rate on the twin not yet timed), and the twin to time it on.
     */
    record Counted(CreditingRun run, StreamlessTwin twin) {
    }

    /**
     * Registers the workload's objects and applies its events on the ObjectsTable, counting both phases with the
     * tally's writes, and leaves a streamless twin holding the items as registration left them.
     */
    static Counted run(EmbeddedDynamoDb local, RequestMeter meter, CreditingWorkload workload, int batchSize,
                       int workers, int segments) {
        DynamoDbClient dynamoDb = local.client();
        var tables = local.createTables();
        Clock clock = Clock.fixed(CreditingWorkload.COMPLETED_AT.plusSeconds(3600), ZoneOffset.UTC);
        DynamoDbRestoreLedger ledger = new DynamoDbRestoreLedger(dynamoDb, tables.objects(), tables.jobs());
        var tally = new TallyHandler(new TallyChanges(new DynamoDbTallyStore(dynamoDb, tables.jobs(), Clock.systemUTC(),
                Duration.ofDays(60))));
        String streamArn = dynamoDb.describeTable(b -> b.tableName(tables.objects())).table().latestStreamArn();
        try (var stream = StreamEventSource.create(local.streams(), streamArn, tally,
                StreamEventSource.Settings.defaults("tally").withBatchSize(TALLY_BATCH)
                        .withFilter(record -> !"REMOVE".equals(record.getEventName())),
                discarded -> {
                    throw new IllegalStateException("the tally discarded a batch: " + discarded);
                })) {
            long startedAt = System.nanoTime();
            meter.reset();
            List<Runnable> chunks = new ArrayList<>();
            for (var job : workload.members().entrySet()) {
                Job created = job(job.getKey());
                List<ObjectId> members = job.getValue();
                for (int from = 0, chunk = 0; from < members.size(); from += CHUNK_LINES, chunk++) {
                    List<ChunkEntry> entries = new ArrayList<>(CHUNK_LINES);
                    for (int i = from; i < Math.min(members.size(), from + CHUNK_LINES); i++) {
                        entries.add(new ChunkEntry(members.get(i), i * 64L));
                    }
                    int number = chunk;
                    chunks.add(() -> {
                        var registration = new RegisterManifestObjects(ledger, clock, Duration.ofDays(30));
                        long registered = registration.register(created, number, entries);
                        registration.summarize(created, new ChunkSummary(number, registered, entries.size(), 0));
                    });
                }
            }
            Workers.run(workers, chunks);
            stream.drain();
            RequestMeter.Snapshot registered = meter.snapshot();

            long registeredAt = System.nanoTime();

            // Where the rate compared with the naive design's is timed, by the caller (see the class comment).
            var twin = StreamlessTwin.copyOf(local, tables.objects(), tables.jobs(), workload, batchSize, workers);
            long copiedAt = System.nanoTime();

            // Every count, on the ObjectsTable with its stream and the tally reading it.
            meter.reset();
            var streamedRate = applyEvents(ledger, workload, batchSize, workers).medianRate(segments);
            stream.drain();
            RequestMeter.Snapshot applied = meter.snapshot();
            System.err.printf("  crediting ours, batches of %d: registration on the ObjectsTable %s, copy to its streamless"
                            + " twin %s, events on the ObjectsTable (tally drained) %s%n", batchSize,
                    seconds(registeredAt - startedAt), seconds(copiedAt - registeredAt),
                    seconds(System.nanoTime() - copiedAt));

            long error = 0;
            for (JobId job : workload.members().keySet()) {
                error += Math.abs(restored(dynamoDb, tables.jobs(), job) - workload.expectedRestored(job));
            }
            // Nothing at the jobs' end: registration and restores set each record's TTL as they write it.
            return new Counted(new CreditingRun(workload, registered, applied, RequestMeter.Snapshot.none(), Double.NaN,
                    0, error, stream.invocations(), streamedRate.perSecond()), twin);
        }
    }

    /**
     * The workload's restore events in batches of {@code batchSize}, {@code workers} batches at a time, timed with
     * each batch's events spread over its own time.
     */
    private static SegmentTimer applyEvents(DynamoDbRestoreLedger ledger, CreditingWorkload workload, int batchSize,
                                            int workers) {
        List<RestoreEvent> events = workload.events();
        List<Runnable> batches = new ArrayList<>();
        var timer = new SegmentTimer();
        for (int from = 0; from < events.size(); from += batchSize) {
            List<RestoreEvent> batch = events.subList(from, Math.min(events.size(), from + batchSize));
            batches.add(() -> {
                long started = System.nanoTime();
                new RecordRestoreEvents(ledger, UNVERSIONED).apply(batch);
                // spread over the batch's time: batches on several workers end in clusters (see SegmentTimer)
                timer.completedSince(batch.size(), started);
            });
        }
        Workers.run(workers, batches);
        return timer;
    }

    private static String seconds(long nanos) {
        return String.format("%.1f s", nanos / 1e9);
    }

    /** A job created an hour before the workload's restores completed, so that every one of them counts for it. */
    private static Job job(JobId id) {
        Instant created = CreditingWorkload.COMPLETED_AT.minusSeconds(3600);
        var request = new CreateJobRequest("bench-manifests", id.value() + ".csv", RestoreTier.BULK, 7,
                StorageFamily.GLACIER, ManifestFormat.CSV, null);
        return Job.submitting(id, request, new ManifestLocation("bench-manifests", id.value() + ".csv", "etag", 1),
                created, created.plus(Duration.ofHours(48)), null).submitted("batch-" + id.value(), 1);
    }

    /** The job's progress as the job store reads it: the sum of its counters over the stream's shards. */
    private static long restored(DynamoDbClient dynamoDb, String jobsTable, JobId job) {
        return dynamoDb.queryPaginator(b -> b.tableName(jobsTable).consistentRead(true)
                        .keyConditionExpression("#pk = :pk AND begins_with(#sk, :tally)")
                        .expressionAttributeNames(Map.of("#pk", TableDesign.PK, "#sk", TableDesign.SK))
                        .expressionAttributeValues(Map.of(
                                ":pk", AttributeValue.fromS(TableDesign.JOB_PREFIX + job.value()),
                                ":tally", AttributeValue.fromS(TableDesign.TALLY_PREFIX))))
                .items().stream()
                .mapToLong(item -> item.containsKey(TallyItem.RESTORED) ? Long.parseLong(item.get(TallyItem.RESTORED).n()) : 0)
                .sum();
    }
}
