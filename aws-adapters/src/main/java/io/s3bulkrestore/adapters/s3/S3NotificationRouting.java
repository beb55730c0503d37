package io.s3bulkrestore.adapters.s3;

import io.s3bulkrestore.model.ErrorCode;
import io.s3bulkrestore.model.ServiceException;
import io.s3bulkrestore.ports.RestoreEventRouting;
import io.s3bulkrestore.routing.NotificationTarget;
import io.s3bulkrestore.routing.RoutingPlan;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.EventBridgeConfiguration;
import software.amazon.awssdk.services.s3.model.FilterRule;
import software.amazon.awssdk.services.s3.model.GetBucketNotificationConfigurationResponse;
import software.amazon.awssdk.services.s3.model.NotificationConfiguration;
import software.amazon.awssdk.services.s3.model.NotificationConfigurationFilter;
import software.amazon.awssdk.services.s3.model.QueueConfiguration;
import software.amazon.awssdk.services.s3.model.TopicConfiguration;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Routes a bucket's restore events to this stack by adding to its notification configuration, never
 * replacing it: the configuration read is written back with every Topic, Queue and Lambda entry and
 * the EventBridge flag unchanged, plus ours.
 *
 * <p>Two modes. EVENTBRIDGE (default) turns on the bucket's EventBridge delivery; a rule in the stack
 * forwards "Object Restore Completed" events to the events queue. It cannot conflict with anything. SQS adds
 * a queue configuration for {@code s3:ObjectRestore:Completed} ({@link RoutingPlan#RESTORE_EVENTS}); if
 * another configuration already takes those events, that is a conflict we report, not one we resolve. Our
 * own configuration is the unfiltered one that targets our queue: if an older version of the stack wrote it
 * with Post and Delete (or {@code s3:ObjectRestore:*}) too, it is narrowed to Completed in place. A third
 * mode, SNS, serves the restore CLI's {@code --sns-arn} with the same merge and the same overlap rule.
 *
 * <p>A bucket that already routes exactly what we want is not written at all. S3 has no conditional write
 * for this document: a change someone makes between our read and our write is lost. The window is one
 * round trip and only opens for a bucket not yet routed (or routed by an older version of the stack).
 */
public final class S3NotificationRouting implements RestoreEventRouting {

    private static final Logger LOG = LoggerFactory.getLogger(S3NotificationRouting.class);
    public static final String CONFIGURATION_ID = "s3-bulk-restore-restore-events";

    /** How restore events should reach the stack. */
    public sealed interface Mode {
        record EventBridge() implements Mode {
        }

        record Sqs(String queueArn) implements Mode {
            public Sqs {
                Objects.requireNonNull(queueArn, "queueArn");
            }
        }

        /**
         * The restore CLI's {@code --sns-arn}: a topic configuration for {@link #SNS_EVENTS} (a user's own
         * topic, so no Delete events they did not ask for).
         */
        record Sns(String topicArn) implements Mode {
            public Sns {
                Objects.requireNonNull(topicArn, "topicArn");
            }
        }
    }

    /** What {@link Mode.Sns} delivers to the topic. */
    public static final List<String> SNS_EVENTS = List.of("s3:ObjectRestore:Post", "s3:ObjectRestore:Completed");

    private final S3Client s3;
    private final Mode mode;

    public S3NotificationRouting(S3Client s3, Mode mode) {
        this.s3 = s3;
        this.mode = mode;
    }

    @Override
    public Outcome ensureRouted(String bucket) {
        GetBucketNotificationConfigurationResponse current = call("GetBucketNotificationConfiguration", bucket,
                () -> s3.getBucketNotificationConfiguration(b -> b.bucket(bucket)));
        NotificationConfiguration.Builder updated = NotificationConfiguration.builder()
                .topicConfigurations(current.topicConfigurations())
                .queueConfigurations(current.queueConfigurations())
                .lambdaFunctionConfigurations(current.lambdaFunctionConfigurations())
                .eventBridgeConfiguration(current.eventBridgeConfiguration());

        switch (mode) {
            case Mode.EventBridge eventBridge -> {
                if (current.eventBridgeConfiguration() != null) {
                    return new Outcome.AlreadyRouted();
                }
                updated.eventBridgeConfiguration(EventBridgeConfiguration.builder().build());
            }
            case Mode.Sqs sqs -> {
                switch (RoutingPlan.plan(targetsOf(current), "Queue", sqs.queueArn(), CONFIGURATION_ID)) {
                    case RoutingPlan.Decision.AlreadyRouted routed -> {
                        return new Outcome.AlreadyRouted();
                    }
                    case RoutingPlan.Decision.Conflict conflict -> {
                        LOG.warn("bucket {} cannot route restore events to {}: {}", bucket, sqs.queueArn(),
                                conflict.reason());
                        return new Outcome.Conflict("bucket " + bucket + ": " + conflict.reason());
                    }
                    case RoutingPlan.Decision.Add add -> {
                        List<QueueConfiguration> queues = new ArrayList<>(current.queueConfigurations());
                        queues.add(QueueConfiguration.builder()
                                .id(CONFIGURATION_ID)
                                .queueArn(sqs.queueArn())
                                .eventsWithStrings(add.added().events())
                                .build());
                        updated.queueConfigurations(queues);
                    }
                    case RoutingPlan.Decision.Narrow narrow -> {
                        // Only the event list of that one entry changes; its id, its place and every other
                        // entry are written back as read.
                        updated.queueConfigurations(current.queueConfigurations().stream()
                                .map(c -> queueTarget(c).equals(narrow.existing())
                                        ? c.toBuilder().eventsWithStrings(narrow.narrowed().events()).build()
                                        : c)
                                .toList());
                        LOG.info("bucket {}: narrowing our queue configuration '{}' from {} to {}", bucket,
                                narrow.existing().id(), narrow.existing().events(), narrow.narrowed().events());
                    }
                }
            }
            case Mode.Sns sns -> {
                switch (RoutingPlan.plan(targetsOf(current), "Topic", sns.topicArn(), CONFIGURATION_ID, SNS_EVENTS,
                        "Use a topic that configuration already sends to, or remove that configuration")) {
                    case RoutingPlan.Decision.AlreadyRouted routed -> {
                        return new Outcome.AlreadyRouted();
                    }
                    case RoutingPlan.Decision.Conflict conflict -> {
                        LOG.warn("bucket {} cannot send restore events to topic {}: {}", bucket, sns.topicArn(),
                                conflict.reason());
                        return new Outcome.Conflict("bucket " + bucket + ": " + conflict.reason());
                    }
                    case RoutingPlan.Decision.Narrow narrow -> throw new IllegalStateException(
                            "the --sns-arn topic is the user's: its configuration is reused, never narrowed");
                    case RoutingPlan.Decision.Add add -> {
                        List<TopicConfiguration> topics = new ArrayList<>(current.topicConfigurations());
                        topics.add(TopicConfiguration.builder()
                                .id(CONFIGURATION_ID)
                                .topicArn(sns.topicArn())
                                .eventsWithStrings(add.added().events())
                                .build());
                        updated.topicConfigurations(topics);
                    }
                }
            }
        }
        call("PutBucketNotificationConfiguration", bucket, () -> s3.putBucketNotificationConfiguration(b -> b
                .bucket(bucket)
                .notificationConfiguration(updated.build())));
        LOG.info("bucket {} now routes restore events ({})", bucket, mode);
        return new Outcome.Routed();
    }

    static List<NotificationTarget> targetsOf(GetBucketNotificationConfigurationResponse config) {
        return Stream.of(
                        config.topicConfigurations().stream().map(c -> target("Topic", c.id(), c.topicArn(),
                                c.eventsAsStrings(), c.filter())),
                        config.queueConfigurations().stream().map(S3NotificationRouting::queueTarget),
                        config.lambdaFunctionConfigurations().stream().map(c -> target("LambdaFunction", c.id(),
                                c.lambdaFunctionArn(), c.eventsAsStrings(), c.filter())))
                .flatMap(s -> s)
                .toList();
    }

    private static NotificationTarget queueTarget(QueueConfiguration c) {
        return target("Queue", c.id(), c.queueArn(), c.eventsAsStrings(), c.filter());
    }

    private static NotificationTarget target(String kind, String id, String arn, List<String> events,
                                             NotificationConfigurationFilter filter) {
        String prefix = "";
        String suffix = "";
        if (filter != null && filter.key() != null) {
            for (FilterRule rule : filter.key().filterRules()) {
                if ("prefix".equalsIgnoreCase(rule.nameAsString())) {
                    prefix = rule.value();
                } else if ("suffix".equalsIgnoreCase(rule.nameAsString())) {
                    suffix = rule.value();
                }
            }
        }
        return new NotificationTarget(kind, id, arn, events, prefix, suffix);
    }

    private static <T> T call(String operation, String bucket, java.util.function.Supplier<T> request) {
        try {
            return request.get();
        } catch (AwsServiceException e) {
            LOG.warn("S3 {} on bucket {} failed: {} {}", operation, bucket, e.awsErrorDetails().errorCode(),
                    e.awsErrorDetails().errorMessage());
            ErrorCode code = e.statusCode() == 403 ? ErrorCode.BUCKET_NOT_ALLOWED : ErrorCode.UPSTREAM_FAILED;
            throw new ServiceException(code, "S3 " + operation + " on bucket " + bucket + " failed ("
                    + (e.statusCode() == 403 ? "access denied to this stack; " : "")
                    + "AWS request id " + e.requestId() + ")", null, e);
        }
    }
}
