package io.s3bulkrestore.adapters.dynamodb;

import io.s3bulkrestore.model.CopySpec;
import io.s3bulkrestore.model.DestinationKeys;
import io.s3bulkrestore.model.TargetStorageClass;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.HashMap;
import java.util.Map;

/**
 * How a job's {@code copy} option is laid out on its job item: one {@code copy} map, absent on a job that does not
 * copy. Only this class knows its attribute names.
 */
final class CopyAttributes {

    static final String COPY = "copy";

    private CopyAttributes() {
    }

    static AttributeValue copy(CopySpec spec) {
        Map<String, AttributeValue> map = new HashMap<>();
        if (spec.destinationBucket() != null) {
            map.put("bucket", AttributeValue.fromS(spec.destinationBucket()));
        }
        map.put("from", AttributeValue.fromS(spec.keys().sourcePrefix()));
        map.put("to", AttributeValue.fromS(spec.keys().destinationPrefix()));
        map.put("storageClass", AttributeValue.fromS(spec.storageClass().name()));
        map.put("keep", AttributeValue.fromBool(spec.keepMetadataAndTags()));
        if (spec.kmsKeyId() != null) {
            map.put("kmsKeyId", AttributeValue.fromS(spec.kmsKeyId()));
        }
        return AttributeValue.fromM(map);
    }

    static CopySpec copyOf(AttributeValue value) {
        Map<String, AttributeValue> map = value.m();
        return new CopySpec(
                map.containsKey("bucket") ? map.get("bucket").s() : null,
                DestinationKeys.of(map.get("from").s(), map.get("to").s()),
                TargetStorageClass.valueOf(map.get("storageClass").s()),
                Boolean.TRUE.equals(map.get("keep").bool()),
                map.containsKey("kmsKeyId") ? map.get("kmsKeyId").s() : null);
    }
}
