package io.s3bulkrestore.routing;

import java.util.List;
import java.util.Optional;

/**
 * Decides how to make a bucket deliver restore events to a destination without disturbing anything
 * already configured: PutBucketNotificationConfiguration replaces the whole document, so we only ever
 * add to what was read.
 */
public final class RoutingPlan {

    /** The restore event types we consume. */
    public static final List<String> RESTORE_EVENTS =
            List.of("s3:ObjectRestore:Post", "s3:ObjectRestore:Completed", "s3:ObjectRestore:Delete");

    private RoutingPlan() {
    }

    public sealed interface Decision {
        /** The bucket already sends these events to the destination. */
        record AlreadyRouted(NotificationTarget existing) implements Decision {
        }

        /** Append the new configuration to the existing ones. */
        record Add(NotificationTarget added) implements Decision {
        }

        /** An existing configuration overlaps; S3 would refuse ours, and replacing it is not ours to do. */
        record Conflict(NotificationTarget existing, String reason) implements Decision {
        }
    }

    /**
     * @param existing    every Topic, Queue and LambdaFunction configuration of the bucket
     * @param destination where restore events must go
     * @param kind        the configuration kind for the destination ("Queue" or "Topic")
     * @param id          the id to give a configuration we add
     */
    public static Decision plan(List<NotificationTarget> existing, String kind, String destination, String id) {
        return plan(existing, kind, destination, id, RESTORE_EVENTS, "Use routing mode EVENTBRIDGE, or remove that configuration");
    }

    /**
     * The same rule for any set of restore event types (the CLI's --sns-arn wants Post and Completed only).
     *
     * @param events event types the destination must receive for every key
     * @param advice the last sentence of a conflict's reason: what the user can do about it
     */
    public static Decision plan(List<NotificationTarget> existing, String kind, String destination, String id,
                                List<String> events, String advice) {
        Optional<NotificationTarget> ours = existing.stream()
                .filter(target -> target.arn().equals(destination) && target.delivers(events))
                .findFirst();
        if (ours.isPresent()) {
            return new Decision.AlreadyRouted(ours.get());
        }
        NotificationTarget wanted = new NotificationTarget(kind, id, destination, events, "", "");
        for (NotificationTarget target : existing) {
            if (target.overlaps(wanted)) {
                return new Decision.Conflict(target, "the bucket already sends restore events to "
                        + target.describe() + "; S3 allows only one destination per event type and key filter. "
                        + advice);
            }
        }
        return new Decision.Add(wanted);
    }
}
