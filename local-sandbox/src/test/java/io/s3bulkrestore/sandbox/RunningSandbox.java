package io.s3bulkrestore.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import io.s3bulkrestore.sandbox.NotificationFeed.Notification;
import io.s3bulkrestore.sandbox.batch.BatchEmulatorSettings;
import io.s3bulkrestore.sandbox.demo.DemoObjects;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One sandbox for all of a test class's tests (started before the first, closed after the last), and for each test
 * a subscription to the notification topic, a run name of its own and its objects under that name; with what the
 * job tests ask of it: create a job, wait for its notifications or a state, read its report. Register it with
 * {@code @RegisterExtension static final RunningSandbox SANDBOX = RunningSandbox.restoringWithin(...)}.
 */
final class RunningSandbox implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {

    private final SandboxSettings settings;
    private Sandbox sandbox;
    private JobsApiClient api;
    private NotificationFeed feed;
    private String run;

    private RunningSandbox(SandboxSettings settings) {
        this.settings = settings;
    }

    /**
     * The demo's buckets (and {@code moreBuckets}), a batch emulator that initiates 100 restores a second and ends
     * each within {@code restoreSpan}, a monitor every 500 ms, the functions on the system clock.
     */
    static RunningSandbox restoringWithin(Duration restoreSpan, String... moreBuckets) {
        return restoringWithin(restoreSpan, Clock.systemUTC(), moreBuckets);
    }

    /** As {@link #restoringWithin(Duration, String...)}, the functions on {@code clock}. */
    static RunningSandbox restoringWithin(Duration restoreSpan, Clock clock, String... moreBuckets) {
        var batch = BatchEmulatorSettings.defaults().withTasksPerSecond(100).withRestoreSpan(restoreSpan)
                .withRestorePollInterval(Duration.ofMillis(250));
        List<String> buckets = new ArrayList<>(DemoObjects.BUCKETS);
        buckets.addAll(List.of(moreBuckets));
        return new RunningSandbox(SandboxSettings.defaults(buckets).withBatch(batch)
                .withMonitorInterval(Duration.ofMillis(500)).withClock(clock));
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        sandbox = Sandbox.start(settings);
        api = new JobsApiClient(sandbox.apiEndpoint(), sandbox.apiKey());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        feed = NotificationFeed.subscribe(sandbox.clients(), sandbox.resources().topicArn());
        run = context.getRequiredTestMethod().getName() + "-" + System.nanoTime();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        feed.close();
    }

    Sandbox sandbox() {
        return sandbox;
    }

    JobsApiClient api() {
        return api;
    }

    /** The topic's notifications since this test started. */
    NotificationFeed feed() {
        return feed;
    }

    /** This test's name, unique to this run of it: the prefix of its objects and manifests. */
    String run() {
        return run;
    }

    /** This test's objects in the demo's archive bucket, under {@code run() + "/"}. */
    ArchivedObjects objects() {
        return new ArchivedObjects(sandbox.clients().s3(), DemoObjects.ARCHIVE_BUCKET, DemoObjects.MANIFEST_BUCKET,
                run + "/");
    }

    /** {@code POST /jobs} with {@code body}, which must answer 201; the new job's id. */
    String createJob(String body) {
        var created = api.createJob(body, Optional.empty());
        assertThat(created.status()).as(created.rawBody()).isEqualTo(201);
        return created.text("JobId");
    }

    /** The job's notifications, in arrival order, up to and including its first terminal one. */
    List<Notification> notificationsUntilTerminal(String jobId, Duration timeout) throws InterruptedException {
        return JobWaits.notificationsUntilTerminal(feed, jobId, timeout);
    }

    /** The job's terminal notification, within {@code timeout}. */
    Notification terminal(String jobId, Duration timeout) throws InterruptedException {
        return notificationsUntilTerminal(jobId, timeout).getLast();
    }

    /** {@code GET /jobs/{id}} once it satisfies {@code done}, within {@code timeout}. */
    JsonNode until(String jobId, Predicate<JsonNode> done, Duration timeout) throws InterruptedException {
        return JobWaits.until(api, jobId, done, timeout);
    }

    /**
     * {@code GET /jobs/{id}} once its status is {@code status}, within 30 s. The monitor publishes a terminal
     * notification and then records the job's status, so a subscriber can be a moment ahead of the API.
     */
    JsonNode untilStatus(String jobId, String status) throws InterruptedException {
        return until(jobId, job -> status.equals(job.path("Status").asText()), Duration.ofSeconds(30));
    }

    /** {@code GET /jobs/{id}} once its quote is ready, within a minute. */
    JsonNode quoted(String jobId) throws InterruptedException {
        return until(jobId, job -> job.path("Quote").path("Ready").asBoolean(), Duration.ofSeconds(60));
    }

    /** The results report, whole. */
    String report(String reportUri) {
        return JobWaits.report(sandbox, reportUri);
    }

    /** The results report's rows by key (unquoted), each as {@code columns} reads its fields. */
    <T> Map<String, T> report(String reportUri, Function<String[], T> columns) {
        Map<String, T> rows = new LinkedHashMap<>();
        JobWaits.reportRows(sandbox, reportUri).forEach(f -> rows.put(f[1].replace("\"", ""), columns.apply(f)));
        return rows;
    }
}
