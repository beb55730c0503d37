package io.s3bulkrestore.adapters.eventbridge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.s3bulkrestore.adapters.MotoExtension;
import io.s3bulkrestore.adapters.notifications.NotificationJson;
import io.s3bulkrestore.model.JobStatus;
import io.s3bulkrestore.model.ServiceException;
import io.s3bulkrestore.monitor.JobNotification;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequest;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResultEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Against moto: job notifications put on the default event bus reach a rule matching our source and detail type,
 * and an entry PutEvents refuses is a failure.
 */
class EventBridgeNotifierIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    @RegisterExtension
    static final MotoExtension MOTO = new MotoExtension();

    private static JobNotification notification() {
        return new JobNotification("job-7:Complete:100", "job-7", "batch-7", JobStatus.COMPLETE, 100, 1,
                Optional.of("team-b"), Optional.of(3L), 2, 0, Optional.of(0L), "BULK",
                Optional.of("s3://reports/results/job-7.csv"), Instant.now(), Optional.empty());
    }

    @Test
    void shouldPutTheNotificationBodyOnTheDefaultBusForARuleToRoute() throws Exception {
        String queueUrl = MOTO.clients().sqs().createQueue(b -> b.queueName("job-events")).queueUrl();
        String queueArn = queueArn(queueUrl);
        EventBridgeClient events = MOTO.clients().eventBridge();
        events.putRule(b -> b.name("bulk-restore-jobs").eventPattern("""
                {"source":["s3-bulk-restore"],"detail-type":["Bulk Restore Job State Change"],
                 "detail":{"Status":["Complete","Failed","Cancelled","Timeout"]}}"""));
        events.putTargets(b -> b.rule("bulk-restore-jobs").targets(t -> t.id("queue").arn(queueArn)));
        NotificationJson body = new NotificationJson(JSON);
        JobNotification notification = notification();

        new EventBridgeNotifier(() -> events, body).publish(notification);

        List<Message> received = receive(queueUrl);
        assertThat(received).hasSize(1);
        JsonNode event = JSON.readTree(received.getFirst().body());
        assertThat(event.get("source").asText()).isEqualTo(EventBridgeNotifier.SOURCE);
        assertThat(event.get("detail-type").asText()).isEqualTo(EventBridgeNotifier.DETAIL_TYPE);
        assertThat(event.get("detail")).isEqualTo(JSON.readTree(body.body(notification)));
    }

    @Test
    void shouldFailWhenEventBridgeRefusesTheEntry() {
        // PutEvents answers 200 with the entry refused: the monitor must publish again, not count it sent
        EventBridgeClient refusing = new EventBridgeClient() {
            @Override
            public PutEventsResponse putEvents(PutEventsRequest request) {
                return PutEventsResponse.builder().failedEntryCount(1).entries(PutEventsResultEntry.builder()
                        .errorCode("ThrottlingException").errorMessage("Rate exceeded").build()).build();
            }

            @Override
            public String serviceName() {
                return "events";
            }

            @Override
            public void close() {
            }
        };

        assertThatThrownBy(() -> new EventBridgeNotifier(() -> refusing, new NotificationJson(JSON)).publish(notification()))
                .isInstanceOf(ServiceException.class).hasMessageContaining("refused");
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
