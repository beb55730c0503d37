package io.s3bulkrestore.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import io.s3bulkrestore.sandbox.NotificationFeed.Notification;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * What the sandbox's job tests wait for and read back: a job's notifications up to its terminal one, a state of the
 * job, its report.
 */
final class JobWaits {

    private JobWaits() {
    }

    /** The job's notifications, in arrival order, up to and including its first terminal one. */
    static List<Notification> notificationsUntilTerminal(NotificationFeed feed, String jobId, Duration timeout)
            throws InterruptedException {
        Instant giveUp = Instant.now().plus(timeout);
        List<Notification> received = new ArrayList<>();
        while (Instant.now().isBefore(giveUp)) {
            Optional<Notification> next = feed.next(Duration.ofMillis(500));
            if (next.isPresent() && jobId.equals(next.get().jobId())) {
                received.add(next.get());
                if (next.get().isTerminal()) {
                    return received;
                }
            }
        }
        throw new AssertionError("no terminal notification for " + jobId + " within " + timeout + "; got " + received);
    }

    /** {@code GET /jobs/{id}} once it satisfies {@code done}, asked every 200 ms for up to {@code timeout}. */
    static JsonNode until(JobsApiClient api, String jobId, Predicate<JsonNode> done, Duration timeout)
            throws InterruptedException {
        Instant giveUp = Instant.now().plus(timeout);
        JsonNode job = null;
        while (Instant.now().isBefore(giveUp)) {
            job = api.getJob(jobId).body();
            if (done.test(job)) {
                return job;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("job " + jobId + " did not get there within " + timeout + "; last seen " + job);
    }

    /** The results report's lines after its header (the test objects' keys and codes hold no comma or quote). */
    static List<String[]> reportRows(Sandbox sandbox, String reportUri) {
        return Arrays.stream(report(sandbox, reportUri).split("\n")).skip(1).filter(line -> !line.isBlank())
                .map(line -> line.split(",", -1)).toList();
    }

    /** The results report's header line. */
    static String reportHeader(Sandbox sandbox, String reportUri) {
        return report(sandbox, reportUri).split("\n")[0];
    }

    /** The results report, whole. */
    static String report(Sandbox sandbox, String reportUri) {
        String bucket = sandbox.resources().reportBucket();
        return sandbox.clients().s3().getObjectAsBytes(b -> b.bucket(bucket)
                .key(reportUri.substring(("s3://" + bucket + "/").length()))).asUtf8String();
    }
}
