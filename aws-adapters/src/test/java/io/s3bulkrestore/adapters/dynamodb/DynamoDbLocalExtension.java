package io.s3bulkrestore.adapters.dynamodb;

import io.s3bulkrestore.adapters.EmulatorClients;
import io.s3bulkrestore.emulators.DynamoDbLocalServer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.util.function.Function;

/**
 * DynamoDB Local (with Streams) for one test class: started before its first test, stopped after its last, with a
 * client; each test takes {@link #freshTables()} of its own. Register it with {@code @RegisterExtension static}.
 */
public final class DynamoDbLocalExtension implements BeforeAllCallback, AfterAllCallback {

    private final Function<DynamoDbLocalServer, DynamoDbClient> clientOf;
    private DynamoDbLocalServer server;
    private DynamoDbClient client;

    public DynamoDbLocalExtension() {
        this(EmulatorClients::dynamoDb);
    }

    /** With a client of the test's own making (one that counts requests, say). */
    public DynamoDbLocalExtension(Function<DynamoDbLocalServer, DynamoDbClient> clientOf) {
        this.clientOf = clientOf;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        server = DynamoDbLocalServer.start();
        client = clientOf.apply(server);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        client.close();
        server.close();
    }

    public DynamoDbLocalServer server() {
        return server;
    }

    public DynamoDbClient client() {
        return client;
    }

    /** A jobs and an objects table no other test uses, laid out as the template lays them out. */
    public FreshTables freshTables() {
        return FreshTables.create(client);
    }
}
