package io.s3bulkrestore.adapters;

import io.s3bulkrestore.adapters.sqs.SqsIngestQueue;
import io.s3bulkrestore.adapters.sqs.SqsMessageRequeue;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The SQS client of the functions that only hand work back to SQS when time runs out: built at the first send,
 * not while the function initialises, and then kept.
 */
class AwsClientsSqsWhenFirstUsedTest {

    private final AwsClients clients = new AwsClients(Region.US_EAST_1,
            StaticCredentialsProvider.create(AwsBasicCredentials.create("key", "secret")),
            Map.of(AwsClients.Service.SQS, URI.create("http://127.0.0.1:9")));

    @Test
    void shouldBuildTheClientOnceAndKeepIt() {
        // Given
        Supplier<SqsClient> sqs = clients.sqsWhenFirstUsed();

        // When
        SqsClient first = sqs.get();

        // Then
        assertThat(sqs.get()).isSameAs(first);
    }

    @Test
    void shouldNotAskForTheClientUntilSomethingIsSent() {
        // Given adapters over a supplier that counts what it is asked
        AtomicInteger asked = new AtomicInteger();
        Supplier<SqsClient> counting = () -> {
            asked.incrementAndGet();
            return clients.sqs();
        };

        // When they are built, as the wiring does at init, and given nothing to send
        new SqsIngestQueue(counting, "http://127.0.0.1:9/123456789012/ingest").enqueue(List.of());
        new SqsMessageRequeue(counting, "http://127.0.0.1:9/123456789012/events").requeue(List.of());

        // Then no client was asked for
        assertThat(asked).hasValue(0);
    }
}
