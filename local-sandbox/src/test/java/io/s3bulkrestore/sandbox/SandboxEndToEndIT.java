package io.s3bulkrestore.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import io.s3bulkrestore.sandbox.NotificationFeed.Notification;
import io.s3bulkrestore.sandbox.batch.IntelligentTieringTiers.AccessTier;
import io.s3bulkrestore.sandbox.demo.DemoObjects;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.s3.model.StorageClass;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The service end to end, over real HTTP, against the sandbox in the product's default routing mode, EVENTBRIDGE:
 * the real handlers behind the local API, the SQS event sources and the monitor's schedule; moto's S3 sends the
 * restore events to the EventBridge rule, which sends them to the queue. Each test asserts the notifications a
 * subscriber of the topic receives. ({@code DemoIT} runs the SQS mode.)
 */
class SandboxEndToEndIT {

    // 100 tasks/s: a 300-object job initiates its restores in 3 s; restores take up to 4 s more.
    @RegisterExtension
    static final RunningSandbox SANDBOX = RunningSandbox.restoringWithin(Duration.ofSeconds(4));

    private Sandbox sandbox;
    private JobsApiClient api;
    private NotificationFeed feed;
    private String run;

    @BeforeEach
    void fromTheFixture() {
        sandbox = SANDBOX.sandbox();
        api = SANDBOX.api();
        feed = SANDBOX.feed();
        run = SANDBOX.run();
    }

    private static String body(DemoObjects.Manifest manifest) {
        return String.format(Locale.ROOT, "{\"bucket\":\"%s\",\"key\":\"%s\",\"tier\":\"BULK\",\"expiration_days\":3}",
                manifest.bucket(), manifest.key());
    }

    private String createJob(DemoObjects.Manifest manifest) {
        return SANDBOX.createJob(body(manifest));
    }

    /**
     * The job's Complete notification, once the Restoring ones before it climbed in steps and no other terminal one
     * came.
     */
    private Notification completeAfterClimbingSteps(String jobId, Duration timeout) throws InterruptedException {
        List<Notification> notifications = SANDBOX.notificationsUntilTerminal(jobId, timeout);
        List<Integer> steps = notifications.stream().filter(n -> "Restoring".equals(n.status()))
                .map(n -> Integer.parseInt(n.field("ProgressPercent"))).toList();
        assertThat(steps).isSorted().doesNotHaveDuplicates();
        assertThat(notifications.getLast().status()).isEqualTo("Complete");
        assertThat(notifications.stream().map(n -> n.field("NotificationId")).toList()).doesNotHaveDuplicates();
        assertThat(notifications.getLast().attributes()).containsEntry("Status", "Complete");
        return notifications.getLast();
    }

    @Test
    void shouldCompleteAJobWithExactCounts() throws Exception {
        // Given 300 archived objects (awkward keys, a versioned bucket) in a manifest
        var manifest = DemoObjects.create(sandbox.clients(), run, 300, 0);

        // When a job is created over HTTP
        String jobId = createJob(manifest);

        // Then the subscriber hears Restoring steps and one Complete with every object restored
        Notification complete = completeAfterClimbingSteps(jobId, Duration.ofMinutes(2));
        assertThat(complete.field("TotalObjects")).isEqualTo("300");
        assertThat(complete.field("RestoredObjects")).isEqualTo("300");
        assertThat(complete.field("FailedBatchFiles")).isEqualTo("0");
        assertThat(complete.field("ProgressPercent")).isEqualTo("100");
        assertThat(complete.field("ReportUri")).isEqualTo("s3://" + sandbox.resources().reportBucket() + "/results/" + jobId + ".csv");

        JsonNode job = SANDBOX.untilStatus(jobId, "Complete");
        assertThat(job.path("RestoredObjects").asInt()).isEqualTo(300);
        assertThat(job.path("PendingObjects").asInt()).isZero();
    }

    @Test
    void shouldCreditRestoresThroughTheEventBridgeRuleWhateverTheKeys() throws Exception {
        // Given the default routing: the template's rule on moto, and no S3 -> SQS notification on the buckets
        assertThat(sandbox.resources().routing()).isEqualTo(RoutingMode.EVENTBRIDGE);
        assertThat(sandbox.resources().restoreEventsRuleArn()).hasValueSatisfying(
                arn -> assertThat(arn).endsWith(":rule/" + RestoreEventsRule.NAME));
        for (String bucket : List.of(DemoObjects.ARCHIVE_BUCKET, DemoObjects.VERSIONED_BUCKET)) {
            assertThat(sandbox.clients().s3().getBucketNotificationConfiguration(b -> b.bucket(bucket))
                    .queueConfigurations()).isEmpty();
        }
        // and 28 objects, four of each of the demo's key shapes: "a+b/c 1.parquet" (a space and a '+'),
        // "100% done/5", unicode, deep prefixes; a third in the versioned bucket
        var manifest = DemoObjects.create(sandbox.clients(), run, 28, 0);
        assertThat(DemoObjects.plan(run, 28, 0)).extracting(DemoObjects.Spec::key)
                .anyMatch(key -> key.contains("+") && key.contains(" ")).anyMatch(key -> key.contains("%"));

        // When
        String jobId = createJob(manifest);

        // Then every object is credited from its EventBridge event (raw key), within a time in which the
        // monitor's reconciliation (which starts after a stall of a minute) cannot have done it
        Notification complete = completeAfterClimbingSteps(jobId, Duration.ofSeconds(50));
        assertThat(complete.field("RestoredObjects")).isEqualTo("28");
        assertThat(complete.field("FailedBatchFiles")).isEqualTo("0");
    }

    @Test
    void shouldCreditIntelligentTieringRestoresFromTheCompletedEventsTheEmulatorSends() throws Exception {
        // Given Intelligent-Tiering objects in both archive tiers and one in the frequent tier (moto has no tiers:
        // the sandbox's tag stands for them), in a manifest
        ArchivedObjects objects = SANDBOX.objects();
        List<String> keys = List.of(
                objects.put("it/archive a+b.bin", StorageClass.INTELLIGENT_TIERING, AccessTier.ARCHIVE_ACCESS, 10),
                objects.put("it/deep données.bin", StorageClass.INTELLIGENT_TIERING, AccessTier.DEEP_ARCHIVE_ACCESS, 10),
                objects.put("it/frequent.bin", StorageClass.INTELLIGENT_TIERING, 10));

        // When an Intelligent-Tiering job (no days) is created over HTTP
        String jobId = SANDBOX.createJob(String.format(Locale.ROOT,
                "{\"bucket\":\"%s\",\"key\":\"%s\",\"tier\":\"BULK\",\"storage\":\"INTELLIGENT_TIERING\"}",
                objects.manifestBucket(), objects.manifest(keys)));

        // Then the archived objects are credited from the events the emulator delivered through the EventBridge
        // rule's queue, before the monitor's reconciliation could, and the frequent one is reported not archived
        Notification complete = completeAfterClimbingSteps(jobId, Duration.ofSeconds(50));
        assertThat(complete.field("RestoredObjects")).isEqualTo("2");
        // (an object in an active tier needs no restore: the product skips it, it does not fail it)
        assertThat(complete.field("SkippedObjects")).isEqualTo("1");
        assertThat(complete.field("FailedObjects")).isEqualTo("0");
        String report = SANDBOX.report(complete.field("ReportUri"));
        assertThat(report.lines().filter(line -> line.contains("ObjectAlreadyInActiveTierError")))
                .singleElement().asString().contains("frequent.bin");
    }

    @Test
    void shouldSkipTheObjectsNeverArchivedWhoseTasksFailAsNotArchived() throws Exception {
        // Given 200 objects of which 20 were never archived (RestoreObject answers 403 InvalidObjectState)
        var manifest = DemoObjects.create(sandbox.clients(), run, 200, 0.1);
        assertThat(manifest.notArchived()).isEqualTo(20);

        String jobId = createJob(manifest);

        // Then Complete counts the 180 restored objects and the 20 STANDARD ones skipped (HeadObject said why their
        // tasks failed), none failed
        Notification complete = completeAfterClimbingSteps(jobId, Duration.ofMinutes(2));
        assertThat(complete.field("FailedBatchFiles")).isEqualTo("0");
        assertThat(complete.field("FailedObjects")).isEqualTo("0");
        assertThat(complete.field("SkippedObjects")).isEqualTo("20");
        assertThat(complete.field("RestoredObjects")).isEqualTo("180");
        String report = SANDBOX.report(complete.field("ReportUri"));
        assertThat(report.lines().filter(line -> line.contains(",not archived,")).count()).isEqualTo(20);
        assertThat(report.lines().filter(line -> line.contains(",not archived,")))
                .allSatisfy(line -> assertThat(line).contains("NotArchived: a STANDARD object")
                        .contains("InvalidObjectState"));
    }

    @Test
    void shouldSendCancelledWhenTheJobIsCancelled() throws Exception {
        // Given a job of 2,000 objects, which takes 20 s to initiate at 100 tasks/s
        var manifest = DemoObjects.create(sandbox.clients(), run, 2000, 0);
        String jobId = createJob(manifest);

        // When it is cancelled at once
        var cancelled = api.cancelJob(jobId);
        assertThat(cancelled.status()).as(cancelled.rawBody()).isEqualTo(202);

        // Then the last notification is Cancelled, and nothing follows it
        List<Notification> notifications = SANDBOX.notificationsUntilTerminal(jobId, Duration.ofMinutes(2));
        assertThat(notifications.get(notifications.size() - 1).status()).isEqualTo("Cancelled");
        assertThat(feed.next(Duration.ofSeconds(3)).filter(n -> jobId.equals(n.jobId()))).isEmpty();
        assertThat(SANDBOX.untilStatus(jobId, "Cancelled").hasNonNull("ReportUri")).isTrue();
    }

    @Test
    void shouldCountDuplicatedAndReorderedRestoreEventsOnce() throws Exception {
        // Given a job of 300 objects
        var manifest = DemoObjects.create(sandbox.clients(), run, 300, 0);
        String jobId = createJob(manifest);

        // When, besides the events S3 sends, every object's Completed event arrives twice more, shuffled,
        // while the job runs (some before S3's own)
        List<String> events = new ArrayList<>();
        for (var spec : DemoObjects.plan(run, 300, 0)) {
            events.add(completedEvent(spec.bucket(), spec.key()));
            events.add(completedEvent(spec.bucket(), spec.key()));
        }
        Collections.shuffle(events, new Random(7));
        String queue = sandbox.resources().restoreEventsQueue().url();
        for (int i = 0; i < events.size(); i += 10) {
            List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
            for (int j = i; j < Math.min(i + 10, events.size()); j++) {
                entries.add(SendMessageBatchRequestEntry.builder().id("e" + j).messageBody(events.get(j)).build());
            }
            sandbox.clients().sqs().sendMessageBatch(b -> b.queueUrl(queue).entries(entries));
        }

        // Then the counts are exact: 300 restored, not 900
        assertThat(completeAfterClimbingSteps(jobId, Duration.ofMinutes(2)).field("RestoredObjects")).isEqualTo("300");
        awaitQuiet(Duration.ofSeconds(5));
        assertThat(api.getJob(jobId).body().path("RestoredObjects").asInt()).isEqualTo(300);
    }

    @Test
    void shouldGiveTheSameJobForARetriedCreate() throws Exception {
        var manifest = DemoObjects.create(sandbox.clients(), run, 50, 0);
        int batchJobsBefore = batchJobCount();

        var first = api.createJob(body(manifest), Optional.of(run));
        var retry = api.createJob(body(manifest), Optional.of(run));

        assertThat(first.status()).isEqualTo(201);
        assertThat(retry.status()).isEqualTo(200);
        assertThat(retry.text("JobId")).isEqualTo(first.text("JobId"));
        assertThat(retry.text("BatchJobId")).isEqualTo(first.text("BatchJobId"));
        assertThat(batchJobCount()).isEqualTo(batchJobsBefore + 1);
        List<Notification> notifications = SANDBOX.notificationsUntilTerminal(first.text("JobId"), Duration.ofMinutes(2));
        assertThat(notifications.stream().filter(Notification::isTerminal)).hasSize(1);
        assertThat(notifications.get(notifications.size() - 1).field("RestoredObjects")).isEqualTo("50");
    }

    @Test
    void shouldRefuseABadRequestAndLeaveNothingBehind() throws Exception {
        var manifest = DemoObjects.create(sandbox.clients(), run, 10, 0);
        int batchJobsBefore = batchJobCount();
        int jobsBefore = api.listJobs("limit=100").body().path("Jobs").size();

        var misspelt = api.createJob(String.format("{\"bucket\":\"%s\",\"key\":\"%s\",\"expiration_day\":3}",
                manifest.bucket(), manifest.key()), Optional.empty());
        var notAllowed = api.createJob("{\"bucket\":\"someone-elses-bucket\",\"key\":\"m.csv\",\"expiration_days\":3}",
                Optional.empty());
        var missingManifest = api.createJob(String.format("{\"bucket\":\"%s\",\"key\":\"manifests/none.csv\",\"expiration_days\":3}",
                manifest.bucket()), Optional.empty());
        var noKey = new JobsApiClient(sandbox.apiEndpoint(), "wrong-key").createJob(body(manifest), Optional.empty());

        assertThat(misspelt.status()).isEqualTo(400);
        assertThat(misspelt.rawBody()).contains("expiration_day");
        assertThat(notAllowed.status()).isEqualTo(403);
        assertThat(missingManifest.status()).isBetween(400, 499);
        assertThat(noKey.status()).isEqualTo(403);
        assertThat(batchJobCount()).isEqualTo(batchJobsBefore);
        assertThat(api.listJobs("limit=100").body().path("Jobs").size()).isEqualTo(jobsBefore);
        assertThat(feed.next(Duration.ofSeconds(3))).isEmpty();
    }

    private int batchJobCount() {
        return sandbox.clients().s3Control().listJobs(b -> b.accountId(SandboxResources.ACCOUNT_ID).maxResults(1000)).jobs().size();
    }

    /** An S3 notification as S3 sends it to SQS: the key form-encoded, as events carry keys. */
    private static String completedEvent(String bucket, String key) {
        String encoded = URLEncoder.encode(key, StandardCharsets.UTF_8);
        return "{\"Records\":[{\"eventVersion\":\"2.1\",\"eventSource\":\"aws:s3\",\"awsRegion\":\"us-east-1\","
                + "\"eventTime\":\"" + Instant.now() + "\",\"eventName\":\"ObjectRestore:Completed\","
                + "\"s3\":{\"s3SchemaVersion\":\"1.0\",\"bucket\":{\"name\":\"" + bucket + "\",\"arn\":\"arn:aws:s3:::" + bucket
                + "\"},\"object\":{\"key\":\"" + encoded.replace("\\", "\\\\").replace("\"", "\\\"") + "\",\"size\":10}}}]}";
    }

    /** Waits until the restore-events queue has been empty for a moment. */
    private void awaitQuiet(Duration quiet) throws InterruptedException {
        String queue = sandbox.resources().restoreEventsQueue().url();
        Instant giveUp = Instant.now().plus(Duration.ofMinutes(1));
        while (Instant.now().isBefore(giveUp)) {
            var attributes = sandbox.clients().sqs().getQueueAttributes(b -> b.queueUrl(queue).attributeNamesWithStrings(
                    "ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible")).attributesAsStrings();
            if ("0".equals(attributes.get("ApproximateNumberOfMessages"))
                    && "0".equals(attributes.get("ApproximateNumberOfMessagesNotVisible"))) {
                Thread.sleep(quiet.toMillis());
                return;
            }
            Thread.sleep(250);
        }
    }
}
