package io.s3bulkrestore.adapters.local;

import io.s3bulkrestore.adapters.AwsClients;
import io.s3bulkrestore.adapters.dynamodb.TableDesign;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.dynamodb.services.local.main.ServerRunner;
import software.amazon.dynamodb.services.local.server.DynamoDBProxyServer;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.util.Map;
import java.util.UUID;

/**
 * DynamoDB Local in this JVM, in memory, on a free loopback port, spoken to over HTTP like the real
 * service. One per test class is plenty: tables get unique names.
 */
public final class DynamoDbLocalServer implements AutoCloseable {

    private final DynamoDBProxyServer server;
    private final URI endpoint;

    private DynamoDbLocalServer(DynamoDBProxyServer server, URI endpoint) {
        this.server = server;
        this.endpoint = endpoint;
    }

    public static DynamoDbLocalServer start() {
        try {
            int port = freePort();
            DynamoDBProxyServer server = ServerRunner.createServerFromCommandLineArgs(
                    new String[] {"-inMemory", "-port", Integer.toString(port), "-disableTelemetry"});
            server.start();
            return new DynamoDbLocalServer(server, URI.create("http://127.0.0.1:" + port));
        } catch (Exception e) {
            throw new IllegalStateException("DynamoDB Local did not start", e);
        }
    }

    public URI endpoint() {
        return endpoint;
    }

    /** Clients that reach this server (and only it; other services keep AWS defaults). */
    public AwsClients clients() {
        return new AwsClients(Region.US_EAST_1,
                StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")),
                Map.of(AwsClients.Service.DYNAMODB, endpoint));
    }

    public DynamoDbClient client() {
        return clients().dynamoDb();
    }

    /** Creates a fresh pair of tables with unique names; returns them. */
    public Tables createTables(DynamoDbClient client) {
        return Tables.create(client);
    }

    public record Tables(String jobs, String objects) {

        /** A fresh pair of tables with unique names, created through {@code client} (any DynamoDB Local). */
        public static Tables create(DynamoDbClient client) {
            String suffix = UUID.randomUUID().toString().substring(0, 8);
            Tables tables = new Tables("jobs-" + suffix, "objects-" + suffix);
            TableDesign.createIfMissing(client, tables.jobs(), tables.objects());
            return tables;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("DynamoDB Local did not stop", e);
        }
    }
}
