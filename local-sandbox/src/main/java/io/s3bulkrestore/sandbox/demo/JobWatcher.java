package io.s3bulkrestore.sandbox.demo;

import com.fasterxml.jackson.databind.JsonNode;
import io.s3bulkrestore.sandbox.JobsApiClient;
import io.s3bulkrestore.sandbox.NotificationFeed;
import io.s3bulkrestore.sandbox.NotificationFeed.Notification;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * Follows one job as its user would: each notification from the subscribed queue as it arrives, and between
 * them a progress bar from {@code GET /jobs/{id}} (redrawn in place on a terminal, a line every few seconds
 * otherwise).
 */
final class JobWatcher {

    private static final int BAR_WIDTH = 30;
    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration PLAIN_BAR_EVERY = Duration.ofSeconds(5);

    private final JobsApiClient api;
    private final NotificationFeed feed;
    private final PrintStream out;
    private final boolean interactive;
    private String lastBar = "";
    private Instant lastBarPrinted = Instant.EPOCH;

    JobWatcher(JobsApiClient api, NotificationFeed feed, PrintStream out, boolean interactive) {
        this.api = api;
        this.feed = feed;
        this.out = out;
        this.interactive = interactive;
    }

    Optional<Notification> awaitTerminal(String jobId, int expectedObjects, Duration timeout) throws InterruptedException {
        Instant giveUp = Instant.now().plus(timeout);
        Instant nextPoll = Instant.now();
        while (Instant.now().isBefore(giveUp)) {
            Optional<Notification> next = feed.next(POLL);
            if (next.isPresent() && jobId.equals(next.get().jobId())) {
                Notification notification = next.get();
                clearBar();
                out.println(describe(notification));
                if (notification.isTerminal()) {
                    return next;
                }
            }
            if (!Instant.now().isBefore(nextPoll)) {
                nextPoll = Instant.now().plus(POLL);
                var job = api.getJob(jobId);
                if (job.status() == 200) {
                    drawBar(bar(job.body(), expectedObjects));
                }
            }
        }
        clearBar();
        return Optional.empty();
    }

    static String describe(Notification n) {
        StringBuilder line = new StringBuilder();
        line.append(DemoCommand.TIME.format(Instant.now())).append("  SNS ").append(String.format("%-9s", n.status()));
        if ("Restoring".equals(n.status())) {
            line.append(String.format(Locale.ROOT, " %3s%%", n.field("ProgressPercent")));
        }
        line.append(String.format(Locale.ROOT, "  restored %s, failed %s, pending %s", n.field("RestoredObjects"),
                n.field("FailedObjects"), n.field("PendingObjects")));
        if (n.field("CopiedObjects") != null) {
            line.append(String.format(Locale.ROOT, ", copied %s, copies failed %s", n.field("CopiedObjects"),
                    n.field("CopyFailedObjects")));
        }
        if (n.isTerminal()) {
            line.append("  FailedBatchFiles=").append(n.field("FailedBatchFiles"));
        }
        line.append("  (").append(n.field("NotificationId")).append(')');
        return line.toString();
    }

    /** The bar for a job as {@code GET /jobs/{id}} shows it. */
    static String bar(JsonNode job, int expectedObjects) {
        long total = job.path("TotalObjects").isNumber() ? job.path("TotalObjects").asLong() : expectedObjects;
        long restored = job.path("RestoredObjects").asLong();
        long failed = job.path("FailedObjects").asLong();
        long settled = Math.min(total, restored + failed);
        int filled = total == 0 ? 0 : (int) (settled * BAR_WIDTH / total);
        String registering = job.path("TotalObjects").isNumber() ? "" : "  (manifest still being read)";
        String copied = job.path("CopiedObjects").isNumber()
                ? String.format(Locale.ROOT, ", %,d copied", job.path("CopiedObjects").asLong()) : "";
        return String.format(Locale.ROOT, "[%s%s] %3d%%  %,d restored%s, %,d failed of %,d  batch %s%s",
                "#".repeat(filled), "-".repeat(BAR_WIDTH - filled), total == 0 ? 0 : settled * 100 / total,
                restored, copied, failed, total, job.path("BatchStatus").asText("-"), registering);
    }

    private void drawBar(String bar) {
        if (interactive) {
            out.print("\r" + bar);
            lastBar = bar;
        } else if (!bar.equals(lastBar) && Duration.between(lastBarPrinted, Instant.now()).compareTo(PLAIN_BAR_EVERY) >= 0) {
            out.println(bar);
            lastBar = bar;
            lastBarPrinted = Instant.now();
        }
        out.flush();
    }

    private void clearBar() {
        if (interactive && !lastBar.isEmpty()) {
            out.print("\r" + " ".repeat(lastBar.length()) + "\r");
            lastBar = "";
        }
    }
}
