package io.s3bulkrestore.sandbox.lambda;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse.BatchItemFailure;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class BatchOutcomeTest {

    private static final List<String> BATCH = List.of("m1", "m2", "m3");

    @Test
    void shouldSucceedWithTheWholeBatchWhenNothingIsReported() {
        // Given / When
        BatchOutcome noResponse = BatchOutcome.judge(BATCH, null, true);
        BatchOutcome nullList = BatchOutcome.judge(BATCH, new SQSBatchResponse(null), true);
        BatchOutcome emptyList = BatchOutcome.judge(BATCH, new SQSBatchResponse(List.of()), true);

        // Then
        for (BatchOutcome outcome : List.of(noResponse, nullList, emptyList)) {
            assertThat(outcome.succeeded()).containsExactlyElementsOf(BATCH);
            assertThat(outcome.failed()).isEmpty();
            assertThat(outcome.totalFailureCause()).isEmpty();
        }
    }

    @Test
    void shouldFailExactlyTheReportedMessages() {
        // Given
        SQSBatchResponse response = failures("m2", "m3", "m2");

        // When
        BatchOutcome outcome = BatchOutcome.judge(BATCH, response, true);

        // Then
        assertThat(outcome.succeeded()).containsExactly("m1");
        assertThat(outcome.failed()).containsExactly("m2", "m3");
        assertThat(outcome.totalFailureCause()).isEmpty();
    }

    @Test
    void shouldFailTheWholeBatchWhenAReportedIdIsNotInIt() {
        // Given
        SQSBatchResponse response = failures("m2", "elsewhere");

        // When
        BatchOutcome outcome = BatchOutcome.judge(BATCH, response, true);

        // Then
        assertThat(outcome.succeeded()).isEmpty();
        assertThat(outcome.failed()).containsExactlyElementsOf(BATCH);
        assertThat(outcome.totalFailureCause()).hasValueSatisfying(cause -> assertThat(cause).contains("elsewhere"));
    }

    @Test
    void shouldFailTheWholeBatchWhenAnItemIdentifierIsEmptyOrNull() {
        // Given / When
        BatchOutcome empty = BatchOutcome.judge(BATCH, failures("m1", ""), true);
        BatchOutcome nullId = BatchOutcome.judge(BATCH, failures("m1", null), true);
        List<BatchItemFailure> withNullEntry = new ArrayList<>();
        withNullEntry.add(null);
        BatchOutcome nullEntry = BatchOutcome.judge(BATCH, new SQSBatchResponse(withNullEntry), true);

        // Then
        for (BatchOutcome outcome : List.of(empty, nullId, nullEntry)) {
            assertThat(outcome.succeeded()).isEmpty();
            assertThat(outcome.failed()).containsExactlyElementsOf(BATCH);
        }
    }

    @Test
    void shouldIgnoreReportedFailuresWithoutReportBatchItemFailures() {
        // Given
        SQSBatchResponse response = failures("m1", "not-in-batch");

        // When
        BatchOutcome outcome = BatchOutcome.judge(BATCH, response, false);

        // Then
        assertThat(outcome.succeeded()).containsExactlyElementsOf(BATCH);
        assertThat(outcome.failed()).isEmpty();
    }

    private static SQSBatchResponse failures(String... ids) {
        return new SQSBatchResponse(Arrays.stream(ids).map(BatchItemFailure::new).toList());
    }
}
