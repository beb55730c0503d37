package io.s3bulkrestore.events;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent.DynamodbStreamRecord;
import io.s3bulkrestore.adapters.dynamodb.ObjectItems;
import io.s3bulkrestore.tally.ObjectChange;
import io.s3bulkrestore.tracking.ObjectRecord;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the ObjectsTable's stream records as Lambda delivers them (the events library's model of DynamoDB's
 * attribute values) into the record changes the tally counts: each image becomes the SDK's attribute values, then
 * an {@link ObjectRecord} as the ledger stores it ({@link ObjectItems}).
 */
final class StreamImages {

    private StreamImages() {
    }

    /** The change a stream record reports (its images absent where the record has none). */
    static ObjectChange change(DynamodbStreamRecord record) {
        var dynamodb = record.getDynamodb();
        return new ObjectChange(dynamodb.getSequenceNumber(), image(dynamodb.getOldImage()),
                image(dynamodb.getNewImage()));
    }

    private static Optional<ObjectRecord> image(
            Map<String, com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue> image) {
        if (image == null || image.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(ObjectItems.record(sdk(image)));
    }

    static Map<String, AttributeValue> sdk(
            Map<String, com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue> image) {
        Map<String, AttributeValue> converted = new LinkedHashMap<>();
        image.forEach((name, value) -> converted.put(name, sdk(value)));
        return converted;
    }

    static AttributeValue sdk(com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue value) {
        if (value.getS() != null) {
            return AttributeValue.fromS(value.getS());
        }
        if (value.getN() != null) {
            return AttributeValue.fromN(value.getN());
        }
        if (value.getB() != null) {
            return AttributeValue.fromB(SdkBytes.fromByteBuffer(value.getB()));
        }
        if (value.getSS() != null) {
            return AttributeValue.fromSs(value.getSS());
        }
        if (value.getNS() != null) {
            return AttributeValue.fromNs(value.getNS());
        }
        if (value.getBS() != null) {
            return AttributeValue.fromBs(value.getBS().stream().map(SdkBytes::fromByteBuffer).toList());
        }
        if (value.getM() != null) {
            return AttributeValue.fromM(sdk(value.getM()));
        }
        if (value.getL() != null) {
            List<AttributeValue> list = value.getL().stream().map(StreamImages::sdk).toList();
            return AttributeValue.fromL(list);
        }
        if (value.getBOOL() != null) {
            return AttributeValue.fromBool(value.getBOOL());
        }
        return AttributeValue.fromNul(true);
    }
}
