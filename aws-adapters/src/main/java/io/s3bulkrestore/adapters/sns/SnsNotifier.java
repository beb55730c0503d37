package io.s3bulkrestore.adapters.sns;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.s3bulkrestore.adapters.notifications.NotificationJson;
import io.s3bulkrestore.model.ErrorCode;
import io.s3bulkrestore.model.ServiceException;
import io.s3bulkrestore.monitor.JobNotification;
import io.s3bulkrestore.monitor.Notifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Publishes job notifications to the SNS topic (DESIGN §4): a JSON body with the seed fields
 * ({@code JobId}, {@code BatchJobId}, {@code Status}, {@code ProgressPercent}, {@code FailedBatchFiles},
 * as strings) and the rest, and message attributes {@code Status}, {@code JobId}, {@code ClientTag} for
 * subscription filter policies.
 * <p>
 * The message is sent with a message structure of JSON: every subscriber gets that body ({@code default}), except
 * e-mail subscriptions, which get {@link #emailText a few readable lines} under a subject naming the job and its
 * status (SNS "Amazon SNS message publishing", custom messages per protocol:
 * https://docs.aws.amazon.com/sns/latest/dg/sns-send-custom-platform-specific-payloads-mobile-devices.html).
 */
public final class SnsNotifier implements Notifier {

    private static final Logger LOG = LoggerFactory.getLogger(SnsNotifier.class);

    private final SnsClient sns;
    private final String topicArn;
    private final ObjectMapper json;
    private final NotificationJson notificationJson;

    public SnsNotifier(SnsClient sns, String topicArn, ObjectMapper json) {
        this.sns = Objects.requireNonNull(sns, "sns");
        this.topicArn = Objects.requireNonNull(topicArn, "topicArn");
        this.json = Objects.requireNonNull(json, "json");
        this.notificationJson = new NotificationJson(json);
    }

    @Override
    public void publish(JobNotification notification) {
        Map<String, MessageAttributeValue> attributes = new HashMap<>();
        attributes.put("Status", text(notification.status().displayName()));
        attributes.put("JobId", text(notification.jobId()));
        notification.clientTag().ifPresent(tag -> attributes.put("ClientTag", text(tag)));
        try {
            var response = sns.publish(b -> b.topicArn(topicArn).messageStructure("json")
                    .message(perProtocol(notification)).subject(subject(notification)).messageAttributes(attributes));
            LOG.info("Published {} as SNS message {}", notification.notificationId(), response.messageId());
        } catch (SdkException e) {
            LOG.warn("Publishing {} failed: {}", notification.notificationId(), e.toString());
            throw new ServiceException(ErrorCode.UPSTREAM_FAILED, "publishing the notification failed");
        }
    }

    String body(JobNotification n) {
        return notificationJson.body(n);
    }

    /** The body for every protocol ({@code default}) and the readable text for e-mail. */
    String perProtocol(JobNotification n) {
        ObjectNode message = json.createObjectNode();
        message.put("default", body(n));
        message.put("email", emailText(n));
        try {
            return json.writeValueAsString(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a notification message", e);
        }
    }

    /** SNS allows 100 printable ASCII characters, used by e-mail subscriptions. */
    static String subject(JobNotification n) {
        String status = n.status().isTerminal() ? n.status().displayName()
                : n.status().displayName() + " " + n.progressPercent() + "%";
        String subject = "s3-bulk-restore job " + n.jobId() + ": " + status;
        subject = subject.replaceAll("[^\\x20-\\x7E]", "?");
        return subject.length() <= 100 ? subject : subject.substring(0, 97) + "...";
    }

    /** What an e-mail subscriber reads: the job's state in sentences, then the fields to act on. */
    static String emailText(JobNotification n) {
        StringBuilder text = new StringBuilder();
        text.append("Restore job ").append(n.jobId()).append(" is ").append(n.status().displayName());
        if (!n.status().isTerminal()) {
            text.append(" (").append(n.progressPercent()).append("%)");
        }
        text.append(".\n\n");
        text.append("Restored: ").append(n.restoredObjects());
        n.totalObjects().ifPresent(total -> text.append(" of ").append(total));
        text.append(" objects\nFailed: ").append(n.failedObjects()).append('\n');
        text.append("Skipped (not in an archive storage class): ").append(n.skippedObjects()).append('\n');
        n.copies().ifPresent(copies -> text.append("Copied: ").append(copies.copied()).append(", copies failed: ")
                .append(copies.failed()).append('\n'));
        n.pendingObjects().ifPresent(pending -> text.append("Pending: ").append(pending).append('\n'));
        n.reason().ifPresent(reason -> text.append("Reason: ").append(reason).append('\n'));
        n.reportUri().ifPresent(uri -> text.append("Results report: ").append(uri).append('\n'));
        text.append('\n');
        text.append("Tier: ").append(n.tier()).append('\n');
        n.clientTag().ifPresent(tag -> text.append("Client tag: ").append(tag).append('\n'));
        Optional.ofNullable(n.batchJobId()).ifPresent(id -> text.append("S3 Batch Operations job: ").append(id)
                .append('\n'));
        text.append("Notification ").append(n.notificationId()).append(", ").append(n.timestamp()).append('\n');
        return text.toString();
    }

    private static MessageAttributeValue text(String value) {
        return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
    }
}
