package io.s3bulkrestore.routing;

import java.util.List;
import java.util.Objects;

/**
 * One entry of a bucket's notification configuration, as far as overlap rules care: where it sends,
 * which event types, which key filter.
 *
 * @param kind   "Topic", "Queue" or "LambdaFunction"
 * @param id     the configuration's id (may be empty)
 * @param arn    the destination
 * @param events event types such as {@code s3:ObjectRestore:*} or {@code s3:ObjectRestore:Completed}
 * @param prefix key-name prefix filter, "" for none
 * @param suffix key-name suffix filter, "" for none
 */
public record NotificationTarget(String kind, String id, String arn, List<String> events, String prefix,
                                 String suffix) {

    public NotificationTarget {
        Objects.requireNonNull(kind, "kind");
        id = id == null ? "" : id;
        Objects.requireNonNull(arn, "arn");
        events = List.copyOf(events);
        prefix = prefix == null ? "" : prefix;
        suffix = suffix == null ? "" : suffix;
    }

    /**
     * S3 refuses two configurations whose event types and key filters both overlap: the same event type (a
     * wildcard type overlaps each type it covers) with prefixes or suffixes that can match the same key
     * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/notification-how-to-filtering.html). Configurations
     * for disjoint event types never overlap, whatever their filters.
     */
    public boolean overlaps(NotificationTarget other) {
        boolean eventsOverlap = events.stream().anyMatch(mine -> other.events.stream().anyMatch(theirs ->
                eventTypesOverlap(mine, theirs)));
        boolean prefixesOverlap = prefix.isEmpty() || other.prefix.isEmpty()
                || prefix.startsWith(other.prefix) || other.prefix.startsWith(prefix);
        boolean suffixesOverlap = suffix.isEmpty() || other.suffix.isEmpty()
                || suffix.endsWith(other.suffix) || other.suffix.endsWith(suffix);
        return eventsOverlap && prefixesOverlap && suffixesOverlap;
    }

    /** Whether this configuration already delivers every one of {@code wanted} for every key. */
    public boolean delivers(List<String> wanted) {
        return prefix.isEmpty() && suffix.isEmpty()
                && wanted.stream().allMatch(type -> events.stream().anyMatch(mine -> covers(mine, type)));
    }

    /** "Queue 'audit' (arn:aws:sqs:...) for s3:ObjectRestore:*" — for error messages. */
    public String describe() {
        return kind + (id.isEmpty() ? "" : " '" + id + "'") + " (" + arn + ") for " + String.join(", ", events)
                + (prefix.isEmpty() ? "" : " prefix '" + prefix + "'")
                + (suffix.isEmpty() ? "" : " suffix '" + suffix + "'");
    }

    static boolean eventTypesOverlap(String a, String b) {
        return covers(a, b) || covers(b, a);
    }

    /** {@code s3:ObjectRestore:*} covers {@code s3:ObjectRestore:Completed}; a type covers itself. */
    static boolean covers(String pattern, String type) {
        if (pattern.equals(type)) {
            return true;
        }
        return pattern.endsWith("*") && type.startsWith(pattern.substring(0, pattern.length() - 1));
    }
}
