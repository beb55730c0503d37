package io.s3bulkrestore.adapters;

import com.github.tomakehurst.wiremock.WireMockServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The credentials Lambda functions sign with: the access key variables, or, with SnapStart (no key variables),
 * the container credentials endpoint. WireMock plays both the credentials endpoint and DynamoDB, so the test
 * sees which key a real request was signed with.
 */
class AwsClientsLambdaCredentialsTest {

    private static final String CREDENTIALS_PATH = "/2018-06-01/credentials";
    /** What the SDK's container provider reads when the variable is not in the process environment. */
    private static final String FULL_URI_PROPERTY = "aws.containerCredentialsFullUri";

    private WireMockServer wireMock;
    private String endpoint;

    @BeforeEach
    void startWireMock() {
        wireMock = new WireMockServer(wireMockConfig().bindAddress("127.0.0.1").dynamicPort());
        wireMock.start();
        endpoint = "http://127.0.0.1:" + wireMock.port();
        wireMock.stubFor(get(urlPathEqualTo(CREDENTIALS_PATH)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"AccessKeyId\":\"ASIACONTAINERKEY\",\"SecretAccessKey\":\"secret\","
                        + "\"Token\":\"session\",\"Expiration\":\"2099-01-01T00:00:00Z\"}")));
        wireMock.stubFor(post(urlPathEqualTo("/")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/x-amz-json-1.0").withBody("{\"TableNames\":[]}")));
    }

    @AfterEach
    void stopWireMock() {
        System.clearProperty(FULL_URI_PROPERTY);
        wireMock.stop();
    }

    @Test
    void shouldSignWithTheContainerCredentialsWhenLambdaGivesNoAccessKeys() {
        // Given a SnapStart function's environment: no key variables, a container credentials endpoint
        Map<String, String> env = baseEnvironment();
        env.put(AwsClients.CONTAINER_CREDENTIALS_URI, endpoint + CREDENTIALS_PATH);
        System.setProperty(FULL_URI_PROPERTY, endpoint + CREDENTIALS_PATH);

        // When a client makes a request
        try (AwsClients clients = AwsClients.fromEnvironment(env); var dynamoDb = clients.dynamoDb()) {
            dynamoDb.listTables();
        }

        // Then it fetched the role's credentials from the endpoint and signed with them
        wireMock.verify(getRequestedFor(urlPathEqualTo(CREDENTIALS_PATH)));
        wireMock.verify(postRequestedFor(urlPathEqualTo("/"))
                .withHeader("Authorization", matching(".*Credential=ASIACONTAINERKEY/.*"))
                .withHeader("X-Amz-Security-Token", equalTo("session")));
    }

    @Test
    void shouldSignWithTheAccessKeyVariablesWhenLambdaGivesThem() {
        // Given a function without SnapStart: the key variables (and, say, a container endpoint too)
        Map<String, String> env = baseEnvironment();
        env.put("AWS_ACCESS_KEY_ID", "ASIAENVIRONMENTKEY");
        env.put(AwsClients.CONTAINER_CREDENTIALS_URI, endpoint + CREDENTIALS_PATH);

        // When the provider is chosen
        var credentials = AwsClients.lambdaCredentials(env);

        // Then it is the environment's, and the container endpoint is never asked
        assertThat(credentials.getClass().getSimpleName()).isEqualTo("EnvironmentVariableCredentialsProvider");
        wireMock.verify(0, getRequestedFor(urlPathEqualTo(CREDENTIALS_PATH)));
    }

    private Map<String, String> baseEnvironment() {
        Map<String, String> env = new HashMap<>();
        env.put("AWS_REGION", "us-east-1");
        env.put(AwsClients.Service.DYNAMODB.endpointVariable(), endpoint);
        return env;
    }
}
