package io.s3bulkrestore.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.s3bulkrestore.model.ObjectId;
import io.s3bulkrestore.model.ObjectId.KeyEncoding;
import io.s3bulkrestore.tracking.RestoreEvent;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Unwraps the three shapes restore events reach our queue in (DESIGN §5):
 * <ul>
 *   <li>an S3 event notification ({@code {"Records":[...]}}), sent by S3 straight to SQS;</li>
 *   <li>the same inside an SNS envelope ({@code {"Type":"Notification","Message":"..."}});</li>
 *   <li>an EventBridge event ({@code "source":"aws.s3"}, detail-type "Object Restore ...").</li>
 * </ul>
 * The {@code s3:TestEvent} S3 sends when a configuration is saved, and events other than restores,
 * yield no events.
 *
 * <p>The two sources spell keys differently, and each is read as AWS documents it:
 * <ul>
 *   <li>S3 event notifications form-URL-encode the key: AWS documents that a key such as {@code red flower.jpg}
 *       arrives as {@code red+flower.jpg}
 *       (https://docs.aws.amazon.com/AmazonS3/latest/userguide/notification-content-structure.html). It is
 *       decoded; {@code +} is a space.</li>
 *   <li>EventBridge events carry {@code detail.object.key} as the key itself: the examples of
 *       https://docs.aws.amazon.com/AmazonS3/latest/userguide/ev-events.html (Object Created, Object Restore
 *       Completed, ...) show raw keys, and that page, unlike the notification one, says nothing of encoding
 *       (moto 5.2.1 sends raw keys too, e.g. {@code dir/a b+c.txt}). The key is taken exactly as written; its
 *       form-decoded reading, when it differs, travels along as the event's decoded variant, credited only if
 *       that is the object a job tracks (exact key first: see {@code TrackedVariantChoice}).</li>
 * </ul>
 */
public final class RestoreEventEnvelopes {

    private final ObjectMapper json;

    public RestoreEventEnvelopes(ObjectMapper json) {
        this.json = json;
    }

    /** The restore events in one queue message body. */
    public List<RestoreEvent> parse(String body) throws MalformedEventException {
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (JsonProcessingException e) {
            throw new MalformedEventException("the message body is not JSON", e);
        }
        if (root == null || !root.isObject()) {
            throw new MalformedEventException("the message body is not a JSON object");
        }
        return parse(root, 0);
    }

    private List<RestoreEvent> parse(JsonNode root, int depth) throws MalformedEventException {
        if (root.has("Records")) {
            return fromNotification(root.get("Records"));
        }
        if ("Notification".equals(text(root, "Type")) && root.has("Message") && depth == 0) {
            JsonNode inner;
            try {
                inner = json.readTree(text(root, "Message"));
            } catch (JsonProcessingException e) {
                throw new MalformedEventException("the SNS message is not JSON", e);
            }
            if (inner == null || !inner.isObject()) {
                throw new MalformedEventException("the SNS message is not a JSON object");
            }
            return parse(inner, depth + 1);
        }
        if ("aws.s3".equals(text(root, "source")) && root.has("detail-type")) {
            return fromEventBridge(root);
        }
        if ("s3:TestEvent".equals(text(root, "Event"))) {
            return List.of();
        }
        throw new MalformedEventException("the message is neither an S3 notification, an SNS envelope of one, "
                + "nor an EventBridge S3 event");
    }

    private List<RestoreEvent> fromNotification(JsonNode records) throws MalformedEventException {
        if (!records.isArray()) {
            throw new MalformedEventException("Records is not an array");
        }
        List<RestoreEvent> events = new ArrayList<>(records.size());
        for (JsonNode record : records) {
            Optional<RestoreEvent.Kind> kind = RestoreEvent.Kind.fromName(text(record, "eventName"));
            if (kind.isEmpty()) {
                continue; // not a restore event: nothing for us
            }
            JsonNode s3 = record.path("s3");
            String bucket = required(s3.path("bucket"), "name", "s3.bucket.name");
            String key = required(s3.path("object"), "key", "s3.object.key");
            String version = text(s3.path("object"), "versionId");
            JsonNode restore = record.path("glacierEventData").path("restoreEventData");
            events.add(new RestoreEvent(kind.get(), object(bucket, key, version, KeyEncoding.FORM),
                    instant(required(record, "eventTime", "eventTime"))).withRestore(
                    optionalInstant(text(restore, "lifecycleRestorationExpiryTime")),
                    text(restore, "lifecycleRestoreStorageClass")));
        }
        return events;
    }

    private List<RestoreEvent> fromEventBridge(JsonNode event) throws MalformedEventException {
        Optional<RestoreEvent.Kind> kind = RestoreEvent.Kind.fromName(text(event, "detail-type"));
        if (kind.isEmpty()) {
            return List.of();
        }
        JsonNode detail = event.path("detail");
        String bucket = required(detail.path("bucket"), "name", "detail.bucket.name");
        String key = required(detail.path("object"), "key", "detail.object.key");
        String version = text(detail.path("object"), "version-id");
        ObjectId exact = object(bucket, key, version, KeyEncoding.NONE);
        return List.of(new RestoreEvent(kind.get(), exact, instant(required(event, "time", "time")),
                formDecodedVariant(exact).orElse(null), optionalInstant(text(detail, "restore-expiry-time")),
                text(detail, "source-storage-class")));
    }

    private static ObjectId object(String bucket, String encodedKey, String version, KeyEncoding encoding)
            throws MalformedEventException {
        try {
            // No version (JSON null or absent: an unversioned bucket) is no version. The string "null" is S3's id of
            // the version written before versioning was enabled: a version like any other (RecordRestoreEvents).
            return ObjectId.fromEncoded(bucket, encodedKey, version, encoding);
        } catch (IllegalArgumentException e) {
            throw new MalformedEventException("the object in the event is not valid: " + e.getMessage(), e);
        }
    }

    /**
     * The object the key would name had it been form-encoded, if that reads differently. A key that is no valid
     * encoding (a lone {@code %}, as in {@code 100%.txt}) has no such reading: it can only be meant as written.
     */
    private static Optional<ObjectId> formDecodedVariant(ObjectId exact) {
        try {
            String decoded = ObjectId.decodeKey(exact.key(), KeyEncoding.FORM);
            return decoded.equals(exact.key()) || decoded.isEmpty() ? Optional.empty()
                    : Optional.of(new ObjectId(exact.bucket(), decoded, exact.versionId()));
        } catch (IllegalArgumentException notAnEncoding) {
            return Optional.empty();
        }
    }

    /** ISO-8601 with a zone as S3 sends it; a time without one (moto sends those) is taken as UTC. */
    private static Instant instant(String text) throws MalformedEventException {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException withoutZone) {
            // fall through to the zone-less form
        }
        try {
            return java.time.LocalDateTime.parse(text).toInstant(java.time.ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw new MalformedEventException("the event time '" + text + "' is not an ISO-8601 instant", e);
        }
    }

    /**
     * When the restored copy expires, if the event says it in a form we read: S3 notifications carry
     * {@code glacierEventData.restoreEventData.lifecycleRestorationExpiryTime}
     * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/notification-content-structure.html), EventBridge
     * events {@code detail.restore-expiry-time} (https://docs.aws.amazon.com/AmazonS3/latest/userguide/ev-events.html).
     * An unreadable one is as good as none: the restore then counts only for jobs created before it.
     */
    private static Instant optionalInstant(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        try {
            return instant(text);
        } catch (MalformedEventException unreadable) {
            return null;
        }
    }

    private static String required(JsonNode node, String field, String path) throws MalformedEventException {
        String value = text(node, field);
        if (value == null || value.isEmpty()) {
            throw new MalformedEventException("the event has no " + path);
        }
        return value;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() || !value.isValueNode() ? null : value.asText();
    }
}
