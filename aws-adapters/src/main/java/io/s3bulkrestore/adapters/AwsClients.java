package io.s3bulkrestore.adapters;

import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ContainerCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.client.config.SdkAdvancedClientOption;
import software.amazon.awssdk.endpoints.Endpoint;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3control.S3ControlClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.net.URI;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Builds the SDK clients once, at init, with an explicit region, explicit credentials and one shared
 * HTTP client: no default provider chains to walk on a cold start. Endpoints can be overridden per
 * service, which is how the same code runs against DynamoDB Local, moto and our Batch Operations
 * emulator.
 */
public final class AwsClients implements AutoCloseable {

    /** The services we call, with the environment variable the AWS SDKs use for an endpoint override. */
    public enum Service {
        S3("AWS_ENDPOINT_URL_S3"),
        S3_CONTROL("AWS_ENDPOINT_URL_S3_CONTROL"),
        DYNAMODB("AWS_ENDPOINT_URL_DYNAMODB"),
        SQS("AWS_ENDPOINT_URL_SQS"),
        SNS("AWS_ENDPOINT_URL_SNS"),
        EVENTBRIDGE("AWS_ENDPOINT_URL_EVENTBRIDGE");

        private final String endpointVariable;

        Service(String endpointVariable) {
            this.endpointVariable = endpointVariable;
        }

        public String endpointVariable() {
            return endpointVariable;
        }
    }

    private final Region region;
    private final AwsCredentialsProvider credentials;
    private final Map<Service, URI> endpoints;
    private final SdkHttpClient http;
    private final ClientOverrideConfiguration s3Overrides;

    public AwsClients(Region region, AwsCredentialsProvider credentials, Map<Service, URI> endpoints) {
        this(region, credentials, endpoints, ClientOverrideConfiguration.builder().build());
    }

    private AwsClients(Region region, AwsCredentialsProvider credentials, Map<Service, URI> endpoints,
                       ClientOverrideConfiguration s3Overrides) {
        this.s3Overrides = s3Overrides;
        this.region = Objects.requireNonNull(region, "region");
        this.credentials = Objects.requireNonNull(credentials, "credentials");
        this.endpoints = endpoints.isEmpty() ? Map.of() : new EnumMap<>(endpoints);
        this.http = UrlConnectionHttpClient.builder()
                .connectionTimeout(Duration.ofSeconds(5))
                .socketTimeout(Duration.ofSeconds(30))
                .build();
    }

    /** Set by Lambda (with SnapStart, instead of the access key variables): where the role's credentials are served. */
    public static final String CONTAINER_CREDENTIALS_URI = "AWS_CONTAINER_CREDENTIALS_FULL_URI";

    /**
     * Clients as Lambda provides for: region from {@code AWS_REGION}, credentials from the environment (see
     * {@link #lambdaCredentials}), optional endpoint overrides from {@code AWS_ENDPOINT_URL} and
     * {@code AWS_ENDPOINT_URL_<SERVICE>}.
     */
    public static AwsClients fromEnvironment(Map<String, String> env) {
        String region = env.get("AWS_REGION");
        if (region == null || region.isBlank()) {
            throw new IllegalStateException("environment variable AWS_REGION is not set");
        }
        Map<Service, URI> endpoints = new EnumMap<>(Service.class);
        String common = env.get("AWS_ENDPOINT_URL");
        for (Service service : Service.values()) {
            String url = Optional.ofNullable(env.get(service.endpointVariable())).orElse(common);
            if (url != null && !url.isBlank()) {
                endpoints.put(service, URI.create(url));
            }
        }
        return new AwsClients(Region.of(region), lambdaCredentials(env), endpoints);
    }

    /**
     * The role's credentials the way Lambda hands them over: the access key variables, or, for a function with
     * SnapStart, which has none of those (keys in a snapshot would outlive their session), the container
     * credentials endpoint (the provider reads that variable and its authorization token itself). Either one provider,
     * never the whole default chain.
     */
    static AwsCredentialsProvider lambdaCredentials(Map<String, String> env) {
        String keyId = env.get("AWS_ACCESS_KEY_ID");
        String containerUri = env.get(CONTAINER_CREDENTIALS_URI);
        if ((keyId == null || keyId.isBlank()) && containerUri != null && !containerUri.isBlank()) {
            return ContainerCredentialsProvider.builder().build();
        }
        return EnvironmentVariableCredentialsProvider.create();
    }

    /**
     * Clients for a command-line tool run by a person: the SDK's default credential chain (or the named
     * profile), the region given, else the profile's or the default chain's, and one endpoint for S3 from
     * {@code endpoint}, else {@code AWS_ENDPOINT_URL_S3} / {@code AWS_ENDPOINT_URL}. S3 retries with the
     * SDK's adaptive mode, which backs off on throttling (503 SlowDown) and slows its own send rate.
     */
    public static AwsClients forCli(String region, String profile, URI endpoint, Map<String, String> env) {
        AwsCredentialsProvider credentials = profile == null
                ? DefaultCredentialsProvider.builder().build()
                : ProfileCredentialsProvider.builder().profileName(profile).build();
        Region resolved;
        if (region != null && !region.isBlank()) {
            resolved = Region.of(region);
        } else {
            try {
                resolved = DefaultAwsRegionProviderChain.builder()
                        .profileName(profile)
                        .build()
                        .getRegion();
            } catch (SdkClientException none) {
                resolved = Region.US_EAST_1; // what the AWS CLI assumes for S3 when nothing is configured
            }
        }
        URI s3Endpoint = endpoint;
        if (s3Endpoint == null) {
            String url = Optional.ofNullable(env.get(Service.S3.endpointVariable())).orElse(env.get("AWS_ENDPOINT_URL"));
            s3Endpoint = url == null || url.isBlank() ? null : URI.create(url);
        }
        Map<Service, URI> endpoints = s3Endpoint == null ? Map.of() : Map.of(Service.S3, s3Endpoint);
        return new AwsClients(resolved, credentials, endpoints, ClientOverrideConfiguration.builder()
                .retryStrategy(RetryMode.ADAPTIVE_V2)
                .build());
    }

    public Region region() {
        return region;
    }

    public Optional<URI> endpoint(Service service) {
        return Optional.ofNullable(endpoints.get(service));
    }

    public DynamoDbClient dynamoDb() {
        var builder = DynamoDbClient.builder().region(region).credentialsProvider(credentials).httpClient(http);
        endpoint(Service.DYNAMODB).ifPresent(builder::endpointOverride);
        return builder.build();
    }

    /** Reads table streams; DynamoDB Local serves them on its own endpoint, so the DynamoDB override applies. */
    public DynamoDbStreamsClient dynamoDbStreams() {
        var builder = DynamoDbStreamsClient.builder().region(region).credentialsProvider(credentials).httpClient(http);
        endpoint(Service.DYNAMODB).ifPresent(builder::endpointOverride);
        return builder.build();
    }

    public S3Client s3() {
        return s3(false);
    }

    /**
     * An S3 client that follows a bucket to its Region: a request to a bucket of another Region is answered 301, and
     * the SDK sends it again to that Region (S3 client "cross-Region access"). The copy worker's, whose destination may
     * be a bucket of any Region; the other functions work on the stack's own Region's buckets.
     */
    public S3Client s3AnyRegion() {
        return s3(true);
    }

    private S3Client s3(boolean anyRegion) {
        var builder = S3Client.builder().region(region).credentialsProvider(credentials).httpClient(http)
                .overrideConfiguration(s3Overrides).crossRegionAccessEnabled(anyRegion);
        endpoint(Service.S3).ifPresent(uri -> builder.endpointOverride(uri)
                // S3-compatible endpoints on loopback have no virtual-host DNS, and emulators do not all
                // understand the newer default checksums.
                .forcePathStyle(true)
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED));
        return builder.build();
    }

    public S3ControlClient s3Control() {
        var builder = S3ControlClient.builder().region(region).credentialsProvider(credentials).httpClient(http);
        endpoint(Service.S3_CONTROL).ifPresent(uri -> builder.endpointOverride(uri)
                // S3 Control puts "{AccountId}." in front of the host; a loopback endpoint has no such host.
                // The endpoint rule set does so on its own (DISABLE_HOST_PREFIX_INJECTION alone still yields
                // "123456789012.127.0.0.1"), so an override also pins the endpoint to exactly that URI.
                .endpointProvider(params -> CompletableFuture.completedFuture(Endpoint.builder().url(uri).build()))
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .putAdvancedOption(SdkAdvancedClientOption.DISABLE_HOST_PREFIX_INJECTION, true)
                        .build()));
        return builder.build();
    }

    public SqsClient sqs() {
        var builder = SqsClient.builder().region(region).credentialsProvider(credentials).httpClient(http);
        endpoint(Service.SQS).ifPresent(builder::endpointOverride);
        return builder.build();
    }

    /**
     * The SQS client, built when first asked for and then kept: for functions whose only SQS call hands work back
     * when time runs out, so that building it (about 25-40 ms of a JVM start, mostly loading the SQS model) is not
     * init work their first request does not need. With SnapStart the client is then built after a restore, the
     * first time a batch hands work back, within the time such a batch keeps for that.
     */
    public Supplier<SqsClient> sqsWhenFirstUsed() {
        return new Supplier<>() {
            private volatile SqsClient built;

            @Override
            public SqsClient get() {
                SqsClient client = built;
                if (client == null) {
                    synchronized (this) {
                        client = built;
                        if (client == null) {
                            client = sqs();
                            built = client;
                        }
                    }
                }
                return client;
            }
        };
    }

    public SnsClient sns() {
        var builder = SnsClient.builder().region(region).credentialsProvider(credentials).httpClient(http);
        endpoint(Service.SNS).ifPresent(builder::endpointOverride);
        return builder.build();
    }

    public EventBridgeClient eventBridge() {
        var builder = EventBridgeClient.builder().region(region).credentialsProvider(credentials).httpClient(http);
        endpoint(Service.EVENTBRIDGE).ifPresent(builder::endpointOverride);
        return builder.build();
    }

    @Override
    public void close() {
        http.close();
    }
}
