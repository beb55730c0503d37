package io.s3bulkrestore.sandbox;

import io.s3bulkrestore.sandbox.batch.TierRestoreCompleted;
import io.s3bulkrestore.sandbox.batch.TierRestoreListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.FilterRule;
import software.amazon.awssdk.services.s3.model.GetBucketNotificationConfigurationResponse;
import software.amazon.awssdk.services.s3.model.NotificationConfigurationFilter;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Delivers the {@code s3:ObjectRestore:Completed} event of an Intelligent-Tiering restore the emulator completed,
 * where S3 would have delivered it (moto sends it for Glacier restores only):
 * <ul>
 *   <li>to every queue and topic of the bucket's notification configuration that takes the event (its events name
 *       {@code s3:ObjectRestore:Completed} or {@code s3:ObjectRestore:*}, its prefix and suffix match the key), as
 *       an S3 event notification: the SQS routing mode's path;</li>
 *   <li>for a bucket whose EventBridge delivery is on, to the target of the stack's rule (RestoreEventsQueue), as
 *       the EventBridge event itself: the EVENTBRIDGE routing mode's path. moto keeps no EventBridgeConfiguration
 *       to read back and takes no {@code aws.s3} events from PutEvents without adding fields of its own, so the
 *       buckets are the ones the sandbox routed and the rule is the one {@link RestoreEventsRule} created (its
 *       pattern: this detail type, these buckets).</li>
 * </ul>
 */
public final class RestoreCompletedDelivery implements TierRestoreListener {

    private static final Logger LOG = LoggerFactory.getLogger(RestoreCompletedDelivery.class);
    private static final Set<String> TAKING_EVENTS = Set.of("s3:ObjectRestore:Completed", "s3:ObjectRestore:*");

    private final S3Client s3;
    private final SqsClient sqs;
    private final SnsClient sns;
    private final String accountId;
    private final String region;
    private final Set<String> eventBridgeBuckets;
    private final Optional<String> ruleTargetQueueUrl;
    private final Supplier<String> ids;

    /**
     * @param eventBridgeBuckets the buckets whose EventBridge delivery is on and whose events the rule matches
     * @param ruleTargetQueueUrl the queue the rule sends those events to (required when there are such buckets)
     * @param ids                event and request ids
     */
    public RestoreCompletedDelivery(S3Client s3, SqsClient sqs, SnsClient sns, String accountId, String region,
                                    Set<String> eventBridgeBuckets, Optional<String> ruleTargetQueueUrl,
                                    Supplier<String> ids) {
        if (!eventBridgeBuckets.isEmpty() && ruleTargetQueueUrl.isEmpty()) {
            throw new IllegalArgumentException("EventBridge buckets " + eventBridgeBuckets + " need the rule's queue");
        }
        this.s3 = s3;
        this.sqs = sqs;
        this.sns = sns;
        this.accountId = accountId;
        this.region = region;
        this.eventBridgeBuckets = Set.copyOf(eventBridgeBuckets);
        this.ruleTargetQueueUrl = ruleTargetQueueUrl;
        this.ids = ids;
    }

    /** Delivery as the sandbox routes restore events: its routing mode, its allowed buckets, its queue. */
    public static RestoreCompletedDelivery of(S3Client s3, SqsClient sqs, SnsClient sns, SandboxResources resources) {
        boolean eventBridge = resources.routing() == RoutingMode.EVENTBRIDGE;
        return new RestoreCompletedDelivery(s3, sqs, sns, SandboxResources.ACCOUNT_ID, SandboxResources.REGION,
                eventBridge ? Set.copyOf(resources.allowedBuckets()) : Set.of(),
                Optional.of(resources.restoreEventsQueue().url()), () -> UUID.randomUUID().toString());
    }

    @Override
    public void restoreCompleted(TierRestoreCompleted completed) {
        String bucket = completed.object().bucket();
        String key = completed.object().key();
        GetBucketNotificationConfigurationResponse configuration = s3.getBucketNotificationConfiguration(b -> b.bucket(bucket));
        for (var queue : configuration.queueConfigurations()) {
            if (takes(queue.eventsAsStrings(), queue.filter(), key)) {
                String body = RestoreCompletedEvents.notification(completed, region, queue.id(), requestId());
                sqs.sendMessage(b -> b.queueUrl(queueUrl(queue.queueArn())).messageBody(body));
                LOG.debug("ObjectRestore:Completed of {} sent to {}", completed.object(), queue.queueArn());
            }
        }
        for (var topic : configuration.topicConfigurations()) {
            if (takes(topic.eventsAsStrings(), topic.filter(), key)) {
                String body = RestoreCompletedEvents.notification(completed, region, topic.id(), requestId());
                sns.publish(b -> b.topicArn(topic.topicArn()).subject("Amazon S3 Notification").message(body));
                LOG.debug("ObjectRestore:Completed of {} published to {}", completed.object(), topic.topicArn());
            }
        }
        if (eventBridgeBuckets.contains(bucket)) {
            String body = RestoreCompletedEvents.eventBridgeEvent(completed, accountId, region, ids.get(), requestId());
            sqs.sendMessage(b -> b.queueUrl(ruleTargetQueueUrl.orElseThrow()).messageBody(body));
            LOG.debug("Object Restore Completed of {} sent through EventBridge", completed.object());
        }
    }

    private String requestId() {
        return ids.get().replace("-", "").substring(0, 16).toUpperCase();
    }

    private String queueUrl(String queueArn) {
        String[] parts = queueArn.split(":");
        return sqs.getQueueUrl(b -> b.queueName(parts[5]).queueOwnerAWSAccountId(parts[4])).queueUrl();
    }

    static boolean takes(List<String> events, NotificationConfigurationFilter filter, String key) {
        if (events.stream().noneMatch(TAKING_EVENTS::contains)) {
            return false;
        }
        if (filter == null || filter.key() == null) {
            return true;
        }
        for (FilterRule rule : filter.key().filterRules()) {
            boolean matches = switch (rule.nameAsString().toLowerCase()) {
                case "prefix" -> key.startsWith(rule.value());
                case "suffix" -> key.endsWith(rule.value());
                default -> true;
            };
            if (!matches) {
                return false;
            }
        }
        return true;
    }
}
