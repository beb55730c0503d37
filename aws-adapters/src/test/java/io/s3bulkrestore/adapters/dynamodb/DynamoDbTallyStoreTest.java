package io.s3bulkrestore.adapters.dynamodb;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DynamoDbTallyStoreTest {

    @Test
    void shouldPadSequenceNumbersToFortyDigitsSoThatTheyCompareAsNumbers() {
        assertThat(DynamoDbTallyStore.padded("99")).hasSize(40).endsWith("099").startsWith("0000");
        assertThat(DynamoDbTallyStore.padded("99")).isLessThan(DynamoDbTallyStore.padded("100"));
        assertThat(DynamoDbTallyStore.padded("000000000000000000123"))
                .isLessThan(DynamoDbTallyStore.padded("4000000000000000000000000000000000000001"));
        String forty = "1234567890123456789012345678901234567890";
        assertThat(DynamoDbTallyStore.padded(forty)).isEqualTo(forty);
    }

    @Test
    void shouldRejectWhatIsNoStreamSequenceNumber() {
        assertThatThrownBy(() -> DynamoDbTallyStore.padded("12345678901234567890123456789012345678901"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DynamoDbTallyStore.padded("12a")).isInstanceOf(IllegalArgumentException.class);
    }
}
