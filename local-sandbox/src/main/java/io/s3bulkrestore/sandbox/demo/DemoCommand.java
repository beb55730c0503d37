package io.s3bulkrestore.sandbox.demo;

import io.s3bulkrestore.adapters.metrics.EmfMetrics;
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
 * it arrives and a progress bar, and exits 0 when the job is Complete.
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
            description = "share of objects never archived, whose restore task fails (0-0.5, default ${DEFAULT-VALUE})")
    double failureShare;

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
            var manifest = DemoObjects.create(sandbox.clients(), "demo-" + creating.toEpochMilli(), objects, failureShare);
            out.printf(Locale.ROOT, "Archived %,d objects (GLACIER and DEEP_ARCHIVE; %,d left in STANDARD, so their "
                            + "restore fails) in %s and %s (versioned), in %.1f s%n", manifest.objects(),
                    manifest.notArchived(), DemoObjects.ARCHIVE_BUCKET, DemoObjects.VERSIONED_BUCKET,
                    seconds(Duration.between(creating, Instant.now())));
            out.printf("Manifest: s3://%s/%s%n", manifest.bucket(), manifest.key());

            try (NotificationFeed feed = NotificationFeed.subscribe(sandbox.clients(), sandbox.resources().topicArn())) {
                var api = new JobsApiClient(sandbox.apiEndpoint(), sandbox.apiKey());
                String body = String.format(Locale.ROOT,
                        "{\"bucket\":\"%s\",\"key\":\"%s\",\"tier\":\"%s\",\"expiration_days\":7,\"client_tag\":\"sandbox-demo\"}",
                        manifest.bucket(), manifest.key(), tier);
                Instant posted = Instant.now();
                var created = api.createJob(body, Optional.of("demo-" + posted.toEpochMilli()));
                if (created.status() != 201) {
                    out.printf("POST /jobs answered %d: %s%n", created.status(), created.rawBody());
                    return new Outcome(1, null, Optional.empty(), Duration.between(begin, Instant.now()), Optional.empty(),
                            Optional.empty());
                }
                String jobId = created.text("JobId");
                out.printf("POST /jobs -> 201: job %s (Batch Operations job %s)%n", jobId, created.text("BatchJobId"));

                var watcher = new JobWatcher(api, feed, out, System.console() != null);
                Optional<Notification> terminal = watcher.awaitTerminal(jobId, manifest.objects(),
                        Durations.parse("--timeout", timeout));
                Instant ended = Instant.now();
                Optional<Duration> lag = terminal.flatMap(n -> sandbox.batchOperations().lastRestoreCompletedAt()
                        .map(last -> Duration.between(last, ended)));
                Outcome outcome = report(jobId, manifest, terminal, Duration.between(begin, ended), lag, posted, ended);
                // the monitor writes its metrics at the end of the tick that published the terminal notification
                sandbox.metrics().awaitJobsEnded(1, METRICS_WAIT);
                out.printf("Metrics the functions would have sent to CloudWatch (namespace %s, dimension %s):%n%s%n",
                        EmfMetrics.NAMESPACE, EmfMetrics.DIMENSION, sandbox.metrics().summary());
                return outcome;
            }
        }
    }

    private Outcome report(String jobId, DemoObjects.Manifest manifest, Optional<Notification> terminal,
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
        out.printf("Complete: %s restored, %s failed (expected %d objects never archived).%n",
                last.field("RestoredObjects"), last.field("FailedBatchFiles"), manifest.notArchived());
        return new Outcome(0, jobId, terminal, wall, created, lag);
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
