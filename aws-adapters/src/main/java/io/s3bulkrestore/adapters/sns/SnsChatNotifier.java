package io.s3bulkrestore.adapters.sns;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.s3bulkrestore.adapters.eventbridge.EventBridgeNotifier;
import io.s3bulkrestore.model.ErrorCode;
import io.s3bulkrestore.model.JobStatus;
import io.s3bulkrestore.model.ServiceException;
import io.s3bulkrestore.monitor.JobNotification;
import io.s3bulkrestore.monitor.Notifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sns.SnsClient;

import java.util.Objects;

/**
 * Publishes job notifications to the chat topic in the custom notification format of Amazon Q Developer in chat
 * applications (Slack, Microsoft Teams; "Custom notifications using Amazon Q Developer in chat applications",
 * https://docs.aws.amazon.com/chatbot/latest/adminguide/custom-notifs.html): version 1.0, source custom, a
 * client-markdown title and description, and the job id as the thread id, so a job's updates stay in one thread.
 */
public final class SnsChatNotifier implements Notifier {

    private static final Logger LOG = LoggerFactory.getLogger(SnsChatNotifier.class);

    private final SnsClient sns;
    private final String topicArn;
    private final ObjectMapper json;

    public SnsChatNotifier(SnsClient sns, String topicArn, ObjectMapper json) {
        this.sns = Objects.requireNonNull(sns, "sns");
        this.topicArn = Objects.requireNonNull(topicArn, "topicArn");
        this.json = Objects.requireNonNull(json, "json");
    }

    @Override
    public void publish(JobNotification notification) {
        try {
            sns.publish(b -> b.topicArn(topicArn).message(message(notification)));
            LOG.info("Published {} to the chat topic", notification.notificationId());
        } catch (SdkException e) {
            LOG.warn("Publishing {} to the chat topic failed: {}", notification.notificationId(), e.toString());
            throw new ServiceException(ErrorCode.UPSTREAM_FAILED, "publishing the chat notification failed");
        }
    }

    String message(JobNotification n) {
        ObjectNode message = json.createObjectNode();
        message.put("version", "1.0");
        message.put("source", "custom");
        message.put("id", n.notificationId());
        ObjectNode content = message.putObject("content");
        content.put("textType", "client-markdown");
        content.put("title", icon(n.status()) + " Restore job `" + n.jobId() + "` is " + n.status().displayName()
                + (n.status().isTerminal() ? "" : " (" + n.progressPercent() + "%)"));
        content.put("description", description(n));
        if (n.status() == JobStatus.FAILED || n.status() == JobStatus.TIMEOUT) {
            content.putArray("nextSteps").add("Read the results report for each object's outcome and error code")
                    .add("See README, Operate, for what to do");
        }
        ObjectNode metadata = message.putObject("metadata");
        metadata.put("threadId", n.jobId());
        metadata.put("summary", "Restore job " + n.jobId() + ": " + n.status().displayName());
        metadata.put("eventType", EventBridgeNotifier.DETAIL_TYPE);
        ObjectNode context = metadata.putObject("additionalContext");
        context.put("JobId", n.jobId());
        context.put("Status", n.status().displayName());
        n.clientTag().ifPresent(tag -> context.put("ClientTag", tag));
        try {
            return json.writeValueAsString(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a chat notification", e);
        }
    }

    private static String description(JobNotification n) {
        StringBuilder text = new StringBuilder();
        text.append("*Restored* ").append(n.restoredObjects());
        n.totalObjects().ifPresent(total -> text.append(" of ").append(total));
        text.append(" · *Failed* ").append(n.failedObjects());
        text.append(" · *Not archived* ").append(n.skippedObjects());
        n.pendingObjects().ifPresent(pending -> text.append(" · *Pending* ").append(pending));
        n.reason().ifPresent(reason -> text.append("\n").append(reason));
        n.reportUri().ifPresent(uri -> text.append("\nResults report: `").append(uri).append('`'));
        n.clientTag().ifPresent(tag -> text.append("\nClient tag: ").append(tag));
        return text.toString();
    }

    private static String icon(JobStatus status) {
        return switch (status) {
            case COMPLETE -> ":white_check_mark:";
            case FAILED, TIMEOUT -> ":x:";
            case CANCELLED -> ":no_entry_sign:";
            default -> ":hourglass_flowing_sand:";
        };
    }
}
