package io.s3bulkrestore.adapters.dynamodb;

import io.s3bulkrestore.emulators.DynamoDbLocalServer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** A DynamoDB client for DynamoDB Local with an interceptor (AwsClients builds clients without one). */
final class TestClients {

    private TestClients() {
    }

    static DynamoDbClient dynamoDb(DynamoDbLocalServer server, ExecutionInterceptor interceptor) {
        return DynamoDbClient.builder()
                .endpointOverride(server.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(o -> o.addExecutionInterceptor(interceptor))
                .build();
    }
}
