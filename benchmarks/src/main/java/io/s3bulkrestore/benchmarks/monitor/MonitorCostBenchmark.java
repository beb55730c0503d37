package io.s3bulkrestore.benchmarks.monitor;

import io.s3bulkrestore.adapters.config.MonitorFunctionConfig;
import io.s3bulkrestore.adapters.dynamodb.DynamoDbJobStore;
import io.s3bulkrestore.adapters.dynamodb.DynamoDbRestoreLedger;
import io.s3bulkrestore.adapters.dynamodb.ObjectItems;
import io.s3bulkrestore.adapters.dynamodb.TableDesign;
import io.s3bulkrestore.emulators.MotoServer;
import io.s3bulkrestore.benchmarks.Benchmark;
import io.s3bulkrestore.benchmarks.EmbeddedDynamoDb;
import io.s3bulkrestore.benchmarks.Figure;
import io.s3bulkrestore.benchmarks.LocalClients;
import io.s3bulkrestore.benchmarks.RequestMeter;
import io.s3bulkrestore.benchmarks.Workers;
import io.s3bulkrestore.fakes.MutableClock;
import io.s3bulkrestore.fakes.ScriptedBatchOperations;
import io.s3bulkrestore.model.CreateJobRequest;
import io.s3bulkrestore.model.Job;
import io.s3bulkrestore.model.JobId;
import io.s3bulkrestore.model.ManifestFormat;
import io.s3bulkrestore.model.ManifestLocation;
import io.s3bulkrestore.model.ObjectId;
import io.s3bulkrestore.model.RestoreTier;
import io.s3bulkrestore.model.StorageFamily;
import io.s3bulkrestore.monitor.function.MonitorWiring;
import io.s3bulkrestore.tracking.ChunkSummary;
import io.s3bulkrestore.tracking.Origin;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Benchmark 3: what one monitor tick costs for a job of 1,000 / 10,000 / 100,000 objects. Ours is the real
 * monitor ({@link MonitorWiring}: DynamoDB job store and ledger on DynamoDB Local (embedded), S3 and SNS on moto, Batch
 * Operations scripted) while the batch job is active and objects are restoring, the state a job spends most
 * ticks in. The naive monitor reads every object of the job each tick to count progress: a paged Query over
 * the job's memberships (all pending when measured, so the PendingByJob index holds every one of them).
 *
 * <p>Memberships are seeded directly (BatchWriteItem, as the ledger lays them out), not registered through
 * the ingest path: registering 111,000 objects over DynamoDB Local would take most of the time budget, and
 * the monitor only reads them.
 */
public final class MonitorCostBenchmark implements Benchmark {

    public static final String NAME = "monitor";
    /** Relative to now: DynamoDB Local acts on the real clock (TTL deletes), so no calendar date. */
    static final Instant T0 = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    private static final String REPORTS = "bench-reports";
    private static final int SEED_WORKERS = 4;

    private final List<Integer> fullSizes;
    private final List<Integer> quickSizes;
    private Measurement last;

    public MonitorCostBenchmark() {
        this(List.of(1_000, 10_000, 100_000), List.of(1_000, 10_000));
    }

    public MonitorCostBenchmark(List<Integer> fullSizes, List<Integer> quickSizes) {
        this.fullSizes = List.copyOf(fullSizes);
        this.quickSizes = List.copyOf(quickSizes);
    }

    /** One tick of each design for a job of {@code objects} objects. */
    public record Tick(int objects, RequestMeter.Snapshot ours, RequestMeter.Snapshot naive) {
    }

    /** Ticks by job size, smallest first. */
    public record Measurement(List<Tick> ticks) {

        public Tick largest() {
            return ticks.getLast();
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    /** The last run's counts, running a quick one first if there was none. */
    public Measurement measurement(boolean quick) throws Exception {
        if (last == null) {
            run(quick);
        }
        return last;
    }

    @Override
    public List<Figure> run(boolean quick) {
        RequestMeter meter = new RequestMeter();
        List<Tick> ticks = new ArrayList<>();
        try (MotoServer moto = MotoServer.start(); EmbeddedDynamoDb dynamoDbLocal = EmbeddedDynamoDb.start(meter);
             LocalClients clients = new LocalClients(meter); var s3 = clients.s3(moto.endpoint());
             var sns = clients.sns(moto.endpoint()); var sqs = clients.sqs(moto.endpoint())) {
            DynamoDbClient dynamoDb = dynamoDbLocal.client();
            s3.createBucket(b -> b.bucket(REPORTS));
            for (int objects : quick ? quickSizes : fullSizes) {
                var tables = dynamoDbLocal.createTables();
                String topicArn = sns.createTopic(b -> b.name("bench-" + objects)).topicArn();
                var config = new MonitorFunctionConfig(tables.jobs(), tables.objects(), topicArn, REPORTS,
                        MotoServer.ACCOUNT_ID, 10, 30, 200, 30, 50, "arn:aws:iam::" + MotoServer.ACCOUNT_ID + ":role/batch",
                        "http://localhost/queue/unused-no-job-is-left-submitting", 2 << 20, java.util.Optional.empty(), 2.0, 7);
                var clock = new MutableClock(T0);
                var batch = new ScriptedBatchOperations();
                JobId job = new JobId("monitor-" + objects);
                var jobs = new DynamoDbJobStore(dynamoDb, tables.jobs());
                var request = new CreateJobRequest("manifests", "m.csv", RestoreTier.BULK, 3, StorageFamily.GLACIER,
                        ManifestFormat.CSV, null);
                jobs.create(Job.submitting(job, request, new ManifestLocation("manifests", "m.csv", "etag", 100),
                        clock.instant(), clock.instant().plus(Duration.ofDays(3)), null));
                jobs.recordSubmitted(job, "batch-" + objects, 1);
                seedPendingMemberships(dynamoDb, tables.objects(), job, objects);
                new DynamoDbRestoreLedger(dynamoDb, tables.objects(), tables.jobs())
                        .recordChunkSummary(job, new ChunkSummary(0, objects, objects, 0, List.of()),
                                clock.instant().plus(Duration.ofDays(30)));
                batch.set("batch-" + objects, "Active");
                var monitor = MonitorWiring.from(config, dynamoDb, s3, sns, sqs, batch, clock).monitor();
                monitor.tick(); // the first tick records the batch job's state once; later ones are the steady state
                clock.advance(Duration.ofMinutes(1));

                meter.reset();
                monitor.tick();
                RequestMeter.Snapshot ours = meter.snapshot();

                meter.reset();
                long counted = naiveTick(dynamoDb, tables.objects(), job);
                RequestMeter.Snapshot naive = meter.snapshot();
                if (counted != objects) {
                    throw new IllegalStateException("the naive tick read " + counted + " of " + objects + " objects");
                }
                System.err.printf("  monitor %,d objects: ours %s%n  monitor %,d objects: naive %s%n", objects,
                        ours.breakdown(), objects, naive.breakdown());
                ticks.add(new Tick(objects, ours, naive));
            }
        }
        last = new Measurement(List.copyOf(ticks));
        return figures(last);
    }

    static List<Figure> figures(Measurement m) {
        List<Figure> figures = new ArrayList<>();
        for (Tick tick : m.ticks()) {
            String size = String.format("job of %,d objects", tick.objects());
            figures.add(Figure.counted(NAME, "DynamoDB+S3+SNS requests per tick, " + size,
                    tick.ours().total(), tick.naive().total(), 20));
            figures.add(Figure.countedUnchecked(NAME, "DynamoDB read units per tick, " + size,
                    tick.ours().readUnits(), tick.naive().readUnits()));
        }
        Tick smallest = m.ticks().getFirst();
        Tick largest = m.largest();
        String growth = String.format("requests per tick growth, %,d -> %,d objects (x)", smallest.objects(), largest.objects());
        figures.add(Figure.counted(NAME, growth, (double) largest.ours().total() / smallest.ours().total(),
                (double) largest.naive().total() / smallest.naive().total(), 1.0));
        return figures;
    }

    /**
     * Counts the job's objects the obvious way: every object of the job, every tick, page by page (with no index
     * keyed by the job, a scan of the objects that keeps the job's).
     */
    private static long naiveTick(DynamoDbClient dynamoDb, String objectsTable, JobId job) {
        long count = 0;
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            ScanResponse page = dynamoDb.scan(b -> b.tableName(objectsTable)
                    .filterExpression("attribute_exists(#job)")
                    .expressionAttributeNames(Map.of("#job", ObjectItems.membershipAttribute(job)))
                    .exclusiveStartKey(from));
            count += page.count();
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return count;
    }

    /** Object records of the job's pending objects written in bulk, 25 per BatchWriteItem, as the ledger lays them out. */
    private static void seedPendingMemberships(DynamoDbClient dynamoDb, String objectsTable, JobId job, int objects) {
        List<Runnable> writes = new ArrayList<>();
        for (int from = 0; from < objects; from += 25) {
            List<WriteRequest> batch = new ArrayList<>(25);
            for (int i = from; i < Math.min(objects, from + 25); i++) {
                ObjectId object = ObjectId.of("bench-archive", String.format("photos/2026/img-%07d.raw", i));
                Map<String, AttributeValue> item = new LinkedHashMap<>();
                item.put(TableDesign.PK, AttributeValue.fromS(object.canonical()));
                item.put(ObjectItems.membershipAttribute(job), AttributeValue.fromM(Map.of(
                        "o", AttributeValue.fromS(new Origin(0, i * 40L).encoded()),
                        "c", AttributeValue.fromN(Long.toString(T0.toEpochMilli())),
                        "r", AttributeValue.fromN(Long.toString(T0.toEpochMilli())))));
                batch.add(WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build());
            }
            writes.add(() -> {
                Map<String, List<WriteRequest>> pending = Map.of(objectsTable, batch);
                while (!pending.isEmpty()) {
                    Map<String, List<WriteRequest>> send = pending;
                    pending = dynamoDb.batchWriteItem(b -> b.requestItems(send)).unprocessedItems();
                }
            });
        }
        Workers.run(SEED_WORKERS, writes);
    }
}
