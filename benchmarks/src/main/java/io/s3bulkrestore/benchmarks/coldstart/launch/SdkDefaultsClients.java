package io.s3bulkrestore.benchmarks.coldstart.launch;

import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.client.config.SdkAdvancedClientOption;
import software.amazon.awssdk.endpoints.Endpoint;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3control.S3ControlClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.net.URI;
import java.util.concurrent.CompletableFuture;

/**
 * The cold start baseline's clients: the SDK's defaults, i.e. the default region and credential provider
 * chains and the default HTTP client (Apache, found on the classpath), with endpoints from the standard
 * {@code AWS_ENDPOINT_URL_<SERVICE>} variables. Only what the emulators need on top is set, exactly as
 * {@code AwsClients} sets it for an endpoint override: path-style S3 without the newer default checksums, and
 * S3 Control pinned to its endpoint without the account host prefix.
 */
final class SdkDefaultsClients {

    private SdkDefaultsClients() {
    }

    static DynamoDbClient dynamoDb() {
        return DynamoDbClient.create();
    }

    static SqsClient sqs() {
        return SqsClient.create();
    }

    static SnsClient sns() {
        return SnsClient.create();
    }

    static EventBridgeClient eventBridge() {
        return EventBridgeClient.create();
    }

    static S3Client s3() {
        return S3Client.builder()
                .forcePathStyle(true)
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .build();
    }

    static S3ControlClient s3Control() {
        URI endpoint = URI.create(System.getenv("AWS_ENDPOINT_URL_S3_CONTROL"));
        return S3ControlClient.builder()
                .endpointProvider(params -> CompletableFuture.completedFuture(Endpoint.builder().url(endpoint).build()))
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .putAdvancedOption(SdkAdvancedClientOption.DISABLE_HOST_PREFIX_INJECTION, true)
                        .build())
                .build();
    }
}
