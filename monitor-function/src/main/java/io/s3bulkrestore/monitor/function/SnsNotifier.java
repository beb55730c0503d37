package io.s3bulkrestore.monitor.function;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.s3bulkrestore.model.ErrorCode;
import io.s3bulkrestore.model.ServiceException;
import io.s3bulkrestore.monitor.JobNotification;
import io.s3bulkrestore.ports.Notifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Publishes job notifications to the SNS topic (DESIGN §4): a JSON body with the seed fields
 * ({@code JobId}, {@code BatchJobId}, {@code Status}, {@code ProgressPercent}, {@code FailedBatchFiles},
 * as strings) and the rest, and message attributes {@code Status}, {@code JobId}, {@code ClientTag} for
 * subscription filter policies.
 */
public final class SnsNotifier implements Notifier {

    private static final Logger LOG = LoggerFactory.getLogger(SnsNotifier.class);

    private final SnsClient sns;
    private final String topicArn;
    private final ObjectMapper json;

    public SnsNotifier(SnsClient sns, String topicArn, ObjectMapper json) {
        this.sns = Objects.requireNonNull(sns, "sns");
        this.topicArn = Objects.requireNonNull(topicArn, "topicArn");
        this.json = Objects.requireNonNull(json, "json");
    }

    @Override
    public void publish(JobNotification notification) {
        Map<String, MessageAttributeValue> attributes = new HashMap<>();
        attributes.put("Status", text(notification.status().displayName()));
        attributes.put("JobId", text(notification.jobId()));
        notification.clientTag().ifPresent(tag -> attributes.put("ClientTag", text(tag)));
        try {
            var response = sns.publish(b -> b.topicArn(topicArn).message(body(notification))
                    .messageAttributes(attributes));
            LOG.info("Published {} as SNS message {}", notification.notificationId(), response.messageId());
        } catch (SdkException e) {
            LOG.warn("Publishing {} failed: {}", notification.notificationId(), e.toString());
            throw new ServiceException(ErrorCode.UPSTREAM_FAILED, "publishing the notification failed");
        }
    }

    String body(JobNotification n) {
        ObjectNode body = json.createObjectNode();
        body.put("JobId", n.jobId());
        body.put("BatchJobId", n.batchJobId());
        body.put("Status", n.status().displayName());
        body.put("ProgressPercent", Integer.toString(n.progressPercent()));
        body.put("FailedBatchFiles", Long.toString(n.failedObjects()));
        n.clientTag().ifPresent(tag -> body.put("ClientTag", tag));
        n.totalObjects().ifPresent(total -> body.put("TotalObjects", total));
        body.put("RestoredObjects", n.restoredObjects());
        body.put("FailedObjects", n.failedObjects());
        body.put("SkippedObjects", n.skippedObjects());
        n.pendingObjects().ifPresent(pending -> body.put("PendingObjects", pending));
        body.put("Tier", n.tier());
        n.reportUri().ifPresent(uri -> body.put("ReportUri", uri));
        body.put("Timestamp", n.timestamp().toString());
        body.put("NotificationId", n.notificationId());
        n.reason().ifPresent(reason -> body.put("Reason", reason));
        try {
            return json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a notification body", e);
        }
    }

    private static MessageAttributeValue text(String value) {
        return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
    }
}
