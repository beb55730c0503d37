package io.s3bulkrestore.adapters.s3;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.s3bulkrestore.adapters.AwsClients;
import io.s3bulkrestore.model.ErrorCode;
import io.s3bulkrestore.model.ManifestColumns;
import io.s3bulkrestore.model.ManifestLocation;
import io.s3bulkrestore.model.ServiceException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

import java.net.URI;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.head;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The S3 answers moto cannot produce (access denied, server errors, an archived manifest) and the exact
 * shape of the ranged read.
 */
class S3ManifestStoreTest {

    private static final String PATH = "/manifests-1/lists/today.csv";
    private static final ManifestLocation MANIFEST =
            new ManifestLocation("manifests-1", "lists/today.csv", "\"6f5902ac237024bdd0c176cb93063dc4\"", 200_000);

    private static WireMockServer wireMock;
    private static AwsClients clients;
    private static S3Client s3;
    private final S3ManifestStore store = new S3ManifestStore(s3);

    @BeforeAll
    static void startWireMock() {
        wireMock = new WireMockServer(wireMockConfig().bindAddress("127.0.0.1").dynamicPort());
        wireMock.start();
        clients = new AwsClients(Region.US_EAST_1,
                StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")),
                Map.of(AwsClients.Service.S3, URI.create("http://127.0.0.1:" + wireMock.port())));
        s3 = clients.s3();
    }

    @AfterAll
    static void stopWireMock() {
        s3.close();
        clients.close();
        wireMock.stop();
    }

    @AfterEach
    void resetWireMock() {
        wireMock.resetAll();
    }

    @Test
    void shouldReadOnlyTheFirst64KiBOfExactlyTheVersionThatWasHeaded() {
        // Given
        wireMock.stubFor(get(urlPathEqualTo(PATH)).willReturn(aResponse().withStatus(206)
                .withHeader("Content-Range", "bytes 0-28/200000")
                .withHeader("ETag", MANIFEST.etag())
                .withBody("archive-1,a.txt,v1\narchive-1,")));

        // When
        ManifestColumns columns = store.csvColumns(MANIFEST);

        // Then
        assertThat(columns).isEqualTo(ManifestColumns.BUCKET_KEY_VERSION);
        wireMock.verify(getRequestedFor(urlPathEqualTo(PATH))
                .withHeader("Range", equalTo("bytes=0-65535"))
                .withHeader("If-Match", equalTo(MANIFEST.etag())));
    }

    @Test
    void shouldSayAccessDeniedWhenHeadObjectIsForbidden() {
        // Given: HEAD errors have no body
        wireMock.stubFor(head(urlPathEqualTo(PATH)).willReturn(aResponse().withStatus(403)
                .withHeader("x-amz-request-id", "REQ-403-HEAD")));

        // When / Then
        assertThatThrownBy(() -> store.head("manifests-1", "lists/today.csv"))
                .isInstanceOfSatisfying(ServiceException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.MANIFEST_UNAVAILABLE);
                    assertThat(e.getMessage())
                            .isEqualTo("cannot read manifest s3://manifests-1/lists/today.csv: access denied to this stack");
                    assertThat(e.field()).contains("key");
                });
    }

    @Test
    void shouldReportOtherHeadFailuresAsUpstreamWithTheRequestId() {
        // Given
        wireMock.stubFor(head(urlPathEqualTo(PATH)).willReturn(aResponse().withStatus(503)
                .withHeader("x-amz-request-id", "REQ-503-HEAD")));

        // When / Then
        assertThatThrownBy(() -> store.head("manifests-1", "lists/today.csv"))
                .isInstanceOfSatisfying(ServiceException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.UPSTREAM_FAILED);
                    assertThat(e.getMessage()).isEqualTo(
                            "S3 HeadObject of manifest s3://manifests-1/lists/today.csv failed (AWS request id REQ-503-HEAD)");
                });
    }

    @Test
    void shouldMapAFailedPreconditionToAChangedManifest() {
        // Given
        stubGetError(412, "PreconditionFailed", "At least one of the pre-conditions you specified did not hold",
                "REQ-412");

        // When / Then
        assertThatThrownBy(() -> store.csvColumns(MANIFEST))
                .isInstanceOfSatisfying(ServiceException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.MANIFEST_UNAVAILABLE);
                    assertThat(e.getMessage()).isEqualTo("manifest s3://manifests-1/lists/today.csv changed while "
                            + "the job was being created; retry");
                });
    }

    @Test
    void shouldExplainAnArchivedManifest() {
        // Given
        stubGetError(403, "InvalidObjectState", "The operation is not valid for the object's storage class",
                "REQ-403-ARCHIVED");

        // When / Then
        assertThatThrownBy(() -> store.csvColumns(MANIFEST))
                .isInstanceOfSatisfying(ServiceException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.MANIFEST_UNAVAILABLE);
                    assertThat(e.getMessage()).contains("archive storage class").doesNotContain("not valid");
                });
    }

    @Test
    void shouldSayAccessDeniedWhenTheReadIsForbidden() {
        // Given
        stubGetError(403, "AccessDenied", "Access Denied by bucket policy p-123", "REQ-403-GET");

        // When / Then
        assertThatThrownBy(() -> store.csvColumns(MANIFEST))
                .isInstanceOfSatisfying(ServiceException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.MANIFEST_UNAVAILABLE);
                    assertThat(e.getMessage()).endsWith("access denied to this stack").doesNotContain("p-123");
                });
    }

    @Test
    void shouldReportAServerErrorOnTheReadAsUpstreamWithTheRequestIdButNotTheAwsText() {
        // Given
        stubGetError(500, "InternalError", "We encountered an internal error. Please try again.", "REQ-500-GET");

        // When / Then
        assertThatThrownBy(() -> store.csvColumns(MANIFEST))
                .isInstanceOfSatisfying(ServiceException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.UPSTREAM_FAILED);
                    assertThat(e.getMessage()).contains("REQ-500-GET").doesNotContain("internal error");
                });
    }

    private static void stubGetError(int status, String code, String message, String requestId) {
        wireMock.stubFor(get(urlPathEqualTo(PATH)).willReturn(aResponse().withStatus(status)
                .withHeader("Content-Type", "application/xml")
                .withHeader("x-amz-request-id", requestId)
                .withBody("""
                        <?xml version="1.0" encoding="UTF-8"?>
                        <Error><Code>%s</Code><Message>%s</Message><RequestId>%s</RequestId><HostId>h</HostId></Error>
                        """.formatted(code, message, requestId))));
    }
}
