package io.s3bulkrestore.adapters.sns;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.s3bulkrestore.model.JobStatus;
import io.s3bulkrestore.monitor.JobNotification;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sns.SnsClient;

import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class SnsNotifierTest {

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void shouldKeepTheSeedFieldsAsStringsAndAddTheRest() throws Exception {
        // Given a timeout notification
        var notification = new JobNotification("job-1:Timeout:100", "job-1", "batch-1", JobStatus.TIMEOUT, 66, 1,
                Optional.of("team-a"), Optional.of(4L), 1, 1, Optional.of(1L), "BULK", Optional.of("s3://r/results/job-1.csv"),
                Instant.parse("2026-11-23T10:00:00Z"), Optional.of("the deadline passed"));

        // When its body is written (no request is sent)
        JsonNode body = json.readTree(new SnsNotifier(SnsClient.builder().region(software.amazon.awssdk.regions.Region.US_EAST_1)
                .build(), "arn:aws:sns:us-east-1:123456789012:t", json).body(notification));

        // Then the seed fields are strings and the others are present
        assertThat(body.get("JobId").asText()).isEqualTo("job-1");
        assertThat(body.get("BatchJobId").asText()).isEqualTo("batch-1");
        assertThat(body.get("Status").asText()).isEqualTo("Timeout");
        assertThat(body.get("ProgressPercent").isTextual()).isTrue();
        assertThat(body.get("ProgressPercent").asText()).isEqualTo("66");
        assertThat(body.get("FailedBatchFiles").asText()).isEqualTo("1");
        assertThat(body.get("ClientTag").asText()).isEqualTo("team-a");
        assertThat(body.get("TotalObjects").asLong()).isEqualTo(4);
        assertThat(body.get("RestoredObjects").asLong()).isEqualTo(1);
        assertThat(body.get("SkippedObjects").asLong()).isEqualTo(1);
        assertThat(body.get("PendingObjects").asLong()).isEqualTo(1);
        assertThat(body.get("Tier").asText()).isEqualTo("BULK");
        assertThat(body.get("ReportUri").asText()).isEqualTo("s3://r/results/job-1.csv");
        assertThat(body.get("NotificationId").asText()).isEqualTo("job-1:Timeout:100");
        assertThat(body.get("Reason").asText()).isEqualTo("the deadline passed");
        assertThat(body.get("Timestamp").asText()).isEqualTo("2026-11-23T10:00:00Z");
    }

    @Test
    void shouldSendEveryProtocolTheJsonBodyAndEmailReadableLinesUnderASubject() throws Exception {
        var notification = new JobNotification("job-2:Restoring:40", "job-2", "batch-2", JobStatus.RESTORING, 40, 3,
                Optional.empty(), Optional.of(1000L), 400, 7, Optional.of(590L), "BULK", Optional.empty(),
                Instant.parse("2026-11-23T10:00:00Z"), Optional.empty());
        var notifier = new SnsNotifier(SnsClient.builder().region(software.amazon.awssdk.regions.Region.US_EAST_1)
                .build(), "arn:aws:sns:us-east-1:123456789012:t", json);

        JsonNode message = json.readTree(notifier.perProtocol(notification));

        // every subscriber but e-mail gets the JSON body unchanged (the notification contract)
        assertThat(message.get("default").asText()).isEqualTo(notifier.body(notification));
        assertThat(message.get("email").asText()).isEqualTo("""
                Restore job job-2 is Restoring (40%).

                Restored: 400 of 1000 objects
                Failed: 3
                Skipped (not in an archive storage class): 7
                Pending: 590

                Tier: BULK
                S3 Batch Operations job: batch-2
                Notification job-2:Restoring:40, 2026-11-23T10:00:00Z
                """);
        assertThat(SnsNotifier.subject(notification)).isEqualTo("s3-bulk-restore job job-2: Restoring 40%");
    }

    @Test
    void shouldKeepTheSubjectToWhatSnsAccepts() {
        var notification = new JobNotification("n", "j".repeat(120), null, JobStatus.FAILED, 0, 0, Optional.empty(),
                Optional.empty(), 0, 0, Optional.empty(), "BULK", Optional.empty(), Instant.now(),
                Optional.of("batch job failed"));

        String subject = SnsNotifier.subject(notification);

        assertThat(subject).hasSize(100).matches("[\\x20-\\x7E]+").startsWith("s3-bulk-restore job jjj");
        assertThat(SnsNotifier.emailText(notification)).contains("is Failed.", "Reason: batch job failed")
                .doesNotContain("Batch Operations job");
    }
}
