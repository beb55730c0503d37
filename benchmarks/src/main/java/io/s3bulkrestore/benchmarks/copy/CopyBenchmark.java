package io.s3bulkrestore.benchmarks.copy;

import io.s3bulkrestore.adapters.dynamodb.DynamoDbJobStore;
import io.s3bulkrestore.adapters.dynamodb.DynamoDbRestoreLedger;
import io.s3bulkrestore.emulators.MotoServer;
import io.s3bulkrestore.adapters.s3.S3CopySettings;
import io.s3bulkrestore.adapters.s3.S3CurrentVersions;
import io.s3bulkrestore.adapters.s3.S3ObjectCopier;
import io.s3bulkrestore.benchmarks.Benchmark;
import io.s3bulkrestore.benchmarks.EmbeddedDynamoDb;
import io.s3bulkrestore.benchmarks.Figure;
import io.s3bulkrestore.benchmarks.LocalClients;
import io.s3bulkrestore.benchmarks.RequestMeter;
import io.s3bulkrestore.benchmarks.Workers;
import io.s3bulkrestore.benchmarks.cost.AwsPrices;
import io.s3bulkrestore.copy.CopyRestoredObjects;
import io.s3bulkrestore.copy.CopyTask;
import io.s3bulkrestore.model.CopySpec;
import io.s3bulkrestore.model.CreateJobRequest;
import io.s3bulkrestore.model.DestinationKeys;
import io.s3bulkrestore.model.Job;
import io.s3bulkrestore.model.JobId;
import io.s3bulkrestore.model.ManifestFormat;
import io.s3bulkrestore.model.ManifestLocation;
import io.s3bulkrestore.model.ObjectId;
import io.s3bulkrestore.model.RestoreTier;
import io.s3bulkrestore.model.StorageFamily;
import io.s3bulkrestore.model.TargetStorageClass;
import io.s3bulkrestore.tracking.MembershipClaim;
import io.s3bulkrestore.tracking.Origin;
import io.s3bulkrestore.tracking.RestoreFact;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.MetadataDirective;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.StorageClass;
import software.amazon.awssdk.services.s3.model.Tier;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Copy-after-restore (issue "Make restores permanent"): ours (the copy worker: the object's record read first, the
 * version pinned, an idempotent copy, the result recorded once) against the naive design of the peer that copies
 * (after a fixed delay, list the bucket, HeadObject each object, CopyObject every restored one), both copying the
 * same restored objects with the same number of workers against moto, then both triggered a second time (a
 * duplicate event, or the naive schedule's next run).
 *
 * <p>Costs per million objects are the requests each made, priced at AWS's list prices: S3 Standard requests
 * (aws.amazon.com/s3/pricing/, "Requests & data retrievals", us-east-1, checked 2026-11): PUT, COPY, POST, LIST
 * $0.005 per 1,000; GET, HEAD and other requests $0.0004 per 1,000 (a CopyObject is one COPY in the destination,
 * UploadPartCopy one per part; a destination in another storage class has that class's request price); plus, for
 * ours, DynamoDB's units and the copy queue's SQS requests (one SendMessageBatch entry, one receive and one delete
 * per ten objects), and for both one Lambda invocation per ten objects and the workers' busy time at 1 GB, priced
 * as {@link AwsPrices}. Moto answers in a millisecond or two, S3 in tens: the rates compare the designs, they are
 * not AWS's figures.
 */
public final class CopyBenchmark implements Benchmark {

    static final String NAME = "copy";
    private static final String SOURCE = "bench-copy-source";
    private static final String OURS = "bench-copy-ours";
    private static final String NAIVE = "bench-copy-naive";
    private static final int WORKERS = 8;
    private static final int OBJECT_BYTES = 1024;
    /** S3 Standard, per request. */
    static final double PUT_CLASS = 0.005 / 1000;
    static final double GET_CLASS = 0.0004 / 1000;
    /** Objects a copy worker invocation (and the naive one) takes at once: the copy queue's batch size. */
    private static final int PER_INVOCATION = 10;
    /** A TB of 8 MiB objects, for the per-TB figure: request costs do not grow with size below the threshold. */
    private static final double OBJECTS_PER_TB_AT_8_MIB = 1e12 / (8 * 1024 * 1024);

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Figure> run(boolean quick) throws Exception {
        int objects = quick ? 100 : 1_000;
        RequestMeter meter = new RequestMeter();
        try (MotoServer moto = MotoServer.start(); EmbeddedDynamoDb dynamoDbLocal = EmbeddedDynamoDb.start(meter);
             LocalClients clients = new LocalClients(meter); S3Client s3 = clients.s3(moto.endpoint())) {
            for (String bucket : List.of(SOURCE, OURS, NAIVE)) {
                s3.createBucket(b -> b.bucket(bucket));
            }
            List<ObjectId> restored = archiveAndRestore(s3, objects);
            var tables = dynamoDbLocal.createTables();
            var dynamoDb = dynamoDbLocal.client();
            JobId job = new JobId("copy-bench");
            seedJob(new DynamoDbJobStore(dynamoDb, tables.jobs()),
                    new DynamoDbRestoreLedger(dynamoDb, tables.objects(), tables.jobs()), job, restored);
            var jobs = new DynamoDbJobStore(dynamoDb, tables.jobs());
            Map<JobId, Optional<Job>> cache = new java.util.concurrent.ConcurrentHashMap<>();
            var worker = new CopyRestoredObjects(id -> cache.computeIfAbsent(id, jobs::find),
                    new DynamoDbRestoreLedger(dynamoDb, tables.objects(), tables.jobs()),
                    new S3CurrentVersions(s3, Clock.systemUTC()), new S3ObjectCopier(s3, S3CopySettings.defaults()),
                    tasks -> {
                        throw new IllegalStateException("copies without a time limit are never continued");
                    }, 5);
            List<Runnable> ourTasks = restored.stream()
                    .<Runnable>map(object -> () -> worker.copy(new CopyTask(job, object), 1)).toList();

            meter.reset();
            Pass ours = Pass.timed(() -> Workers.run(WORKERS, ourTasks), meter, objects);
            meter.reset();
            Pass oursAgain = Pass.timed(() -> Workers.run(WORKERS, ourTasks), meter, objects);

            meter.reset();
            Pass naive = Pass.timed(() -> naiveCopy(s3), meter, objects);
            meter.reset();
            Pass naiveAgain = Pass.timed(() -> naiveCopy(s3), meter, objects);

            long oursCopies = s3.listObjectsV2Paginator(b -> b.bucket(OURS)).contents().stream().count();
            if (oursCopies != objects) {
                throw new IllegalStateException("ours copied " + oursCopies + " of " + objects + " objects");
            }
            AwsPrices prices = AwsPrices.US_EAST_1;
            List<Figure> figures = new ArrayList<>();
            String size = objects + " objects of 1 KiB, " + WORKERS + " workers, moto";
            figures.add(Figure.timed(NAME, "copies/s, " + size, ours.perSecond(), naive.perSecond(),
                    Figure.Better.HIGHER));
            figures.add(Figure.counted(NAME, "S3 requests per object copied", ours.s3PerObject(),
                    naive.s3PerObject(), 3.2)); // 3 per copy, plus a few per run (bucket versioning) that 100 objects show
            figures.add(Figure.countedUnchecked(NAME, "DynamoDB requests per object copied",
                    ours.dynamoDbPerObject(), naive.dynamoDbPerObject()));
            figures.add(Figure.counted(NAME, "destination writes per object on a second trigger",
                    oursAgain.writesPerObject(), naiveAgain.writesPerObject(), 0.0));
            double oursPerMillion = ours.dollarsPerMillion(prices, true);
            double naivePerMillion = naive.dollarsPerMillion(prices, false);
            figures.add(Figure.countedUnchecked(NAME, "$ per million objects copied (S3 requests, tracking, queue,"
                    + " Lambda)", oursPerMillion, naivePerMillion));
            figures.add(Figure.countedUnchecked(NAME, "$ per TB copied at 8 MiB per object",
                    oursPerMillion * OBJECTS_PER_TB_AT_8_MIB / 1e6, naivePerMillion * OBJECTS_PER_TB_AT_8_MIB / 1e6));
            figures.add(Figure.countedUnchecked(NAME, "$ per million objects on a second trigger",
                    oursAgain.dollarsPerMillion(prices, true), naiveAgain.dollarsPerMillion(prices, false)));
            return figures;
        }
    }

    /** What one pass of copying cost and took. */
    private record Pass(int objects, Duration took, RequestMeter.Snapshot requests) {

        static Pass timed(Runnable work, RequestMeter meter, int objects) {
            Instant start = Instant.now();
            work.run();
            Duration took = Duration.between(start, Instant.now());
            return new Pass(objects, took, meter.snapshot());
        }

        double perSecond() {
            return objects / Math.max(0.001, took.toMillis() / 1000.0);
        }

        long putClassRequests() {
            return requests.operations().stream()
                    .filter(op -> op.startsWith("S3.") && (op.contains("Copy") || op.contains("Put")
                            || op.contains("List") || op.contains("Multipart")))
                    .mapToLong(requests::count).sum();
        }

        long getClassRequests() {
            return requests.totalOf("S3") - putClassRequests();
        }

        double s3PerObject() {
            return requests.totalOf("S3") / (double) objects;
        }

        double dynamoDbPerObject() {
            return requests.totalOf("DynamoDb") / (double) objects;
        }

        double writesPerObject() {
            return (requests.count("S3.CopyObject") + requests.count("S3.CompleteMultipartUpload")) / (double) objects;
        }

        /** Everything priced, per million objects; {@code queued}: the copy queue's SQS requests (ours). */
        double dollarsPerMillion(AwsPrices prices, boolean queued) {
            double perObject = putClassRequests() * PUT_CLASS / objects + getClassRequests() * GET_CLASS / objects
                    + requests.writeUnits() * prices.perMillionWriteUnits() / 1e6 / objects
                    + requests.readUnits() * prices.perMillionReadUnits() / 1e6 / objects;
            if (queued) {
                perObject += 3.0 / PER_INVOCATION * prices.perMillionSqsRequests() / 1e6;
            }
            double invocations = 1.0 / PER_INVOCATION;
            double busyGbSeconds = WORKERS * (took.toMillis() / 1000.0) / objects; // 1 GB functions
            perObject += invocations * prices.perMillionLambdaRequests() / 1e6 + busyGbSeconds * prices.perLambdaGbSecond();
            return perObject * 1e6;
        }
    }

    /** Archived objects, each restored (moto restores at once): what the copies read. */
    private static List<ObjectId> archiveAndRestore(S3Client s3, int objects) {
        List<ObjectId> restored = new ArrayList<>(objects);
        List<Runnable> puts = new ArrayList<>();
        byte[] body = new byte[OBJECT_BYTES];
        for (int i = 0; i < objects; i++) {
            String key = "data/" + i + ".bin";
            restored.add(ObjectId.of(SOURCE, key));
            puts.add(() -> {
                s3.putObject(b -> b.bucket(SOURCE).key(key).storageClass(StorageClass.GLACIER),
                        RequestBody.fromBytes(body));
                s3.restoreObject(b -> b.bucket(SOURCE).key(key)
                        .restoreRequest(r -> r.days(3).glacierJobParameters(g -> g.tier(Tier.BULK))));
            });
        }
        Workers.run(WORKERS, puts);
        return restored;
    }

    /** A job with a copy option whose objects are registered and restored, as the stream would hand them over. */
    private static void seedJob(DynamoDbJobStore jobs, DynamoDbRestoreLedger ledger, JobId job, List<ObjectId> objects) {
        Instant now = Instant.now();
        var request = new CreateJobRequest("manifests", "m.csv", RestoreTier.BULK, 3, StorageFamily.GLACIER,
                ManifestFormat.CSV, null).withCopy(new CopySpec(OURS, DestinationKeys.sameKey(),
                TargetStorageClass.STANDARD, true, null));
        jobs.create(Job.submitting(job, request, new ManifestLocation("manifests", "m.csv", "etag", 100), now,
                now.plus(Duration.ofDays(2)), null));
        jobs.recordSubmitted(job, "batch-copy", 1);
        List<MembershipClaim> claims = new ArrayList<>();
        Map<ObjectId, RestoreFact> facts = new HashMap<>();
        for (int i = 0; i < objects.size(); i++) {
            claims.add(new MembershipClaim(objects.get(i), new Origin(0, i * 30L), Optional.of(now.minusSeconds(60)),
                    true));
            facts.put(objects.get(i), RestoreFact.at(now));
        }
        ledger.register(job, claims, now, now.plus(Duration.ofDays(30)));
        ledger.recordRestores(facts);
    }

    /**
     * The peer's design: list the bucket, ask each object whether it is restored, copy every restored one. It
     * keeps no record, so each run copies every restored object again.
     */
    private static void naiveCopy(S3Client s3) {
        List<S3Object> listed = s3.listObjectsV2Paginator(b -> b.bucket(SOURCE)).contents().stream().toList();
        List<Runnable> copies = listed.stream().<Runnable>map(object -> () -> {
            String restore = s3.headObject(b -> b.bucket(SOURCE).key(object.key())).restore();
            if (restore != null && restore.contains("ongoing-request=\"false\"")) {
                s3.copyObject(b -> b.sourceBucket(SOURCE).sourceKey(object.key()).destinationBucket(NAIVE)
                        .destinationKey(object.key()).storageClass(StorageClass.STANDARD)
                        .metadataDirective(MetadataDirective.COPY));
            }
        }).toList();
        Workers.run(WORKERS, copies);
    }
}
