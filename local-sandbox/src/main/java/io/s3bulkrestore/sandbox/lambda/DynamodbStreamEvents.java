package io.s3bulkrestore.sandbox.lambda;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.DynamodbTimeWindowEvent;
import com.amazonaws.services.lambda.runtime.events.models.TimeWindow;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.Identity;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamViewType;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.StreamRecord;

import java.util.Date;
import java.util.List;

/** Stream records read with GetRecords as the records of the event Lambda's DynamoDB poller passes to a function. */
final class DynamodbStreamEvents {

    static final String EVENT_SOURCE = "aws:dynamodb";
    static final String REMOVE = "REMOVE";
    /** Who DynamoDB names as the remover of an item whose time to live passed. */
    static final String TTL_PRINCIPAL = "dynamodb.amazonaws.com";

    /**
     * The eventName DynamoDB Local 3.3.1 writes, verbatim, for a TTL deletion (with no NewImage and no
     * userIdentity). DynamoDB writes REMOVE with a Service identity; we do the same, so that
     * functions and filters see what they will see in AWS.
     */
    private static final String DYNAMODB_LOCAL_TTL_EVENT_NAME = "UNKNOWN_TO_SDK_VERSION";

    private DynamodbStreamEvents() {
    }

    /**
     * The event Lambda sends for a batch when the mapping has a tumbling window, as the template configures the
     * tally function's (https://docs.aws.amazon.com/lambda/latest/dg/services-ddb-windows.html): the records, the
     * shard they are from and the window (of {@link #WINDOW}) that holds {@code now}, with no state. The sandbox
     * makes no final invoke at a window's end: the function keeps no state across invokes.
     */
    static DynamodbTimeWindowEvent of(List<Record> records, String streamArn, String shardId, Instant now) {
        DynamodbTimeWindowEvent event = new DynamodbTimeWindowEvent();
        event.setRecords(records.stream().map(record -> record(record, streamArn)).toList());
        event.setShardId(shardId);
        event.setEventSourceArn(streamArn);
        long start = now.getEpochSecond() / WINDOW.toSeconds() * WINDOW.toSeconds();
        event.setWindow(new TimeWindow(Instant.ofEpochSecond(start).toString(),
                Instant.ofEpochSecond(start + WINDOW.toSeconds()).toString()));
        event.setState(Map.of());
        event.setIsFinalInvokeForWindow(false);
        event.setIsWindowTerminatedEarly(false);
        return event;
    }

    /** The tumbling window of the tally function's mapping in template.yaml (TumblingWindowInSeconds). */
    static final Duration WINDOW = Duration.ofSeconds(60);

    static DynamodbEvent.DynamodbStreamRecord record(Record record, String streamArn) {
        DynamodbEvent.DynamodbStreamRecord converted = new DynamodbEvent.DynamodbStreamRecord();
        converted.setEventID(record.eventID());
        converted.setEventVersion(record.eventVersion());
        converted.setEventSource(record.eventSource() == null ? EVENT_SOURCE : record.eventSource());
        converted.setAwsRegion(record.awsRegion());
        converted.setEventSourceARN(streamArn);
        converted.setDynamodb(streamRecord(record.dynamodb()));
        if (isDynamoDbLocalTtlDeletion(record)) {
            converted.setEventName(REMOVE);
            converted.setUserIdentity(ttlIdentity());
        } else {
            converted.setEventName(record.eventNameAsString());
            if (record.userIdentity() != null) {
                Identity identity = new Identity();
                identity.setType(record.userIdentity().type());
                identity.setPrincipalId(record.userIdentity().principalId());
                converted.setUserIdentity(identity);
            }
        }
        return converted;
    }

    private static com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord streamRecord(StreamRecord sdk) {
        var converted = new com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord();
        converted.setKeys(LambdaAttributeValues.ofItem(sdk.keys(), sdk.hasKeys()));
        converted.setNewImage(LambdaAttributeValues.ofItem(sdk.newImage(), sdk.hasNewImage()));
        converted.setOldImage(LambdaAttributeValues.ofItem(sdk.oldImage(), sdk.hasOldImage()));
        converted.setSequenceNumber(sdk.sequenceNumber());
        converted.setSizeBytes(sdk.sizeBytes());
        if (sdk.streamViewTypeAsString() != null) {
            converted.setStreamViewType(StreamViewType.fromValue(sdk.streamViewTypeAsString()));
        }
        if (sdk.approximateCreationDateTime() != null) {
            converted.setApproximateCreationDateTime(Date.from(sdk.approximateCreationDateTime()));
        }
        return converted;
    }

    private static boolean isDynamoDbLocalTtlDeletion(Record record) {
        return DYNAMODB_LOCAL_TTL_EVENT_NAME.equals(record.eventNameAsString()) && record.userIdentity() == null
                && !record.dynamodb().hasNewImage();
    }

    private static Identity ttlIdentity() {
        Identity identity = new Identity();
        identity.setType("Service");
        identity.setPrincipalId(TTL_PRINCIPAL);
        return identity;
    }
}
