package io.s3bulkrestore.sandbox.demo;

import io.s3bulkrestore.adapters.metrics.EmfMetrics;
import io.s3bulkrestore.sandbox.Durations;
import io.s3bulkrestore.sandbox.JobsApiClient;
import io.s3bulkrestore.sandbox.NotificationFeed;
import io.s3bulkrestore.sandbox.NotificationFeed.Notification;
import io.s3bulkrestore.sandbox.Sandbox;
import io.s3bulkrestore.sandbox.PaceOptions;
import io.s3bulkrestore.sandbox.RoutingOption;
import io.s3bulkrestore.sandbox.SandboxLogging;
import io.s3bulkrestore.sandbox.SandboxSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code demo}: the product doing its job on one machine. Starts the sandbox, creates archived objects and a
 * manifest, creates a restore job through the REST API, subscribes to the topic, prints each notification as
 * it arrives and a progress bar, and exits 0 when the job is Complete. With {@code --prefix}: no manifest, a job
 * over a prefix of mixed storage classes, its quote printed, then confirmed.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Restore a few thousand archived objects with one API call and watch the notifications.")
public final class DemoCommand implements Callable<Integer> {

    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.S").withZone(ZoneOffset.UTC);

    @Option(names = "--objects", defaultValue = "2000", description = "objects to archive and restore (default ${DEFAULT-VALUE})")
    int objects;

    @Option(names = "--tier", defaultValue = "STANDARD", description = "restore tier: STANDARD or BULK (default ${DEFAULT-VALUE})")
    String tier;

    @Option(names = "--failure-share", defaultValue = "0.02",
            description = "share of objects never archived (left in STANDARD: their restore task fails and they are skipped as"
                    + " not archived; 0-0.5, default ${DEFAULT-VALUE})")
    double failureShare;

    @Option(names = "--prefix", description = "restore a prefix of mixed storage classes instead of a manifest: "
            + "the job is quoted (objects, bytes and cost per class), then confirmed")
    boolean prefix;

    @Option(names = "--copy", description = "copy each object as soon as it is restored to the bucket "
            + DemoObjects.COPY_BUCKET + " in STANDARD_IA (the job's copy option), and show the copy progress")
    boolean copy;

    @Mixin
    PaceOptions pace;

    @Mixin
    RoutingOption routing;

    @Option(names = "--timeout", defaultValue = "10m", description = "give up waiting for the job after this long (default ${DEFAULT-VALUE})")
    String timeout;

    private final PrintStream out;

    public DemoCommand(PrintStream out) {
        this.out = out;
    }

    /** What the demo saw, for the caller (and the test that runs the demo). */
    public record Outcome(int exitCode, String jobId, Optional<Notification> terminal, Duration wallTime,
                          Optional<Duration> createdToTerminal, Optional<Duration> lastRestoreToTerminal) {
    }

    @Override
    public Integer call() throws Exception {
        return run().exitCode();
    }

    /** How long the summary waits for the monitor's tick that published the terminal notification to end. */
    private static final Duration METRICS_WAIT = Duration.ofSeconds(15);

    public Outcome run() throws Exception {
        validate();
        Instant begin = Instant.now();
        var batch = pace.batchSettings();
        var settings = SandboxSettings.defaults(DemoObjects.BUCKETS).withBatch(batch).withRouting(routing.mode());
        out.printf("Starting the sandbox (%s routing): DynamoDB Local, moto_server and the S3 Batch Operations "
                + "emulator...%n", routing.mode());
        try (Sandbox sandbox = Sandbox.start(settings)) {
            out.printf(Locale.ROOT, "  started in %.1f s; API %s (x-api-key: %s)%n",
                    seconds(Duration.between(begin, Instant.now())), sandbox.apiEndpoint(), sandbox.apiKey());

            Instant creating = Instant.now();
            String run = "demo-" + creating.toEpochMilli();
            Job job = prefix ? prefixJob(sandbox, run, creating) : manifestJob(sandbox, run, creating);

            try (NotificationFeed feed = NotificationFeed.subscribe(sandbox.clients(), sandbox.resources().topicArn())) {
                var api = new JobsApiClient(sandbox.apiEndpoint(), sandbox.apiKey());
                Instant posted = Instant.now();
                var created = api.createJob(copy ? withCopy(job.body()) : job.body(),
                        Optional.of("demo-" + posted.toEpochMilli()));
                if (created.status() != 201) {
                    out.printf("POST /jobs answered %d: %s%n", created.status(), created.rawBody());
                    return new Outcome(1, null, Optional.empty(), Duration.between(begin, Instant.now()), Optional.empty(),
                            Optional.empty());
                }
                String jobId = created.text("JobId");
                int expected = job.objects();
                if (prefix) {
                    out.printf("POST /jobs -> 201: job %s, %s: S3 Batch Operations counts the objects of each class%n",
                            jobId, created.text("Status"));
                    Optional<Integer> quoted = quoteAndConfirm(api, jobId, Durations.parse("--timeout", timeout));
                    if (quoted.isEmpty()) {
                        return new Outcome(1, jobId, Optional.empty(), Duration.between(begin, Instant.now()),
                                Optional.empty(), Optional.empty());
                    }
                    expected = quoted.get();
                } else {
                    out.printf("POST /jobs -> 201: job %s (Batch Operations job %s)%n", jobId, created.text("BatchJobId"));
                }

                var watcher = new JobWatcher(api, feed, out, System.console() != null);
                Optional<Notification> terminal = watcher.awaitTerminal(jobId, expected,
                        Durations.parse("--timeout", timeout));
                Instant ended = Instant.now();
                Optional<Duration> lag = terminal.flatMap(n -> sandbox.batchOperations().lastRestoreCompletedAt()
                        .map(last -> Duration.between(last, ended)));
                Outcome outcome = report(jobId, job, terminal, Duration.between(begin, ended), lag, posted, ended);
                // the monitor writes its metrics at the end of the tick that published the terminal notification
                sandbox.metrics().awaitJobsEnded(1, METRICS_WAIT);
                out.printf("Metrics the functions would have sent to CloudWatch (namespace %s, dimension %s):%n%s%n",
                        EmfMetrics.NAMESPACE, EmfMetrics.DIMENSION, sandbox.metrics().summary());
                return outcome;
            }
        }
    }

    /** The job the demo creates: its request body, the objects it restores, and how the ending reads. */
    private record Job(String body, int objects, String expectation) {
    }

    private Job manifestJob(Sandbox sandbox, String run, Instant creating) throws InterruptedException {
        var manifest = DemoObjects.create(sandbox.clients(), run, objects, failureShare);
        out.printf(Locale.ROOT, "Archived %,d objects (GLACIER and DEEP_ARCHIVE; %,d left in STANDARD, to be skipped "
                        + "as not archived) in %s and %s (versioned), in %.1f s%n", manifest.objects(),
                manifest.notArchived(), DemoObjects.ARCHIVE_BUCKET, DemoObjects.VERSIONED_BUCKET,
                seconds(Duration.between(creating, Instant.now())));
        out.printf("Manifest: s3://%s/%s%n", manifest.bucket(), manifest.key());
        String body = String.format(Locale.ROOT,
                "{\"bucket\":\"%s\",\"key\":\"%s\",\"tier\":\"%s\",\"expiration_days\":7,\"client_tag\":\"sandbox-demo\"}",
                manifest.bucket(), manifest.key(), tier);
        return new Job(body, manifest.objects(), "expected " + manifest.notArchived() + " objects never archived, skipped");
    }

    private Job prefixJob(Sandbox sandbox, String run, Instant creating) throws InterruptedException {
        var set = DemoObjects.createPrefix(sandbox.clients(), run, objects);
        out.printf(Locale.ROOT, "Created %,d objects under s3://%s/%s in %.1f s: GLACIER, DEEP_ARCHIVE and "
                        + "INTELLIGENT_TIERING (half in the Archive Access tier, %,d in a frequent tier), and %,d in "
                        + "STANDARD%n", objects,
                set.bucket(), set.prefix(), seconds(Duration.between(creating, Instant.now())), set.notArchived(),
                set.standard());
        String body = String.format(Locale.ROOT, "{\"source\":{\"bucket\":\"%s\",\"prefix\":\"%s\"},\"tier\":\"%s\","
                + "\"expiration_days\":7,\"client_tag\":\"sandbox-demo\"}", set.bucket(), set.prefix(), tier);
        return new Job(body, set.selected(), "expected " + set.notArchived() + " Intelligent-Tiering objects in a"
                + " frequent tier skipped as not archived; " + set.standard() + " STANDARD objects not selected");
    }

    /**
     * Waits for the job's quote, prints it and confirms it, as a user of {@code s3-restore jobs create} would.
     *
     * @return the objects quoted, or empty when the quote did not come
     */
    private Optional<Integer> quoteAndConfirm(JobsApiClient api, String jobId, Duration timeout)
            throws InterruptedException {
        Instant giveUp = Instant.now().plus(timeout);
        JsonNode job = api.getJob(jobId).body();
        while (!job.path("Quote").path("Ready").asBoolean()) {
            if (Instant.now().isAfter(giveUp) || !"AwaitingConfirmation".equals(job.path("Status").asText())) {
                out.printf("No quote for job %s: %s%n", jobId, job);
                return Optional.empty();
            }
            Thread.sleep(250);
            job = api.getJob(jobId).body();
        }
        JsonNode quote = job.path("Quote");
        out.printf(Locale.ROOT, "Quote: %,d objects (exact), %,d bytes (%s)%n", quote.path("Objects").asLong(),
                quote.path("Bytes").asLong(), quote.path("BytesExact").asBoolean() ? "exact" : "estimated");
        for (JsonNode line : quote.path("ByStorageClass")) {
            out.printf(Locale.ROOT, "  %-20s %,7d objects %,12d bytes  requests $%.4f  retrieval $%.4f  ready within %d h%n",
                    line.path("StorageClass").asText(), line.path("Objects").asLong(), line.path("Bytes").asLong(),
                    line.path("RestoreRequestsUsd").asDouble(), line.path("RetrievalUsd").asDouble(),
                    line.path("ReadyWithinHours").asLong());
        }
        out.printf(Locale.ROOT, "  Batch Operations $%.4f, tracking $%.4f, total $%.4f; the quote expires %s%n",
                quote.path("BatchOperationsUsd").asDouble(), quote.path("TrackingUsd").asDouble(),
                quote.path("TotalUsd").asDouble(), quote.path("ExpiresAt").asText());
        var confirmed = api.confirmJob(jobId);
        out.printf("POST /jobs/%s/confirm -> %d: %s%n", jobId, confirmed.status(), confirmed.text("Status"));
        return confirmed.status() == 202 ? Optional.of((int) quote.path("Objects").asLong()) : Optional.empty();
    }

    private Outcome report(String jobId, Job job, Optional<Notification> terminal,
                           Duration wall, Optional<Duration> lag, Instant posted, Instant ended) {
        if (terminal.isEmpty()) {
            out.printf("No terminal notification within %s: the job is still running. Logs: %s%n", timeout,
                    SandboxLogging.logFile());
            return new Outcome(1, jobId, terminal, wall, Optional.empty(), lag);
        }
        Optional<Duration> created = Optional.of(Duration.between(posted, ended));
        Notification last = terminal.get();
        out.println();
        out.printf("Results report: %s%n", last.field("ReportUri"));
        out.printf(Locale.ROOT, "Wall time %.1f s (job created to %s: %.1f s)", seconds(wall), last.status(),
                seconds(created.orElseThrow()));
        lag.ifPresent(d -> out.printf(Locale.ROOT, "; last restore to the %s notification: %.1f s", last.status(), seconds(d)));
        out.println();
        if (!"Complete".equals(last.status())) {
            out.printf("The job ended %s, not Complete: %s%n", last.status(),
                    Optional.ofNullable(last.field("FailureReason")).orElse("see the report and " + SandboxLogging.logFile()));
            return new Outcome(1, jobId, terminal, wall, created, lag);
        }
        String copied = last.field("CopiedObjects") == null ? ""
                : ", " + last.field("CopiedObjects") + " copied to s3://" + DemoObjects.COPY_BUCKET + " ("
                + last.field("CopyFailedObjects") + " copies failed)";
        out.printf("Complete: %s restored, %s failed, %s skipped%s (%s).%n", last.field("RestoredObjects"),
                last.field("FailedBatchFiles"), Optional.ofNullable(last.field("SkippedObjects")).orElse("0"), copied,
                job.expectation());
        return new Outcome(0, jobId, terminal, wall, created, lag);
    }

    /** The request body with the demo's copy option added. */
    static String withCopy(String body) {
        return body.substring(0, body.lastIndexOf('}')) + ",\"copy\":{\"destination_bucket\":\""
                + DemoObjects.COPY_BUCKET + "\",\"storage_class\":\"STANDARD_IA\"}}";
    }

    private void validate() {
        if (objects < 1 || objects > 1_000_000) {
            throw new IllegalArgumentException("--objects must be 1 to 1,000,000, not " + objects);
        }
        if (!tier.equals("STANDARD") && !tier.equals("BULK")) {
            throw new IllegalArgumentException("--tier must be STANDARD or BULK, not " + tier);
        }
        if (!(failureShare >= 0 && failureShare <= 0.5)) {
            throw new IllegalArgumentException("--failure-share must be 0 to 0.5 (above half, Batch Operations fails the job), not "
                    + failureShare);
        }
    }

    static double seconds(Duration duration) {
        return duration.toMillis() / 1000.0;
    }
}
