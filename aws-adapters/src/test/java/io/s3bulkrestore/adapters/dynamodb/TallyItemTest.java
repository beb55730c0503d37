package io.s3bulkrestore.adapters.dynamodb;

import io.s3bulkrestore.model.JobCounts;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TallyItemTest {

    @Test
    void shouldPadSequenceNumbersToFortyDigitsSoThatTheyCompareAsNumbers() {
        assertThat(TallyItem.padded("99")).hasSize(40).endsWith("099").startsWith("0000");
        assertThat(TallyItem.padded("99")).isLessThan(TallyItem.padded("100"));
        assertThat(TallyItem.padded("000000000000000000123"))
                .isLessThan(TallyItem.padded("4000000000000000000000000000000000000001"));
        String forty = "1234567890123456789012345678901234567890";
        assertThat(TallyItem.padded(forty)).isEqualTo(forty);
    }

    @Test
    void shouldRejectWhatIsNoStreamSequenceNumber() {
        assertThatThrownBy(() -> TallyItem.padded("12345678901234567890123456789012345678901"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TallyItem.padded("12a")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldTreatAShardWithoutACounterAsZeroAndSumShardsBeforeTheyAreCounts() {
        var sums = new TallyItem.Sums();
        sums.add(Map.of("restored", AttributeValue.fromN("3")));
        sums.add(Map.of("restored", AttributeValue.fromN("1"), "failed", AttributeValue.fromN("-1"))); // a credited failure
        sums.add(Map.of("failed", AttributeValue.fromN("2"), "skipped", AttributeValue.fromN("4")));

        assertThat(sums.counts()).isEqualTo(new JobCounts(4, 1, 4));
    }
}
