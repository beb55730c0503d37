package io.s3bulkrestore.adapters.sns;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.s3bulkrestore.adapters.MotoExtension;
import io.s3bulkrestore.model.JobStatus;
import io.s3bulkrestore.monitor.JobNotification;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Against moto: job notifications on the chat topic reach a channel's subscription in Amazon Q Developer's custom
 * notification format.
 */
class SnsChatNotifierIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    @RegisterExtension
    static final MotoExtension MOTO = new MotoExtension();

    @Test
    void shouldPublishTheCustomNotificationFormatThreadedByJob() throws Exception {
        String topicArn = MOTO.clients().sns().createTopic(b -> b.name("chat")).topicArn();
        String queueUrl = MOTO.clients().sqs().createQueue(b -> b.queueName("chat-channel")).queueUrl();
        String queueArn = queueArn(queueUrl);
        MOTO.clients().sns().subscribe(b -> b.topicArn(topicArn).protocol("sqs").endpoint(queueArn)
                .attributes(Map.of("RawMessageDelivery", "true")));
        var notification = new JobNotification("job-9:Timeout:100", "job-9", "batch-9", JobStatus.TIMEOUT, 80, 1,
                Optional.of("team-c"), Optional.of(10L), 8, 0, Optional.of(1L), "BULK",
                Optional.of("s3://reports/results/job-9.csv"), Instant.now(), Optional.of("the deadline passed"));

        new SnsChatNotifier(MOTO.clients().sns(), topicArn, JSON).publish(notification);

        List<Message> received = receive(queueUrl);
        assertThat(received).hasSize(1);
        JsonNode message = JSON.readTree(received.getFirst().body());
        // the fields the format requires, with the values it requires
        assertThat(message.get("version").asText()).isEqualTo("1.0");
        assertThat(message.get("source").asText()).isEqualTo("custom");
        assertThat(message.get("id").asText()).isEqualTo("job-9:Timeout:100");
        assertThat(message.at("/content/textType").asText()).isEqualTo("client-markdown");
        assertThat(message.at("/content/title").asText()).isEqualTo(":x: Restore job `job-9` is Timeout");
        assertThat(message.at("/content/description").asText()).isEqualTo("""
                *Restored* 8 of 10 · *Failed* 1 · *Not archived* 0 · *Pending* 1
                the deadline passed
                Results report: `s3://reports/results/job-9.csv`
                Client tag: team-c""");
        assertThat(message.at("/content/nextSteps")).hasSize(2);
        assertThat(message.at("/metadata/threadId").asText()).isEqualTo("job-9");
        assertThat(message.at("/metadata/additionalContext/ClientTag").asText()).isEqualTo("team-c");
    }

    @Test
    void shouldShowProgressWhileRestoringWithoutNextSteps() {
        var notification = new JobNotification("job-9:Restoring:30", "job-9", "batch-9", JobStatus.RESTORING, 30, 0,
                Optional.empty(), Optional.empty(), 3, 0, Optional.empty(), "BULK", Optional.empty(), Instant.now(),
                Optional.empty());

        String message = new SnsChatNotifier(MOTO.clients().sns(), "arn:aws:sns:us-east-1:123456789012:chat", JSON)
                .message(notification);

        assertThat(message).contains("\"title\":\":hourglass_flowing_sand: Restore job `job-9` is Restoring (30%)\"",
                "\"description\":\"*Restored* 3 · *Failed* 0 · *Not archived* 0\"").doesNotContain("nextSteps");
    }

    private static String queueArn(String queueUrl) {
        return MOTO.clients().sqs().getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
    }

    /** What the queue receives within about ten seconds. */
    private static List<Message> receive(String queueUrl) {
        List<Message> received = new ArrayList<>();
        for (int attempt = 0; attempt < 10 && received.isEmpty(); attempt++) {
            received.addAll(MOTO.clients().sqs().receiveMessage(b -> b.queueUrl(queueUrl).waitTimeSeconds(1)).messages());
        }
        return received;
    }
}
