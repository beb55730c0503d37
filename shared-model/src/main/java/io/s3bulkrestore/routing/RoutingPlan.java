package io.s3bulkrestore.routing;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;

/**
 * Decides how to make a bucket deliver restore events to a destination without disturbing anything
 * already configured: PutBucketNotificationConfiguration replaces the whole document, so we only ever
 * add to what was read, or narrow the one configuration that is ours.
 */
public final class RoutingPlan {

    /**
     * The restore event types we consume: Completed only. It carries the restored copy's expiry, so Delete
     * (expired) events add nothing, and Post (initiated) events are never counted; each routed event is an
     * SQS message and part of a Lambda invocation we would pay for.
     */
    public static final List<String> RESTORE_EVENTS = List.of("s3:ObjectRestore:Completed");

    private RoutingPlan() {
    }

    public sealed interface Decision {
        /** The bucket already sends exactly these events to the destination. */
        record AlreadyRouted(NotificationTarget existing) implements Decision {
        }

        /** Append the new configuration to the existing ones. */
        record Add(NotificationTarget added) implements Decision {
        }

        /**
         * Our own configuration (an older version of this stack wrote it) sends more event types than we
         * use: give it {@code narrowed}'s events and keep everything else, its id and every other entry.
         */
        record Narrow(NotificationTarget existing, NotificationTarget narrowed) implements Decision {
        }

        /** An existing configuration overlaps; S3 would refuse ours, and replacing it is not ours to do. */
        record Conflict(NotificationTarget existing, String reason) implements Decision {
        }
    }

    /**
     * For the stack's own destination (SQS mode): {@link #RESTORE_EVENTS}, and a configuration that sends to
     * {@code destination} without a key filter is ours. The destination is this stack's queue, which nobody
     * else has a reason to target, so it is the ARN that says "ours", not the id: every deployment of this
     * stack writes the same id, and a configuration with our id but another stack's queue is not ours to
     * change. We never write a key filter, so a filtered one is someone else's (and a conflict).
     *
     * @param existing    every Topic, Queue and LambdaFunction configuration of the bucket
     * @param destination where restore events must go
     * @param kind        the configuration kind for the destination ("Queue" or "Topic")
     * @param id          the id to give a configuration we add
     */
    public static Decision plan(List<NotificationTarget> existing, String kind, String destination, String id) {
        return plan(existing, kind, destination, id, RESTORE_EVENTS,
                "Use routing mode EVENTBRIDGE, or remove that configuration", true);
    }

    /**
     * The same rule for any set of restore event types at a destination that is not the stack's (the CLI's
     * --sns-arn wants Post and Completed at the user's own topic): a configuration that already delivers them
     * is reused as it is, never narrowed, since what else it sends is the user's choice.
     *
     * @param events event types the destination must receive for every key
     * @param advice the last sentence of a conflict's reason: what the user can do about it
     */
    public static Decision plan(List<NotificationTarget> existing, String kind, String destination, String id,
                                List<String> events, String advice) {
        return plan(existing, kind, destination, id, events, advice, false);
    }

    private static Decision plan(List<NotificationTarget> existing, String kind, String destination, String id,
                                 List<String> events, String advice, boolean destinationIsOurs) {
        Optional<NotificationTarget> ours = existing.stream()
                .filter(target -> target.arn().equals(destination) && target.delivers(events))
                .findFirst();
        if (ours.isPresent()) {
            NotificationTarget found = ours.get();
            if (!destinationIsOurs || new HashSet<>(found.events()).equals(new HashSet<>(events))) {
                return new Decision.AlreadyRouted(found);
            }
            // S3 accepted it unfiltered, so nothing else overlaps it; fewer event types cannot start to.
            return new Decision.Narrow(found, new NotificationTarget(found.kind(), found.id(), found.arn(), events,
                    found.prefix(), found.suffix()));
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
