package io.s3bulkrestore.benchmarks;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.net.URI;

/**
 * Clients for the local emulators with a {@link RequestMeter} attached (AwsClients builds clients without
 * interceptors). One HTTP client, explicit region and credentials, as in the functions.
 */
public final class LocalClients implements AutoCloseable {

    private static final StaticCredentialsProvider CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing"));

    private final SdkHttpClient http = UrlConnectionHttpClient.create();
    private final RequestMeter meter;

    public LocalClients(RequestMeter meter) {
        this.meter = meter;
    }

    public DynamoDbClient dynamoDb(URI endpoint) {
        return DynamoDbClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
                .credentialsProvider(CREDENTIALS).httpClient(http)
                .overrideConfiguration(o -> o.addExecutionInterceptor(meter)).build();
    }

    public S3Client s3(URI endpoint) {
        return S3Client.builder().endpointOverride(endpoint).forcePathStyle(true).region(Region.US_EAST_1)
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .credentialsProvider(CREDENTIALS).httpClient(http)
                .overrideConfiguration(o -> o.addExecutionInterceptor(meter)).build();
    }

    public SnsClient sns(URI endpoint) {
        return SnsClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
                .credentialsProvider(CREDENTIALS).httpClient(http)
                .overrideConfiguration(o -> o.addExecutionInterceptor(meter)).build();
    }

    public SqsClient sqs(URI endpoint) {
        return SqsClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
                .credentialsProvider(CREDENTIALS).httpClient(http)
                .overrideConfiguration(o -> o.addExecutionInterceptor(meter)).build();
    }

    @Override
    public void close() {
        http.close();
    }
}
