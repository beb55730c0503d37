package io.s3bulkrestore.sandbox.lambda;

import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LambdaAttributeValuesTest {

    private static software.amazon.awssdk.services.dynamodb.model.AttributeValue.Builder sdk() {
        return software.amazon.awssdk.services.dynamodb.model.AttributeValue.builder();
    }

    @Test
    void shouldConvertScalars() {
        assertThat(LambdaAttributeValues.of(sdk().s("ünï/code").build()).getS()).isEqualTo("ünï/code");
        assertThat(LambdaAttributeValues.of(sdk().n("-12.50").build()).getN()).isEqualTo("-12.50");
        assertThat(LambdaAttributeValues.of(sdk().bool(false).build()).getBOOL()).isFalse();
        assertThat(LambdaAttributeValues.of(sdk().nul(true).build()).getNULL()).isTrue();
    }

    @Test
    void shouldSetOnlyTheFieldOfTheValuesType() {
        AttributeValue number = LambdaAttributeValues.of(sdk().n("7").build());

        assertThat(number).isEqualTo(new AttributeValue().withN("7"));
        assertThat(number.getS()).isNull();
        assertThat(number.getSS()).isNull();
        assertThat(number.getM()).isNull();
        assertThat(number.getBOOL()).isNull();
    }

    @Test
    void shouldCopyBinariesIntoBuffersOfTheirOwn() {
        byte[] bytes = {0, 1, (byte) 0xff};

        AttributeValue binary = LambdaAttributeValues.of(sdk().b(SdkBytes.fromByteArray(bytes)).build());
        bytes[0] = 9;

        assertThat(bytesOf(binary.getB())).containsExactly(0, 1, 0xff);
        assertThat(binary.getB().isReadOnly()).isFalse();
    }

    @Test
    void shouldConvertSetsInTheirOrder() {
        AttributeValue strings = LambdaAttributeValues.of(sdk().ss("b", "a", "c").build());
        AttributeValue numbers = LambdaAttributeValues.of(sdk().ns("3", "1.5").build());
        AttributeValue binaries = LambdaAttributeValues.of(sdk().bs(SdkBytes.fromUtf8String("x"),
                SdkBytes.fromUtf8String("yz")).build());

        assertThat(strings.getSS()).containsExactly("b", "a", "c");
        assertThat(numbers.getNS()).containsExactly("3", "1.5");
        assertThat(binaries.getBS()).extracting(buffer -> StandardCharsets.UTF_8.decode(buffer.duplicate()).toString())
                .containsExactly("x", "yz");
    }

    @Test
    void shouldConvertNestedMapsAndLists() {
        var nested = sdk().m(Map.of(
                "tags", sdk().l(sdk().s("cold").build(), sdk().n("2").build(), sdk().nul(true).build()).build(),
                "inner", sdk().m(Map.of("deep", sdk().bool(true).build())).build())).build();

        AttributeValue converted = LambdaAttributeValues.of(nested);

        assertThat(converted.getM()).containsOnlyKeys("tags", "inner");
        assertThat(converted.getM().get("tags").getL()).containsExactly(
                new AttributeValue().withS("cold"), new AttributeValue().withN("2"), new AttributeValue().withNULL(true));
        assertThat(converted.getM().get("inner").getM().get("deep").getBOOL()).isTrue();
    }

    @Test
    void shouldKeepEmptyMapsAndListsEmpty() {
        assertThat(LambdaAttributeValues.of(sdk().m(Map.of()).build()).getM()).isEmpty();
        assertThat(LambdaAttributeValues.of(sdk().l(List.of()).build()).getL()).isEmpty();
    }

    @Test
    void shouldLeaveAnAbsentImageOutAndConvertAPresentOne() {
        var item = Map.of("pk", sdk().s("job#1").build(), "count", sdk().n("3").build());

        assertThat(LambdaAttributeValues.ofItem(Map.of(), false)).isNull();
        assertThat(LambdaAttributeValues.ofItem(item, true)).containsExactlyInAnyOrderEntriesOf(Map.of(
                "pk", new AttributeValue().withS("job#1"), "count", new AttributeValue().withN("3")));
    }

    @Test
    void shouldRefuseAValueOfNoKnownType() {
        assertThatThrownBy(() -> LambdaAttributeValues.of(sdk().build()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static List<Integer> bytesOf(ByteBuffer buffer) {
        ByteBuffer copy = buffer.duplicate();
        List<Integer> values = new java.util.ArrayList<>();
        while (copy.hasRemaining()) {
            values.add(copy.get() & 0xff);
        }
        return values;
    }
}
