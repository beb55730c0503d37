package io.s3bulkrestore.sandbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.s3bulkrestore.sandbox.batch.TierRestoreCompleted;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * The two messages S3 sends when a restore completes, written for an Intelligent-Tiering restore (which moto cannot
 * send: it never performs one). Field for field as AWS documents them and as {@code RestoreEventEnvelopes} reads
 * them: the source storage class is INTELLIGENT_TIERING and there is no restore expiry, since the object is back in
 * Frequent Access for good.
 * <ul>
 *   <li>{@link #eventBridgeEvent}: the EventBridge event ("Object Restore Completed",
 *       https://docs.aws.amazon.com/AmazonS3/latest/userguide/ev-events.html); an SQS target of a rule receives the
 *       event itself as the message body. The key is raw, as in AWS's examples and moto's events.</li>
 *   <li>{@link #notification}: the S3 event notification ({@code ObjectRestore:Completed},
 *       https://docs.aws.amazon.com/AmazonS3/latest/userguide/notification-content-structure.html), key
 *       form-URL-encoded, {@code glacierEventData.restoreEventData} without {@code lifecycleRestorationExpiryTime}.
 *       </li>
 * </ul>
 * The version id is included when the task named one (S3 sends it for objects of versioned buckets).
 */
final class RestoreCompletedEvents {

    static final String DETAIL_TYPE = "Object Restore Completed";
    static final String EVENT_NAME = "ObjectRestore:Completed";
    private static final ObjectMapper JSON = new ObjectMapper();

    private RestoreCompletedEvents() {
    }

    /**
     * @param eventId   the event's UUID
     * @param requestId an id for {@code detail.request-id} (S3's internal restore request)
     */
    static String eventBridgeEvent(TierRestoreCompleted completed, String accountId, String region, String eventId,
                                   String requestId) {
        String bucket = completed.object().bucket();
        ObjectNode event = JSON.createObjectNode();
        event.put("version", "0");
        event.put("id", eventId);
        event.put("detail-type", DETAIL_TYPE);
        event.put("source", "aws.s3");
        event.put("account", accountId);
        // EventBridge writes times to the second, with a zone.
        event.put("time", DateTimeFormatter.ISO_INSTANT.format(completed.completedAt().truncatedTo(ChronoUnit.SECONDS)));
        event.put("region", region);
        event.putArray("resources").add("arn:aws:s3:::" + bucket);
        ObjectNode detail = event.putObject("detail");
        detail.put("version", "0");
        detail.putObject("bucket").put("name", bucket);
        ObjectNode object = detail.putObject("object");
        object.put("key", completed.object().key());
        object.put("size", completed.size());
        object.put("etag", completed.eTag());
        if (completed.object().versionId() != null) {
            object.put("version-id", completed.object().versionId());
        }
        detail.put("request-id", requestId);
        detail.put("requester", "s3.amazonaws.com");
        detail.put("source-storage-class", TierRestoreCompleted.SOURCE_STORAGE_CLASS);
        return event.toString();
    }

    /**
     * @param configurationId the id of the bucket's notification configuration that sends the event
     * @param requestId       an id for {@code responseElements.x-amz-request-id}
     */
    static String notification(TierRestoreCompleted completed, String region, String configurationId,
                               String requestId) {
        String bucket = completed.object().bucket();
        ObjectNode root = JSON.createObjectNode();
        ObjectNode record = root.putArray("Records").addObject();
        record.put("eventVersion", "2.1");
        record.put("eventSource", "aws:s3");
        record.put("awsRegion", region);
        record.put("eventTime", DateTimeFormatter.ISO_INSTANT.format(completed.completedAt().truncatedTo(ChronoUnit.MILLIS)));
        record.put("eventName", EVENT_NAME);
        // The restore is S3's own doing, as its Completed events say.
        record.putObject("userIdentity").put("principalId", "AmazonCustomer:SANDBOX");
        record.putObject("requestParameters").put("sourceIPAddress", "s3.amazonaws.com");
        ObjectNode response = record.putObject("responseElements");
        response.put("x-amz-request-id", requestId);
        response.put("x-amz-id-2", "sandbox");
        ObjectNode s3 = record.putObject("s3");
        s3.put("s3SchemaVersion", "1.0");
        s3.put("configurationId", configurationId);
        ObjectNode bucketNode = s3.putObject("bucket");
        bucketNode.put("name", bucket);
        bucketNode.putObject("ownerIdentity").put("principalId", "SANDBOX");
        bucketNode.put("arn", "arn:aws:s3:::" + bucket);
        ObjectNode object = s3.putObject("object");
        object.put("key", URLEncoder.encode(completed.object().key(), StandardCharsets.UTF_8));
        object.put("size", completed.size());
        object.put("eTag", completed.eTag());
        if (completed.object().versionId() != null) {
            object.put("versionId", completed.object().versionId());
        }
        object.put("sequencer", Long.toHexString(completed.completedAt().toEpochMilli()).toUpperCase());
        record.putObject("glacierEventData").putObject("restoreEventData")
                .put("lifecycleRestoreStorageClass", TierRestoreCompleted.SOURCE_STORAGE_CLASS);
        return root.toString();
    }
}
