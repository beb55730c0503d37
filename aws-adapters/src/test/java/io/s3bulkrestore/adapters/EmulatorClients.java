package io.s3bulkrestore.adapters;

import io.s3bulkrestore.emulators.DynamoDbLocalServer;
import io.s3bulkrestore.emulators.MotoServer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.net.URI;
import java.util.EnumMap;
import java.util.Map;

/**
 * {@link AwsClients} that reach the emulators, for the tests here and in the modules that reuse this test-jar. The
 * launchers live in the emulators module, which knows nothing of aws-adapters (so that no function zip holds them);
 * wiring our clients to them is done here instead.
 */
public final class EmulatorClients {

    private EmulatorClients() {
    }

    /** Clients whose S3, SQS, SNS and EventBridge go to moto (DynamoDB and S3 Control stay AWS's). */
    public static AwsClients of(MotoServer moto) {
        return of(moto, Map.of());
    }

    /** As {@link #of(MotoServer)}, with further endpoints, e.g. DynamoDB Local's or the Batch Operations emulator's. */
    public static AwsClients of(MotoServer moto, Map<AwsClients.Service, URI> otherEndpoints) {
        Map<AwsClients.Service, URI> endpoints = new EnumMap<>(AwsClients.Service.class);
        endpoints.put(AwsClients.Service.S3, moto.endpoint());
        endpoints.put(AwsClients.Service.SQS, moto.endpoint());
        endpoints.put(AwsClients.Service.SNS, moto.endpoint());
        endpoints.put(AwsClients.Service.EVENTBRIDGE, moto.endpoint());
        endpoints.putAll(otherEndpoints);
        return new AwsClients(Region.US_EAST_1, credentials("testing"), endpoints);
    }

    /** Clients whose DynamoDB goes to {@code server} (and only it; other services keep AWS defaults). */
    public static AwsClients of(DynamoDbLocalServer server) {
        return new AwsClients(Region.US_EAST_1, credentials("local"), Map.of(AwsClients.Service.DYNAMODB, server.endpoint()));
    }

    /** A DynamoDB client of {@code server}, with the credentials of {@link #of(DynamoDbLocalServer)}. */
    public static DynamoDbClient dynamoDb(DynamoDbLocalServer server) {
        return of(server).dynamoDb();
    }

    /**
     * DynamoDB Local keeps one database per access key id, so the key says whose tables a client sees: moto's clients and
     * DynamoDB Local's keep the keys they had when the launchers built them.
     */
    private static StaticCredentialsProvider credentials(String accessKeyId) {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKeyId, accessKeyId));
    }
}
