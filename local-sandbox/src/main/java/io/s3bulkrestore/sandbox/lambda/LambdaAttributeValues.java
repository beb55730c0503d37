package io.s3bulkrestore.sandbox.lambda;

import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import software.amazon.awssdk.core.SdkBytes;

import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * SDK v2 attribute values as the events library's, the type a Java function finds in the keys and images
 * of a {@code DynamodbEvent}. Lambda builds those from the stream's JSON, so binaries arrive as buffers of
 * their own and sets and lists keep the order the stream gave them.
 */
final class LambdaAttributeValues {

    private LambdaAttributeValues() {
    }

    /** Null for an absent image (an INSERT's OldImage), as Lambda leaves the field out. */
    static Map<String, AttributeValue> ofItem(Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> item,
                                              boolean present) {
        if (!present) {
            return null;
        }
        Map<String, AttributeValue> converted = new LinkedHashMap<>();
        item.forEach((name, value) -> converted.put(name, of(value)));
        return converted;
    }

    static AttributeValue of(software.amazon.awssdk.services.dynamodb.model.AttributeValue value) {
        AttributeValue converted = new AttributeValue();
        switch (value.type()) {
            case S -> converted.setS(value.s());
            case N -> converted.setN(value.n());
            case B -> converted.setB(bufferOf(value.b()));
            case SS -> converted.setSS(value.ss());
            case NS -> converted.setNS(value.ns());
            case BS -> converted.setBS(value.bs().stream().map(LambdaAttributeValues::bufferOf).toList());
            case M -> converted.setM(ofItem(value.m(), true));
            case L -> converted.setL(value.l().stream().map(LambdaAttributeValues::of).toList());
            case BOOL -> converted.setBOOL(value.bool());
            case NUL -> converted.setNULL(value.nul());
            case UNKNOWN_TO_SDK_VERSION -> throw new IllegalArgumentException("an attribute value of no known type: " + value);
        }
        return converted;
    }

    private static ByteBuffer bufferOf(SdkBytes bytes) {
        return ByteBuffer.wrap(bytes.asByteArray());
    }
}
