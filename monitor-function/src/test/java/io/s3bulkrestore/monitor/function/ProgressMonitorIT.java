package io.s3bulkrestore.monitor.function;

import io.s3bulkrestore.fakes.FakeCurrentVersions;
import io.s3bulkrestore.fakes.MutableClock;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.s3bulkrestore.adapters.AwsClients;
import io.s3bulkrestore.adapters.config.MonitorFunctionConfig;
import io.s3bulkrestore.adapters.dynamodb.DynamoDbMonitoredJobStore;
import io.s3bulkrestore.adapters.dynamodb.DynamoDbRestoreLedger;
import io.s3bulkrestore.adapters.EmulatorClients;
import io.s3bulkrestore.adapters.dynamodb.FreshTables;
import io.s3bulkrestore.emulators.DynamoDbLocalServer;
import io.s3bulkrestore.emulators.MotoServer;
import io.s3bulkrestore.fakes.ScriptedBatchOperations;
import io.s3bulkrestore.model.CreateJobRequest;
import io.s3bulkrestore.model.Job;
import io.s3bulkrestore.model.JobId;
import io.s3bulkrestore.model.JobStatus;
import io.s3bulkrestore.model.ManifestFormat;
import io.s3bulkrestore.model.ManifestLocation;
import io.s3bulkrestore.model.ObjectId;
import io.s3bulkrestore.model.RestoreTier;
import io.s3bulkrestore.model.StorageFamily;
import io.s3bulkrestore.monitor.JobNotification;
import io.s3bulkrestore.adapters.s3.S3CompletionReports;
import io.s3bulkrestore.adapters.s3.S3ManifestStore;
import io.s3bulkrestore.adapters.s3.S3RestoreStatusChecker;
import io.s3bulkrestore.adapters.s3.S3ResultsReports;
import io.s3bulkrestore.adapters.sns.SnsNotifier;
import io.s3bulkrestore.adapters.sqs.SqsIngestQueue;
import io.s3bulkrestore.jobs.SubmitJob;
import io.s3bulkrestore.monitor.MonitorJobs;
import io.s3bulkrestore.tracking.ChunkSummary;
import io.s3bulkrestore.tracking.RecordRestoreEvents;
import io.s3bulkrestore.adapters.dynamodb.StreamTally;
import io.s3bulkrestore.tracking.RegisterManifestObjects;
import io.s3bulkrestore.tracking.RegisterManifestObjects.ChunkEntry;
import io.s3bulkrestore.tracking.RestoreEvent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.s3.model.StorageClass;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The monitor end to end: jobs and memberships in DynamoDB Local, completion reports, objects and results
 * reports in moto S3, notifications through a moto SNS topic into an SQS queue, read back in order. Batch
 * Operations is scripted (moto does not run batch jobs).
 */
class ProgressMonitorIT {

    static final String REPORTS = "reports";
    static final String ARCHIVE = "archive";
    static final String MANIFESTS = "manifests";
    static final Instant T0 = Instant.now().truncatedTo(ChronoUnit.SECONDS); // the emulators act on real time

    private static MotoServer moto;
    private static DynamoDbLocalServer dynamoDbLocal;
    private static AwsClients clients;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final MutableClock clock = new MutableClock(T0);
    private final ScriptedBatchOperations batch = new ScriptedBatchOperations();
    private DynamoDbMonitoredJobStore jobs;
    private DynamoDbRestoreLedger ledger;
    private MonitorFunctionConfig config;
    private String queueUrl;
    private MonitorJobs monitor;
    private StreamTally tally;

    @BeforeAll
    static void start() {
        moto = MotoServer.start();
        dynamoDbLocal = DynamoDbLocalServer.start();
        Map<AwsClients.Service, URI> endpoints = new EnumMap<>(AwsClients.Service.class);
        endpoints.put(AwsClients.Service.DYNAMODB, dynamoDbLocal.endpoint());
        clients = EmulatorClients.of(moto, endpoints);
        clients.s3().createBucket(b -> b.bucket(REPORTS));
        clients.s3().createBucket(b -> b.bucket(ARCHIVE));
        clients.s3().createBucket(b -> b.bucket(MANIFESTS));
    }

    @AfterAll
    static void stop() {
        clients.close();
        dynamoDbLocal.close();
        moto.close();
    }

    @BeforeEach
    void freshTablesTopicAndQueue() {
        var tables = FreshTables.create(clients.dynamoDb());
        jobs = new DynamoDbMonitoredJobStore(clients.dynamoDb(), tables.jobs());
        ledger = new DynamoDbRestoreLedger(clients.dynamoDb(), tables.objects(), tables.jobs());
        tally = new StreamTally(clients.dynamoDb(), clients.dynamoDbStreams(), tables.objects(), tables.jobs());
        String name = "n" + UUID.randomUUID().toString().substring(0, 8);
        String topicArn = clients.sns().createTopic(b -> b.name(name)).topicArn();
        queueUrl = clients.sqs().createQueue(b -> b.queueName(name)).queueUrl();
        String queueArn = clients.sqs().getQueueAttributes(b -> b.queueUrl(queueUrl)
                .attributeNames(QueueAttributeName.QUEUE_ARN)).attributes().get(QueueAttributeName.QUEUE_ARN);
        clients.sns().subscribe(b -> b.topicArn(topicArn).protocol("sqs").endpoint(queueArn));
        config = new MonitorFunctionConfig(tables.jobs(), tables.objects(), topicArn, REPORTS, "123456789012",
                10, 30, 100, 30, 50, "arn:aws:iam::123456789012:role/batch", queueUrl, 2 << 20, java.util.Optional.empty(), 2.0, 7);
        monitor = MonitorWiring.from(config, clients, batch, clock).monitor();
    }

    @Test
    void shouldPublishProgressThenCompleteWhenEveryObjectIsRestored() {
        List<ObjectId> objects = givenJob("job-all", "batch-all", 3);

        tick();
        restore(objects.get(0));
        tick();
        batch.set("batch-all", "Complete");
        restore(objects.get(1), objects.get(2));
        tick();
        tick();

        List<JsonNode> received = notifications();
        assertThat(statuses(received)).containsExactly("Restoring", "Restoring", "Complete");
        JsonNode complete = received.getLast();
        assertThat(complete.get("ProgressPercent").asText()).isEqualTo("100");
        assertThat(complete.get("FailedBatchFiles").asText()).isEqualTo("0");
        assertThat(complete.get("ClientTag").asText()).isEqualTo("team-a");
        assertThat(complete.get("ReportUri").asText()).isEqualTo("s3://reports/results/job-all.csv");
        assertThat(complete.get("NotificationId").asText()).isEqualTo("job-all:Complete:100");
        Job finished = jobs.find(new JobId("job-all")).orElseThrow();
        assertThat(finished.status()).isEqualTo(JobStatus.COMPLETE);
        assertThat(finished.reportUri()).isEqualTo("s3://reports/results/job-all.csv");
        assertThat(resultsReport("job-all").lines().toList()).containsExactly("bucket,key,versionId,outcome,error",
                "archive,k0,,restored,", "archive,k1,,restored,", "archive,k2,,restored,");

        tick(); // every item got its TTL when it was written: the job leaves the active index at once

        assertThat(jobs.activeJobs(10)).isEmpty();
        for (ObjectId object : objects) {
            var record = clients.dynamoDb().getItem(b -> b.tableName(config.objectsTable()).key(Map.of(
                    "pk", AttributeValue.fromS(object.canonical())))).item();
            assertThat(record).containsKey("expiresAt").containsKey("J#job-all");
        }
        var items = clients.dynamoDb().query(b -> b.tableName(config.jobsTable())
                .keyConditionExpression("pk = :pk")
                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS("JOB#job-all")))).items();
        assertThat(items).hasSizeGreaterThan(1).allSatisfy(item -> assertThat(item).containsKey("expiresAt"));
    }

    @Test
    void shouldCompleteWithTheFailedTasksOfTheCompletionReport() {
        List<ObjectId> objects = givenJob("job-some", "batch-some", 3);
        writeCompletionReport("batch-some", "archive,k2,,failed,403,AccessDenied,\"Access Denied, really\"\n");
        batch.set("batch-some", "Complete");
        restore(objects.get(0), objects.get(1));

        tick();
        tick();

        // The first tick marks the failed task on its record; the counters learn it from the stream by the next
        // tick, so this tick first says the job is alive (0 %)
        List<JsonNode> received = notifications();
        assertThat(statuses(received)).containsExactly("Restoring", "Complete");
        assertThat(received.getLast().get("FailedBatchFiles").asText()).isEqualTo("1");
        assertThat(resultsReport("job-some")).contains("archive,k2,,failed,AccessDenied");
    }

    @Test
    void shouldFailWhenEveryTaskFailed() {
        givenJob("job-none", "batch-none", 2);
        writeCompletionReport("batch-none", "archive,k0,,failed,404,NoSuchKey,gone\narchive,k1,,failed,404,NoSuchKey,gone\n");
        batch.set("batch-none", "Complete");

        tick();
        tick();

        assertThat(statuses(notifications())).containsExactly("Restoring", "Failed");
    }

    @Test
    void shouldFailWithTheReasonWhenTheBatchJobFailsOnABadManifest() {
        givenJob("job-bad", "batch-bad", 2);
        batch.set("batch-bad", "Failed", List.of("Reading the manifest failed: unexpected column count"));

        tick();
        tick();

        List<JsonNode> received = notifications();
        assertThat(statuses(received)).containsExactly("Failed");
        assertThat(received.getFirst().get("Reason").asText()).contains("unexpected column count");
    }

    @Test
    void shouldReportCancelled() {
        givenJob("job-cancel", "batch-cancel", 2);
        tick();
        jobs.recordCancelRequested(new JobId("job-cancel"));
        batch.set("batch-cancel", "Cancelled");

        tick();
        tick();

        assertThat(statuses(notifications())).containsExactly("Restoring", "Cancelled");
    }

    @Test
    void shouldReconcileObjectsRestoredBeforeTheJobWithHeadObject() {
        List<ObjectId> objects = givenJob("job-before", "batch-before", 3);
        for (ObjectId object : objects) {
            clients.s3().restoreObject(b -> b.bucket(ARCHIVE).key(object.key()).restoreRequest(r -> r.days(1)));
        }
        batch.set("batch-before", "Complete");

        tick();
        clock.advance(Duration.ofMinutes(31));
        tick();
        tick();

        assertThat(statuses(notifications())).containsExactly("Restoring", "Complete");
    }

    @Test
    void shouldTimeOutAfterReconcilingAndListTheMissingObjects() {
        List<ObjectId> objects = givenJob("job-late", "batch-late", 3);
        restore(objects.get(0));
        batch.set("batch-late", "Complete");

        tick();
        clock.advance(Duration.ofHours(13));
        tick();
        tick();

        List<JsonNode> received = notifications();
        assertThat(statuses(received)).containsExactly("Restoring", "Timeout");
        assertThat(received.getLast().get("PendingObjects").asLong()).isEqualTo(2);
        assertThat(resultsReport("job-late").lines().toList()).containsExactly("bucket,key,versionId,outcome,error",
                "archive,k0,,restored,", "archive,k1,,missing,no restore completion seen",
                "archive,k2,,missing,no restore completion seen");
    }

    @Test
    void shouldResendTheSameNotificationAfterACrashBetweenPublishAndRecord() {
        List<ObjectId> objects = givenJob("job-crash", "batch-crash", 1);
        batch.set("batch-crash", "Complete");
        restore(objects.getFirst());
        var sns = new SnsNotifier(clients.sns(), config.topicArn(), JSON);
        var crashing = new MonitorJobs(jobs, ledger, batch, new S3CompletionReports(clients.s3(), JSON),
                new S3RestoreStatusChecker(clients.s3()), new S3ResultsReports(clients.s3(), REPORTS),
                (JobNotification n) -> {
                    sns.publish(n);
                    throw new IllegalStateException("crash between publish and record");
                }, new SubmitJob(jobs, new S3ManifestStore(clients.s3()), batch,
                        new SqsIngestQueue(clients.sqs(), queueUrl), 2 << 20),
                clock, new MonitorJobs.Settings(10, 30, 100, 30, 50));

        tally.drain(); // the restore is counted before the crashing tick
        crashing.tick();
        tick();
        tick();

        List<JsonNode> received = notifications();
        assertThat(received).extracting(n -> n.get("NotificationId").asText())
                .containsExactly("job-crash:Complete:100", "job-crash:Complete:100");
        assertThat(jobs.find(new JobId("job-crash")).orElseThrow().status()).isEqualTo(JobStatus.COMPLETE);
    }

    // ---- helpers ----

    /** The tally function catches up with the stream, then the monitor ticks. */
    private void tick() {
        tally.drain();
        monitor.tick();
    }

    private List<ObjectId> givenJob(String id, String batchJobId, int count) {
        JobId jobId = new JobId(id);
        List<ObjectId> objects = IntStream.range(0, count).mapToObj(i -> ObjectId.of(ARCHIVE, "k" + i)).toList();
        // The manifest lists the objects a line each ("archive,kN\n"): the monitor reads the job's objects back from it.
        StringBuilder csv = new StringBuilder();
        List<ChunkEntry> entries = new ArrayList<>();
        for (ObjectId object : objects) {
            entries.add(new ChunkEntry(object, csv.length()));
            csv.append(ARCHIVE).append(',').append(object.key()).append('\n');
        }
        String manifestKey = id + ".csv";
        clients.s3().putObject(b -> b.bucket(MANIFESTS).key(manifestKey), RequestBody.fromString(csv.toString()));
        ManifestLocation manifest = new S3ManifestStore(clients.s3()).head(MANIFESTS, manifestKey).orElseThrow();
        var request = new CreateJobRequest(MANIFESTS, manifestKey, RestoreTier.STANDARD, 3, StorageFamily.GLACIER,
                ManifestFormat.CSV, "team-a");
        jobs.create(Job.submitting(jobId, request, manifest, clock.instant(), clock.instant().plus(Duration.ofHours(12)),
                null));
        Job submitted = jobs.recordSubmitted(jobId, batchJobId, 1);
        for (ObjectId object : objects) {
            clients.s3().putObject(b -> b.bucket(ARCHIVE).key(object.key()).storageClass(StorageClass.GLACIER),
                    RequestBody.fromString("content"));
        }
        new RegisterManifestObjects(ledger, clock, Duration.ofDays(30)).register(submitted, 0, entries);
        ledger.recordChunkSummary(jobId, new ChunkSummary(0, count, count, 0, List.of()),
                clock.instant().plus(Duration.ofDays(30)));
        batch.set(batchJobId, "Active");
        return objects;
    }

    private void restore(ObjectId... objects) {
        List<RestoreEvent> events = new ArrayList<>();
        for (ObjectId object : objects) {
            events.add(RestoreEvent.completed(object, clock.instant()));
        }
        new RecordRestoreEvents(ledger, FakeCurrentVersions.neverAsked()).apply(events);
    }

    /** A completion report as AWS lays it out, under the prefix the scripted batch job names. */
    private void writeCompletionReport(String batchJobId, String failedRows) {
        String folder = "batch/job-" + batchJobId + "/";
        clients.s3().putObject(b -> b.bucket(REPORTS).key(folder + "results/failed.csv"),
                RequestBody.fromString(failedRows));
        clients.s3().putObject(b -> b.bucket(REPORTS).key(folder + "manifest.json"), RequestBody.fromString("""
                {"Format":"Report_CSV_20180820","ReportCreationDate":"%s",
                 "Results":[{"TaskExecutionStatus":"failed","Bucket":"reports","MD5Checksum":"x",
                             "Key":"%sresults/failed.csv"}],
                 "ReportSchema":"Bucket, Key, VersionId, TaskStatus, ErrorCode, HTTPStatusCode, ResultMessage"}
                """.formatted(T0, folder)));
    }

    private String resultsReport(String jobId) {
        return clients.s3().getObjectAsBytes(b -> b.bucket(REPORTS).key("results/" + jobId + ".csv")).asUtf8String();
    }

    /** Every notification the queue received, in order, as the JSON body SNS carried. */
    private List<JsonNode> notifications() {
        List<JsonNode> bodies = new ArrayList<>();
        while (true) {
            List<Message> messages = clients.sqs().receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10)
                    .waitTimeSeconds(1)).messages();
            if (messages.isEmpty()) {
                return bodies;
            }
            for (Message message : messages) {
                try {
                    JsonNode envelope = JSON.readTree(message.body());
                    JsonNode body = JSON.readTree(envelope.get("Message").asText());
                    assertThat(envelope.path("MessageAttributes").path("Status").path("Value").asText())
                            .isEqualTo(body.get("Status").asText());
                    bodies.add(body);
                } catch (java.io.IOException e) {
                    throw new IllegalStateException(e);
                }
                clients.sqs().deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(message.receiptHandle()));
            }
        }
    }

    private static List<String> statuses(List<JsonNode> notifications) {
        return notifications.stream().map(n -> n.get("Status").asText()).toList();
    }
}
