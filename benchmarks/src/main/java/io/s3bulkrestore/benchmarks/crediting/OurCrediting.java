package io.s3bulkrestore.benchmarks.crediting;

import io.s3bulkrestore.adapters.dynamodb.DynamoDbRestoreLedger;
import io.s3bulkrestore.adapters.dynamodb.TableDesign;
import io.s3bulkrestore.benchmarks.EmbeddedDynamoDb;
import io.s3bulkrestore.benchmarks.RequestMeter;
import io.s3bulkrestore.benchmarks.SegmentTimer;
import io.s3bulkrestore.benchmarks.Workers;
import io.s3bulkrestore.model.JobId;
import io.s3bulkrestore.model.ObjectId;
import io.s3bulkrestore.tracking.ChunkSummary;
import io.s3bulkrestore.tracking.RecordRestoreEvents;
import io.s3bulkrestore.tracking.RegisterManifestObjects;
import io.s3bulkrestore.tracking.RegisterManifestObjects.ChunkEntry;
import io.s3bulkrestore.tracking.RestoreEvent;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Our crediting through the real path: {@link RegisterManifestObjects} chunk by chunk, then
 * {@link RecordRestoreEvents} batch by batch (an SQS batch as the event source mapping delivers it), over
 * {@link DynamoDbRestoreLedger} on DynamoDB Local, a few chunks and batches at a time as concurrent ingest and
 * restore-event invocations would.
 */
final class OurCrediting {

    /** Manifest lines per registration call (a real chunk holds ~25,000; the ledger's requests per line are the same). */
    static final int CHUNK_LINES = 1_000;
    private static final int COUNTER_SHARDS = 8;

    private OurCrediting() {
    }

    static CreditingRun run(EmbeddedDynamoDb local, RequestMeter meter, CreditingWorkload workload, int batchSize,
                            int workers, int segments) {
        DynamoDbClient dynamoDb = local.client();
        var tables = local.createTables();
        Clock clock = Clock.fixed(CreditingWorkload.COMPLETED_AT.plusSeconds(3600), ZoneOffset.UTC);
        // One ledger per task: its random source (counter shard, backoff jitter) is not shared between threads.
        AtomicLong seeds = new AtomicLong(7);
        Supplier<DynamoDbRestoreLedger> ledgers = () -> new DynamoDbRestoreLedger(dynamoDb, tables.objects(),
                tables.jobs(), COUNTER_SHARDS, new SplittableRandom(seeds.incrementAndGet()));

        meter.reset();
        List<Runnable> chunks = new ArrayList<>();
        for (var job : workload.members().entrySet()) {
            List<ObjectId> members = job.getValue();
            for (int from = 0, chunk = 0; from < members.size(); from += CHUNK_LINES, chunk++) {
                List<ChunkEntry> entries = new ArrayList<>(CHUNK_LINES);
                for (int i = from; i < Math.min(members.size(), from + CHUNK_LINES); i++) {
                    entries.add(new ChunkEntry(members.get(i), i * 64L));
                }
                int number = chunk;
                chunks.add(() -> {
                    var registration = new RegisterManifestObjects(ledgers.get(), clock);
                    var registered = registration.register(job.getKey(), number, entries);
                    registration.summarize(job.getKey(), new ChunkSummary(number, registered.newObjects(), entries.size(), 0));
                });
            }
        }
        Workers.run(workers, chunks);
        RequestMeter.Snapshot registered = meter.snapshot();

        meter.reset();
        List<RestoreEvent> events = workload.events();
        List<Runnable> batches = new ArrayList<>();
        var timer = new SegmentTimer();
        for (int from = 0; from < events.size(); from += batchSize) {
            List<RestoreEvent> batch = events.subList(from, Math.min(events.size(), from + batchSize));
            batches.add(() -> {
                new RecordRestoreEvents(ledgers.get(), clock).apply(batch);
                timer.completed(batch.size());
            });
        }
        Workers.run(workers, batches);
        RequestMeter.Snapshot applied = meter.snapshot();
        var rate = timer.medianRate(segments);

        long error = 0;
        for (JobId job : workload.members().keySet()) {
            error += Math.abs(restored(dynamoDb, tables.jobs(), job) - workload.expectedRestored(job));
        }
        return new CreditingRun(workload, registered, applied, rate.perSecond(), rate.segments(), error);
    }

    /** The job's progress as the job store reads it: the sum of its counter shards. */
    private static long restored(DynamoDbClient dynamoDb, String jobsTable, JobId job) {
        return dynamoDb.queryPaginator(b -> b.tableName(jobsTable).consistentRead(true)
                        .keyConditionExpression("#pk = :pk AND begins_with(#sk, :count)")
                        .expressionAttributeNames(Map.of("#pk", TableDesign.PK, "#sk", TableDesign.SK))
                        .expressionAttributeValues(Map.of(
                                ":pk", AttributeValue.fromS(TableDesign.JOB_PREFIX + job.value()),
                                ":count", AttributeValue.fromS(TableDesign.COUNT_PREFIX))))
                .items().stream()
                .mapToLong(item -> item.containsKey(TableDesign.RESTORED) ? Long.parseLong(item.get(TableDesign.RESTORED).n()) : 0)
                .sum();
    }
}
