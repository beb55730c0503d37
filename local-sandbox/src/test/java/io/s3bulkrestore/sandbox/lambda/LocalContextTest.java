package io.s3bulkrestore.sandbox.lambda;

import io.s3bulkrestore.fakes.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class LocalContextTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-02T10:00:00Z"));

    @Test
    void shouldCountTheRemainingTimeDownFromTheFunctionTimeout() {
        // Given
        LocalContext context = LocalContext.startInvocation("RestoreEventFunction", Duration.ofSeconds(60), clock);

        // When
        clock.advance(Duration.ofSeconds(15));

        // Then
        assertThat(context.getRemainingTimeInMillis()).isEqualTo(45_000);
    }

    @Test
    void shouldReportNoTimeLeftOnceTheTimeoutHasPassed() {
        // Given
        LocalContext context = LocalContext.startInvocation("RestoreEventFunction", Duration.ofSeconds(1), clock);

        // When
        clock.advance(Duration.ofSeconds(5));

        // Then
        assertThat(context.getRemainingTimeInMillis()).isZero();
    }

    @Test
    void shouldNameTheFunctionAndGiveEachInvocationItsOwnRequestId() {
        // Given / When
        LocalContext first = LocalContext.startInvocation("ApiFunction", Duration.ofSeconds(30), clock);
        LocalContext second = LocalContext.startInvocation("ApiFunction", Duration.ofSeconds(30), clock);

        // Then
        assertThat(first.getFunctionName()).isEqualTo("ApiFunction");
        assertThat(first.getInvokedFunctionArn()).isEqualTo("arn:aws:lambda:us-east-1:123456789012:function:ApiFunction");
        assertThat(first.getLogGroupName()).isEqualTo("/aws/lambda/ApiFunction");
        assertThat(first.getMemoryLimitInMB()).isEqualTo(1024);
        assertThat(first.getAwsRequestId()).isNotBlank().isNotEqualTo(second.getAwsRequestId());
        first.getLogger().log("a line from the function\n");
    }
}
