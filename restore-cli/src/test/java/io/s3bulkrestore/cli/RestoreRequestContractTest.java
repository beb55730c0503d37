package io.s3bulkrestore.cli;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.s3bulkrestore.adapters.AwsClients;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.head;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The S3 answers moto cannot give (Intelligent-Tiering archive tiers, 409 RestoreAlreadyInProgress,
 * 403 ObjectAlreadyInActiveTierError, 503 SlowDown, restoring a non-current version), stubbed exactly as
 * S3 documents them, with the request the CLI sends captured. The client comes from AwsClients.forCli,
 * the factory the real jar uses.
 */
class RestoreRequestContractTest {

    private static final String KEY_PATH = "/data-1/reports/q1.csv";

    private WireMockServer s3;

    @BeforeAll
    static void credentialsForTheDefaultChain() {
        System.setProperty("aws.accessKeyId", "testing");
        System.setProperty("aws.secretAccessKey", "testing");
    }

    @BeforeEach
    void start() {
        s3 = new WireMockServer(options().dynamicPort());
        s3.start();
    }

    @AfterEach
    void stop() {
        s3.stop();
    }

    private CliRun restore(String... extra) {
        String[] base = {"restore", "--bucket", "data-1", "--key", "reports/q1.csv", "--endpoint-url", s3.baseUrl(),
                "--region", "us-east-1", "--json"};
        String[] args = java.util.Arrays.copyOf(base, base.length + extra.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        return CliRun.run(options -> AwsClients.forCli(options.region(), options.profile(), options.endpoint(), Map.of()).s3(),
                args);
    }

    private void givenHead(String storageClass, String archiveStatus) {
        var response = aResponse().withStatus(200).withHeader("Content-Length", "2048")
                .withHeader("x-amz-storage-class", storageClass).withHeader("x-amz-request-id", "HEAD1");
        if (archiveStatus != null) {
            response.withHeader("x-amz-archive-status", archiveStatus);
        }
        s3.stubFor(head(urlPathEqualTo(KEY_PATH)).willReturn(response));
    }

    private void givenRestoreAnswers(int status, String code) {
        var response = aResponse().withStatus(status).withHeader("x-amz-request-id", "REQ123");
        if (code != null) {
            response.withHeader("Content-Type", "application/xml").withBody(
                    "<Error><Code>" + code + "</Code><Message>AWS text never shown</Message><RequestId>REQ123</RequestId></Error>");
        }
        s3.stubFor(post(urlPathEqualTo(KEY_PATH)).willReturn(response));
    }

    private String restoreBody() {
        var posts = s3.findAll(postRequestedFor(urlPathEqualTo(KEY_PATH)));
        assertThat(posts).hasSize(1);
        assertThat(posts.get(0).getUrl()).contains("restore");
        return posts.get(0).getBodyAsString();
    }

    @Test
    void shouldRestoreAnIntelligentTieringArchiveObjectWithoutDays() {
        // Given an Intelligent-Tiering object in the Archive Access tier
        givenHead("INTELLIGENT_TIERING", "ARCHIVE_ACCESS");
        givenRestoreAnswers(202, null);

        // When it is restored with an explicit --days
        CliRun run = restore("--days", "9", "--tier", "BULK");

        // Then the restore carries the tier but never Days
        assertThat(run.exitCode()).isZero();
        assertThat(restoreBody()).contains("<Tier>Bulk</Tier>").doesNotContain("Days");
        assertThat(run.out()).contains("\"RESTORE_STARTED\" : 1");
    }

    @Test
    void shouldRestoreTheDeepArchiveAccessTierWithoutDaysToo() {
        givenHead("INTELLIGENT_TIERING", "DEEP_ARCHIVE_ACCESS");
        givenRestoreAnswers(202, null);

        assertThat(restore().exitCode()).isZero();
        assertThat(restoreBody()).contains("<Tier>Standard</Tier>").doesNotContain("Days");
    }

    @Test
    void shouldSendDaysAndTierForGlacier() {
        givenHead("GLACIER", null);
        givenRestoreAnswers(202, null);

        assertThat(restore("--days", "3", "--tier", "EXPEDITED").exitCode()).isZero();
        assertThat(restoreBody()).contains("<Days>3</Days>", "<Tier>Expedited</Tier>");
    }

    @Test
    void shouldSendNothingWhileARestoreIsRunning() {
        // moto's restore-delay state machine never reports ongoing-request="true" reliably, so this row is stubbed
        s3.stubFor(head(urlPathEqualTo(KEY_PATH)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Length", "10").withHeader("x-amz-storage-class", "GLACIER")
                .withHeader("x-amz-restore", "ongoing-request=\"true\"")));

        CliRun run = restore();
        CliRun status = CliRun.run(o -> AwsClients.forCli("us-east-1", null, o.endpoint(), Map.of()).s3(),
                "status", "--bucket", "data-1", "--key", "reports/q1.csv", "--endpoint-url", s3.baseUrl());

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("\"IN_PROGRESS\" : 1");
        assertThat(s3.findAll(postRequestedFor(urlPathEqualTo(KEY_PATH)))).isEmpty();
        assertThat(status.out()).contains("RESTORING");
    }

    @Test
    void shouldReportARestoreAlreadyInProgressAsAnOutcomeNotAFailure() {
        givenHead("GLACIER", null);
        givenRestoreAnswers(409, "RestoreAlreadyInProgress");

        CliRun run = restore();

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("\"IN_PROGRESS\" : 1", "\"failures\" : 0");
    }

    @Test
    void shouldReportAnObjectAlreadyInAnActiveTierAsNotArchived() {
        givenHead("INTELLIGENT_TIERING", "ARCHIVE_ACCESS");
        givenRestoreAnswers(403, "ObjectAlreadyInActiveTierError");

        CliRun run = restore();

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("\"NOT_ARCHIVED\" : 1");
    }

    @Test
    void shouldRetryThrottlingAndThenSucceed() {
        // Given S3 answers SlowDown twice before accepting
        givenHead("DEEP_ARCHIVE", null);
        String slowDown = "<Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message></Error>";
        s3.stubFor(post(urlPathEqualTo(KEY_PATH)).inScenario("throttled").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(503).withBody(slowDown)).willSetStateTo("once"));
        s3.stubFor(post(urlPathEqualTo(KEY_PATH)).inScenario("throttled").whenScenarioStateIs("once")
                .willReturn(aResponse().withStatus(503).withBody(slowDown)).willSetStateTo("twice"));
        s3.stubFor(post(urlPathEqualTo(KEY_PATH)).inScenario("throttled").whenScenarioStateIs("twice")
                .willReturn(aResponse().withStatus(202)));

        CliRun run = restore();

        assertThat(run.exitCode()).isZero();
        assertThat(s3.findAll(postRequestedFor(urlPathEqualTo(KEY_PATH)))).hasSize(3);
        assertThat(run.out()).contains("\"RESTORE_STARTED\" : 1");
    }

    @Test
    void shouldFailWithTheRequestIdButNotTheAwsTextWhenThrottlingPersists() {
        givenHead("GLACIER", null);
        givenRestoreAnswers(503, "SlowDown");

        CliRun run = restore();

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).contains("\"FAILED\" : 1", "throttled by S3 after retries", "REQ123")
                .doesNotContain("AWS text never shown");
    }

    @Test
    void shouldNameTheVersionInHeadAndRestore() {
        givenHead("GLACIER", null);
        givenRestoreAnswers(202, null);

        assertThat(restore("--version-id", "v1-old").exitCode()).isZero();
        assertThat(s3.findAll(postRequestedFor(urlPathEqualTo(KEY_PATH))).get(0).getQueryParams().get("versionId")
                .firstValue()).isEqualTo("v1-old");
        assertThat(s3.getAllServeEvents().stream().filter(e -> e.getRequest().getMethod().getName().equals("HEAD"))
                .allMatch(e -> e.getRequest().getUrl().contains("versionId=v1-old"))).isTrue();
    }
}
