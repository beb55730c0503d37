package io.s3bulkrestore.benchmarks;

import io.s3bulkrestore.adapters.dynamodb.FreshTables;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.dynamodb.services.local.embedded.DynamoDBEmbedded;
import software.amazon.dynamodb.services.local.shared.access.AmazonDynamoDBLocal;

/**
 * DynamoDB Local embedded in this JVM, in memory: the same engine as {@code DynamoDbLocalServer} without the
 * HTTP server, so a request costs the engine's work and not a loopback round trip with JSON on both ends
 * (measured here: 3,239 vs 982 PutItem+Query requests a second, 4 threads). The benchmarks that only count
 * DynamoDB's work and compare it with a baseline run on the same engine use it; the cold-start and
 * end-to-end benchmarks, whose child JVMs and sandbox speak HTTP, keep the server.
 *
 * <p>Its client has no SDK pipeline, so {@link RequestMeter#meter} wraps it to count requests and capacity.
 */
public final class EmbeddedDynamoDb implements AutoCloseable {

    private final AmazonDynamoDBLocal local;
    private final DynamoDbClient client;

    private EmbeddedDynamoDb(AmazonDynamoDBLocal local, RequestMeter meter) {
        this.local = local;
        this.client = meter.meter(local.dynamoDbClient());
    }

    /** Starts an in-memory engine whose client reports every request to {@code meter}. */
    public static EmbeddedDynamoDb start(RequestMeter meter) {
        return new EmbeddedDynamoDb(DynamoDBEmbedded.create(true), meter);
    }

    public DynamoDbClient client() {
        return client;
    }

    /** A client of the same engine that reports its requests to {@code other} instead. */
    public DynamoDbClient client(RequestMeter other) {
        return other.meter(local.dynamoDbClient());
    }

    /** The engine's streams (not metered: Lambda's reads of a DynamoDB stream are free). */
    public DynamoDbStreamsClient streams() {
        return local.dynamoDbStreamsClient();
    }

    /** A fresh pair of tables laid out as the template lays them out. */
    public FreshTables createTables() {
        return FreshTables.create(client);
    }

    @Override
    public void close() {
        local.shutdown();
    }
}
