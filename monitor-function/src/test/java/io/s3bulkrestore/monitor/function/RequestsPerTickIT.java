package io.s3bulkrestore.monitor.function;

import io.s3bulkrestore.fakes.MutableClock;
import io.s3bulkrestore.adapters.config.MonitorFunctionConfig;
import io.s3bulkrestore.adapters.dynamodb.DynamoDbJobStore;
import io.s3bulkrestore.adapters.dynamodb.DynamoDbRestoreLedger;
import io.s3bulkrestore.adapters.dynamodb.ObjectItems;
import io.s3bulkrestore.adapters.s3.S3ManifestStore;
import software.amazon.awssdk.core.sync.RequestBody;
import io.s3bulkrestore.adapters.dynamodb.TableDesign;
import io.s3bulkrestore.adapters.dynamodb.FreshTables;
import io.s3bulkrestore.emulators.DynamoDbLocalServer;
import io.s3bulkrestore.emulators.MotoServer;
import io.s3bulkrestore.fakes.ScriptedBatchOperations;
import io.s3bulkrestore.model.CreateJobRequest;
import io.s3bulkrestore.model.Job;
import io.s3bulkrestore.model.JobId;
import io.s3bulkrestore.model.ManifestFormat;
import io.s3bulkrestore.model.ManifestLocation;
import io.s3bulkrestore.model.ObjectId;
import io.s3bulkrestore.model.RestoreTier;
import io.s3bulkrestore.model.StorageFamily;
import io.s3bulkrestore.monitor.MonitorJobs;
import io.s3bulkrestore.tracking.ChunkSummary;
import io.s3bulkrestore.tracking.Origin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The printed figure: DynamoDB + S3 + SNS requests one monitor tick makes for a job of 1,000 objects and
 * one of 100,000, at each stage (batch job running, just finished, reconciling stalled objects). They must
 * be equal: work per tick does not grow with the job.
 */
class RequestsPerTickIT {

    private static MotoServer moto;
    private static DynamoDbLocalServer dynamoDbLocal;
    private static final Counter COUNTER = new Counter();
    private static DynamoDbClient dynamoDb;
    private static S3Client s3;
    private static SnsClient sns;
    /** Not counted: the monitor sends to SQS only to finish a submission, and no job here is left submitting. */
    private static SqsClient sqs;

    @BeforeAll
    static void start() {
        moto = MotoServer.start();
        dynamoDbLocal = DynamoDbLocalServer.start();
        var credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing"));
        dynamoDb = DynamoDbClient.builder().endpointOverride(dynamoDbLocal.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(credentials).httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(o -> o.addExecutionInterceptor(COUNTER)).build();
        s3 = S3Client.builder().endpointOverride(moto.endpoint()).forcePathStyle(true).region(Region.US_EAST_1)
                .credentialsProvider(credentials).httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(o -> o.addExecutionInterceptor(COUNTER)).build();
        sns = SnsClient.builder().endpointOverride(moto.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(credentials).httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(o -> o.addExecutionInterceptor(COUNTER)).build();
        sqs = SqsClient.builder().endpointOverride(moto.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(credentials).httpClient(UrlConnectionHttpClient.create()).build();
        s3.createBucket(b -> b.bucket(ProgressMonitorIT.REPORTS));
        s3.createBucket(b -> b.bucket(MANIFESTS));
    }

    private static final String MANIFESTS = "manifests-figure";

    @AfterAll
    static void stop() {
        dynamoDb.close();
        s3.close();
        sns.close();
        sqs.close();
        dynamoDbLocal.close();
        moto.close();
    }

    @Test
    void shouldMakeTheSameRequestsPerTickForAThousandAndAHundredThousandObjects() {
        List<Map<String, Integer>> small = ticksOf(1_000);
        List<Map<String, Integer>> large = ticksOf(100_000);

        String[] stages = {"batch Active", "batch just Complete", "reconciling page 1", "reconciling page 2"};
        System.out.println("Requests per monitor tick (DynamoDB + S3 + SNS):");
        for (int i = 0; i < stages.length; i++) {
            System.out.printf("  %-20s 1,000 objects: %3d %s%n", stages[i], total(small.get(i)), small.get(i));
            System.out.printf("  %-20s 100,000 objects: %3d %s%n", stages[i], total(large.get(i)), large.get(i));
        }
        assertThat(large).isEqualTo(small);
        assertThat(total(small.get(2))).isLessThan(300); // a reconcile page of 200 HeadObjects and a few more
    }

    private static int total(Map<String, Integer> counts) {
        return counts.values().stream().mapToInt(Integer::intValue).sum();
    }

    private List<Map<String, Integer>> ticksOf(int objects) {
        var tables = FreshTables.create(dynamoDb);
        String topicArn = sns.createTopic(b -> b.name("figure-" + objects)).topicArn();
        var config = new MonitorFunctionConfig(tables.jobs(), tables.objects(), topicArn, ProgressMonitorIT.REPORTS,
                "123456789012", 10, 30, 200, 30, 50, "arn:aws:iam::123456789012:role/batch",
                "http://localhost/queue/unused", 2 << 20, java.util.Optional.empty(), 2.0, 7);
        var clock = new MutableClock(ProgressMonitorIT.T0);
        var batch = new ScriptedBatchOperations();
        JobId job = new JobId("job-" + objects);
        String batchJobId = "batch-" + objects;
        var jobs = new DynamoDbJobStore(dynamoDb, tables.jobs());
        ManifestLocation manifest = putManifest(job, objects);
        var request = new CreateJobRequest(manifest.bucket(), manifest.key(), RestoreTier.BULK, 3, StorageFamily.GLACIER,
                ManifestFormat.CSV, null);
        jobs.create(Job.submitting(job, request, manifest, clock.instant(), clock.instant().plus(Duration.ofDays(3)),
                null));
        jobs.recordSubmitted(job, batchJobId, 1);
        writeRecords(tables.objects(), job, objects, clock.instant());
        new DynamoDbRestoreLedger(dynamoDb, tables.objects(), tables.jobs())
                .recordChunkSummary(job, new ChunkSummary(0, objects, objects, 0, List.of()),
                        clock.instant().plus(Duration.ofDays(30)));
        batch.set(batchJobId, "Active");
        MonitorJobs monitor = MonitorWiring.from(config, dynamoDb, s3, sns, sqs, batch, clock).monitor();

        List<Map<String, Integer>> ticks = new ArrayList<>();
        ticks.add(countTick(monitor));
        batch.set(batchJobId, "Complete");
        ticks.add(countTick(monitor));
        clock.advance(Duration.ofMinutes(31));
        ticks.add(countTick(monitor));
        ticks.add(countTick(monitor));
        return ticks;
    }

    private static Map<String, Integer> countTick(MonitorJobs monitor) {
        COUNTER.reset();
        monitor.tick();
        return COUNTER.snapshot();
    }

    private static ObjectId object(int i) {
        return ObjectId.of("archive-figure", String.format("k%07d", i));
    }

    /** The job's manifest, a line of {@link #LINE_BYTES} bytes per object: the monitor reads the objects back from it. */
    private static ManifestLocation putManifest(JobId job, int objects) {
        StringBuilder csv = new StringBuilder(objects * LINE_BYTES);
        for (int i = 0; i < objects; i++) {
            csv.append(object(i).bucket()).append(',').append(object(i).key()).append('\n');
        }
        String key = job.value() + ".csv";
        s3.putObject(b -> b.bucket(MANIFESTS).key(key), RequestBody.fromString(csv.toString()));
        return new S3ManifestStore(s3).head(MANIFESTS, key).orElseThrow();
    }

    /** "archive-figure,k0000000\n" */
    private static final int LINE_BYTES = 24;

    /** The objects' records, listed by the job and pending, written directly in bulk (25 per BatchWriteItem). */
    private static void writeRecords(String objectsTable, JobId job, int objects, Instant created) {
        List<WriteRequest> batch = new ArrayList<>();
        String millis = Long.toString(created.toEpochMilli());
        for (int i = 0; i < objects; i++) {
            batch.add(WriteRequest.builder().putRequest(PutRequest.builder().item(Map.of(
                    TableDesign.PK, AttributeValue.fromS(object(i).canonical()),
                    ObjectItems.membershipAttribute(job), AttributeValue.fromM(Map.of(
                            "o", AttributeValue.fromS(new Origin(0, (long) i * LINE_BYTES).encoded()),
                            "c", AttributeValue.fromN(millis), "r", AttributeValue.fromN(millis))))).build()).build());
            if (batch.size() == 25 || i == objects - 1) {
                Map<String, List<WriteRequest>> pending = Map.of(objectsTable, List.copyOf(batch));
                while (!pending.isEmpty()) {
                    pending = dynamoDb.batchWriteItem(BatchWriteItemRequest.builder().requestItems(pending).build())
                            .unprocessedItems();
                }
                batch.clear();
            }
        }
    }

    /** Counts API calls by service and operation. */
    static final class Counter implements ExecutionInterceptor {
        private final Map<String, Integer> counts = new TreeMap<>();

        @Override
        public synchronized void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
            String name = attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME) + "."
                    + attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
            counts.merge(name, 1, Integer::sum);
        }

        synchronized void reset() {
            counts.clear();
        }

        synchronized Map<String, Integer> snapshot() {
            return new TreeMap<>(counts);
        }
    }
}
