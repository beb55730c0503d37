package io.s3bulkrestore.cli.jobs;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.s3bulkrestore.cli.JobsCliRun;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static io.s3bulkrestore.cli.jobs.ContractResponses.JOB_ID;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The jobs commands against a stand-in for the API that serves the contract's answers and records the requests, which
 * are checked field by field. The API URL has a stage path, as a deployed stack's has.
 */
class JobsCommandsTest {

    private static final String STAGE = "/Prod";
    private static final String JOB = STAGE + "/jobs/" + JOB_ID;
    private static final String KEY = "test-api-key";

    private static WireMockServer api;

    @TempDir
    Path home;

    @BeforeAll
    static void start() {
        api = new WireMockServer(options().dynamicPort());
        api.start();
    }

    @AfterAll
    static void stop() {
        api.stop();
    }

    @BeforeEach
    void reset() {
        api.resetAll();
    }

    private static String url() {
        return "http://localhost:" + api.port() + STAGE;
    }

    /** The endpoint from the environment, as a user of ./sandbox serve would set it. */
    private static JobsCliRun cli() {
        return new JobsCliRun().env(Map.of(ApiEndpoint.URL_VARIABLE, url(), ApiEndpoint.KEY_VARIABLE, KEY));
    }

    private static void answer(MappingBuilder request, int status, String body) {
        api.stubFor(request.willReturn(aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body)));
    }

    /** GET /jobs/{id} answers these bodies in turn, the last one from then on. */
    private static void getAnswers(String... bodies) {
        for (int i = 0; i < bodies.length; i++) {
            api.stubFor(get(urlEqualTo(JOB)).inScenario("polls")
                    .whenScenarioStateIs(i == 0 ? Scenario.STARTED : "poll " + i)
                    .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(bodies[i]))
                    .willSetStateTo(i + 1 < bodies.length ? "poll " + (i + 1) : "poll " + i));
        }
    }

    private static final String[] SOURCE_JOB = {"jobs", "create", "--bucket", "my-archive", "--prefix", "logs/2019/",
            "--suffix", ".parquet", "--substring", "raw", "--created-after", "2019-01-01",
            "--created-before", "2021-01-01T00:00:00Z", "--size-greater-than", "0", "--size-less-than", "5000000000",
            "--storage-class", "glacier", "--storage-class", "DEEP_ARCHIVE", "--tier", "BULK", "--days", "7",
            "--client-tag", "nightly", "--idempotency-key", "run-42"};

    private static final String SOURCE_BODY = """
            {"source": {"bucket": "my-archive", "prefix": "logs/2019/", "suffix": ".parquet",
                        "substring": "raw", "created_after": "2019-01-01T00:00:00Z", "created_before": "2021-01-01T00:00:00Z",
                        "size_greater_than_bytes": 0, "size_less_than_bytes": 5000000000,
                        "storage_classes": ["GLACIER", "DEEP_ARCHIVE"]},
             "tier": "BULK", "expiration_days": 7, "confirm": "%s", "client_tag": "nightly"}""";

    private static String[] with(String[] args, String... more) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    @Test
    void shouldCreateASourceJobWaitForItsQuoteAndConfirmItWhenTheUserSaysYes() {
        // Given the API creates the job, and its quote is ready at the third look
        answer(post(urlEqualTo(STAGE + "/jobs")), 201, ContractResponses.created("AwaitingConfirmation"));
        getAnswers(ContractResponses.awaiting(false), ContractResponses.awaiting(false), ContractResponses.awaiting(true));
        answer(post(urlEqualTo(JOB + "/confirm")), 202, ContractResponses.job("Restoring", 0, 0));
        JobsCliRun cli = cli().answering("y");

        // When
        JobsCliRun.Result run = cli.run(SOURCE_JOB);

        // Then the request is the contract's, manual confirmation, the key and the idempotency key in headers
        assertThat(run.exitCode()).as(run.err()).isZero();
        api.verify(1, postRequestedFor(urlEqualTo(STAGE + "/jobs"))
                .withHeader("x-api-key", equalTo(KEY))
                .withHeader("Idempotency-Key", equalTo("run-42"))
                .withHeader("Content-Type", equalTo("application/json"))
                .withRequestBody(equalToJson(SOURCE_BODY.formatted("manual"))));
        // and it looked three times, waiting in between, then asked and confirmed
        api.verify(3, getRequestedFor(urlEqualTo(JOB)).withHeader("x-api-key", equalTo(KEY)));
        assertThat(cli.sleeps()).containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(2));
        assertThat(cli.prompts()).containsExactly("Confirm? [y/N] ");
        api.verify(1, postRequestedFor(urlEqualTo(JOB + "/confirm")));
        api.verify(0, postRequestedFor(urlEqualTo(JOB + "/cancel")));
        // and the quote was printed for people
        assertThat(run.out()).contains(
                "What        s3://my-archive (prefix logs/2019/; suffix .parquet; storage classes GLACIER, DEEP_ARCHIVE)",
                "Quote (us-east-1 list prices):",
                "  objects           1,234 (exact)",
                "  bytes             5.0 GiB (5,368,709,120 bytes, estimated: from the sizes of 1,000 sampled objects)",
                "GLACIER", "~3.7 GiB", "$0.025", "$0.01", "DEEP_ARCHIVE", "$0.0059", "$0.0032",
                "  Batch Operations  $0.75", "  tracking          $0.002", "  total             $0.787",
                "  expires           ",
                "Confirmed: job " + JOB_ID + " is Restoring. Follow it with: s3-restore jobs watch " + JOB_ID);
        assertThat(run.err()).contains("Created job " + JOB_ID + "; waiting for its quote");
    }

    @Test
    void shouldCancelTheJobWhenTheUserSaysNo() {
        answer(post(urlEqualTo(STAGE + "/jobs")), 201, ContractResponses.created("AwaitingConfirmation"));
        getAnswers(ContractResponses.awaiting(true));
        answer(post(urlEqualTo(JOB + "/cancel")), 202, ContractResponses.job("Cancelled", 0, 0));

        JobsCliRun.Result run = cli().answering("").run(SOURCE_JOB);

        assertThat(run.exitCode()).isEqualTo(4);
        assertThat(run.out()).contains("Not confirmed: job " + JOB_ID + " cancelled.");
        api.verify(1, postRequestedFor(urlEqualTo(JOB + "/cancel")).withHeader("x-api-key", equalTo(KEY)));
        api.verify(0, postRequestedFor(urlEqualTo(JOB + "/confirm")));
    }

    @Test
    void shouldPrintTheQuoteAndHowToConfirmLaterWithoutATerminal() {
        answer(post(urlEqualTo(STAGE + "/jobs")), 201, ContractResponses.created("AwaitingConfirmation"));
        getAnswers(ContractResponses.awaiting(false), ContractResponses.awaiting(true));

        JobsCliRun.Result run = cli().run(SOURCE_JOB);

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("  total             $0.787");
        assertThat(run.err()).contains("Not confirmed. Start it with: s3-restore jobs confirm " + JOB_ID);
        api.verify(0, postRequestedFor(urlPathEqualTo(JOB + "/confirm")));
        api.verify(0, postRequestedFor(urlPathEqualTo(JOB + "/cancel")));
    }

    @Test
    void shouldPrintTheQuotedJobAsTheApiGaveItWithJsonAndNeverAsk() {
        answer(post(urlEqualTo(STAGE + "/jobs")), 201, ContractResponses.created("AwaitingConfirmation"));
        getAnswers(ContractResponses.awaiting(true));
        JobsCliRun cli = cli().answering("y");

        JobsCliRun.Result run = cli.run(with(SOURCE_JOB, "--json"));

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).isEqualTo(ContractResponses.awaiting(true) + System.lineSeparator());
        assertThat(cli.prompts()).isEmpty();
        api.verify(0, postRequestedFor(urlPathEqualTo(JOB + "/confirm")));
    }

    @Test
    void shouldSendAutoAndNotWaitWithYes() {
        answer(post(urlEqualTo(STAGE + "/jobs")), 201, ContractResponses.created("Submitting"));

        JobsCliRun.Result run = cli().run(with(SOURCE_JOB, "--yes"));

        assertThat(run.exitCode()).isZero();
        api.verify(postRequestedFor(urlEqualTo(STAGE + "/jobs")).withRequestBody(equalToJson(SOURCE_BODY.formatted("auto"))));
        api.verify(0, getRequestedFor(urlPathEqualTo(JOB)));
        assertThat(run.out()).contains("Created job " + JOB_ID + ": Submitting. Follow it with: s3-restore jobs watch " + JOB_ID);
    }

    @Test
    void shouldAskTheApiForAQuoteOfAManifestJobUnlessToldYes() {
        answer(post(urlEqualTo(STAGE + "/jobs")), 201, ContractResponses.created("AwaitingConfirmation"));
        getAnswers(ContractResponses.awaiting(true));

        JobsCliRun.Result run = cli().run("jobs", "create", "--manifest", "s3://manifests/m.csv", "--days", "3",
                "--json");

        assertThat(run.exitCode()).isZero();
        api.verify(postRequestedFor(urlEqualTo(STAGE + "/jobs")).withRequestBody(
                equalToJson("{\"bucket\":\"manifests\",\"key\":\"m.csv\",\"expiration_days\":3,\"confirm\":\"manual\"}")));
    }

    @Test
    void shouldSendAManifestJobWithYesAsTheApiAlwaysTookItWithoutAConfirmField() {
        answer(post(urlEqualTo(STAGE + "/jobs")), 201, ContractResponses.created("Submitting"));

        JobsCliRun.Result run = cli().run("jobs", "create", "--manifest", "s3://manifests/dir/a b+c.csv", "--days", "3",
                "--yes", "--json");

        assertThat(run.exitCode()).isZero();
        api.verify(postRequestedFor(urlEqualTo(STAGE + "/jobs")).withHeader("Idempotency-Key", absent())
                .withRequestBody(equalToJson("{\"bucket\":\"manifests\",\"key\":\"dir/a b+c.csv\",\"expiration_days\":3}")));
        assertThat(run.out()).isEqualTo(ContractResponses.created("Submitting") + System.lineSeparator());
    }

    @Test
    void shouldPrintAFieldErrorAndExitTwo() {
        answer(post(urlEqualTo(STAGE + "/jobs")), 400, ContractResponses.error("VALIDATION_FAILED",
                "source.prefix must be 1 to 1024 bytes", "source.prefix"));

        JobsCliRun.Result run = cli().run("jobs", "create", "--bucket", "b", "--prefix", "");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).isEqualTo("error: source.prefix must be 1 to 1024 bytes (field source.prefix)"
                + System.lineSeparator());
        assertThat(run.out()).isEmpty();
    }

    @Test
    void shouldExitTwoOnAConflictAndOneOnAServerError() {
        answer(post(urlEqualTo(JOB + "/confirm")), 409, ContractResponses.error("INVALID_STATE",
                "the job is Complete; only a job in AwaitingConfirmation with a ready quote can be confirmed", null));
        answer(post(urlEqualTo(JOB + "/cancel")), 500, ContractResponses.error("INTERNAL",
                "internal error; if it persists, report request id r-1", null));

        JobsCliRun.Result conflict = cli().run("jobs", "confirm", JOB_ID);
        JobsCliRun.Result internal = cli().run("jobs", "cancel", JOB_ID);

        assertThat(conflict.exitCode()).isEqualTo(2);
        assertThat(conflict.err()).isEqualTo("error: the job is Complete; only a job in AwaitingConfirmation with a ready "
                + "quote can be confirmed" + System.lineSeparator());
        assertThat(internal.exitCode()).isEqualTo(1);
        assertThat(internal.err()).contains("error: internal error; if it persists, report request id r-1");
    }

    @Test
    void shouldSayTheKeyMayBeWrongWhenApiGatewayForbids() {
        answer(get(urlEqualTo(JOB)), 403, "{\"message\":\"Forbidden\"}");

        JobsCliRun.Result run = cli().run("jobs", "get", JOB_ID);

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("error: GET /jobs/" + JOB_ID + " answered HTTP 403: Forbidden (is the API key right?)");
    }

    @Test
    void shouldExitOneNamingTheUrlWhenTheApiCannotBeReached() {
        JobsCliRun.Result run = new JobsCliRun().run("jobs", "get", JOB_ID, "--api-url", "http://127.0.0.1:9/Prod", "--api-key", "k");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).startsWith("error: could not reach the API at http://127.0.0.1:9/Prod: ConnectException");
    }

    @ParameterizedTest(name = "{0} -> exit {1}")
    @CsvSource({"Complete, 0", "Failed, 3", "Cancelled, 4", "Timeout, 5"})
    void shouldWatchUntilTheJobEndsAndExitByItsStatus(String status, int exitCode) {
        // Given a job that restores for two looks, then ends
        getAnswers(ContractResponses.job("Restoring", 100, 0), ContractResponses.job("Restoring", 600, 20),
                ContractResponses.job(status, 1200, 34));
        JobsCliRun cli = cli();

        // When
        JobsCliRun.Result run = cli.run("jobs", "watch", JOB_ID, "--interval", "7");

        // Then
        assertThat(run.exitCode()).isEqualTo(exitCode);
        api.verify(3, getRequestedFor(urlEqualTo(JOB)));
        assertThat(cli.sleeps()).containsExactly(Duration.ofSeconds(7), Duration.ofSeconds(7));
        assertThat(run.err().lines().toList()).containsExactly(
                "Restoring  8%: 100 restored, 0 failed, 0 skipped, 1,134 pending of 1,234",
                "Restoring  50%: 600 restored, 20 failed, 0 skipped, 614 pending of 1,234",
                status + "  100%: 1,200 restored, 34 failed, 0 skipped, 0 pending of 1,234");
        assertThat(run.out()).contains("Status      " + status, "Report      s3://s3-bulk-restore-reports/results/" + JOB_ID + ".csv");
    }

    @Test
    void shouldDrawTheProgressBarOnATerminalAndPrintTheLastJobAsIsWithJson() {
        getAnswers(ContractResponses.job("Restoring", 617, 0), ContractResponses.job("Failed", 1200, 34));

        JobsCliRun.Result run = cli().stderrIsTerminal().run("jobs", "watch", JOB_ID, "--json");

        assertThat(run.exitCode()).isEqualTo(3);
        assertThat(run.err()).contains("\r[###############               ] 617/1234  Restoring  617 restored, 0 failed")
                .contains("\r[##############################] 1234/1234  Failed  1200 restored, 34 failed");
        assertThat(run.out()).isEqualTo(ContractResponses.job("Failed", 1200, 34) + System.lineSeparator());
    }

    @Test
    void shouldRideOutAFewServerErrorsWhileWatchingButNotMore() {
        String unavailable = "{\"message\":\"Service Unavailable\"}";
        api.stubFor(get(urlEqualTo(JOB)).inScenario("blips").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(200).withBody(ContractResponses.job("Restoring", 1, 0))).willSetStateTo("503"));
        api.stubFor(get(urlEqualTo(JOB)).inScenario("blips").whenScenarioStateIs("503")
                .willReturn(aResponse().withStatus(503).withBody(unavailable)).willSetStateTo("done"));
        api.stubFor(get(urlEqualTo(JOB)).inScenario("blips").whenScenarioStateIs("done")
                .willReturn(aResponse().withStatus(200).withBody(ContractResponses.job("Complete", 1234, 0))));

        JobsCliRun.Result run = cli().run("jobs", "watch", JOB_ID);

        assertThat(run.exitCode()).isZero();
        assertThat(run.err()).contains("warning: GET /jobs/" + JOB_ID + " answered HTTP 503: Service Unavailable; trying again (1 of 3)");

        api.resetAll();
        answer(get(urlEqualTo(JOB)), 503, unavailable);
        JobsCliRun.Result down = cli().run("jobs", "watch", JOB_ID);
        assertThat(down.exitCode()).isEqualTo(1);
        api.verify(4, getRequestedFor(urlEqualTo(JOB)));

        api.resetAll();
        answer(get(urlEqualTo(JOB)), 404, ContractResponses.error("NOT_FOUND", "no job with id '" + JOB_ID + "'", "id"));
        JobsCliRun.Result unknown = cli().run("jobs", "watch", JOB_ID);
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).isEqualTo("error: no job with id '" + JOB_ID + "' (field id)" + System.lineSeparator());
        api.verify(1, getRequestedFor(urlEqualTo(JOB)));
    }

    @Test
    void shouldSayOnceThatAWatchedJobWaitsForConfirmation() {
        getAnswers(ContractResponses.awaiting(true), ContractResponses.awaiting(true), ContractResponses.job("Complete", 1234, 0));

        JobsCliRun.Result run = cli().run("jobs", "watch", JOB_ID);

        assertThat(run.exitCode()).isZero();
        assertThat(run.err()).containsOnlyOnce("waits for confirmation: s3-restore jobs get " + JOB_ID);
    }

    @Test
    void shouldFollowNextPageTokensUpToTheLimit() throws IOException {
        String page1 = "{\"Jobs\":[" + ContractResponses.job("Complete", 1234, 0) + "," + ContractResponses.job("Failed", 0, 1234)
                + "],\"NextPageToken\":\"tok/1+=\"}";
        String page2 = "{\"Jobs\":[" + ContractResponses.job("Restoring", 1, 0) + "],\"NextPageToken\":\"tok2\"}";
        answer(get(urlEqualTo(STAGE + "/jobs?status=Complete&limit=3")), 200, page1);
        answer(get(urlEqualTo(STAGE + "/jobs?status=Complete&page_token=tok%2F1%2B%3D&limit=1")), 200, page2);

        JobsCliRun.Result run = cli().run("jobs", "list", "--status", "Complete", "--limit", "3");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out().lines().toList()).hasSize(5).first().asString().startsWith("JOB");
        assertThat(run.out()).contains("Complete", "Failed", "Restoring", "s3://my-archive", "[nightly]", "(more: raise --limit)");

        JobsCliRun.Result json = cli().run("jobs", "list", "--status", "Complete", "--limit", "3", "--json");
        assertThat(HttpJobsApi.JSON.readTree(json.out()).path("Jobs")).hasSize(3);
        assertThat(json.out()).contains("\"NextPageToken\" : \"tok2\"");
    }

    @Test
    void shouldReadEveryPageWithoutALimit() throws IOException {
        answer(get(urlEqualTo(STAGE + "/jobs?limit=100")), 200,
                "{\"Jobs\":[" + ContractResponses.job("Complete", 1234, 0) + "],\"NextPageToken\":\"t\"}");
        answer(get(urlEqualTo(STAGE + "/jobs?page_token=t&limit=100")), 200, "{\"Jobs\":[],\"NextPageToken\":null}");

        JobsCliRun.Result run = cli().run("jobs", "list", "--json");

        assertThat(run.exitCode()).isZero();
        assertThat(HttpJobsApi.JSON.readTree(run.out()).path("Jobs")).hasSize(1);
        assertThat(HttpJobsApi.JSON.readTree(run.out()).path("NextPageToken").isNull()).isTrue();
    }

    @Test
    void shouldPrintGetConfirmAndCancelAnswersAsIsWithJson() {
        answer(get(urlEqualTo(JOB)), 200, ContractResponses.awaiting(true));
        answer(post(urlEqualTo(JOB + "/confirm")), 202, ContractResponses.job("Restoring", 0, 0));
        answer(post(urlEqualTo(JOB + "/cancel")), 202, ContractResponses.job("Cancelled", 0, 0));

        assertThat(cli().run("jobs", "get", JOB_ID, "--json").out()).isEqualTo(ContractResponses.awaiting(true) + System.lineSeparator());
        assertThat(cli().run("jobs", "confirm", JOB_ID, "--json").out()).isEqualTo(ContractResponses.job("Restoring", 0, 0) + System.lineSeparator());
        assertThat(cli().run("jobs", "cancel", JOB_ID, "--json").out()).isEqualTo(ContractResponses.job("Cancelled", 0, 0) + System.lineSeparator());
        assertThat(cli().run("jobs", "cancel", JOB_ID).out()).isEqualTo("Cancelled: job " + JOB_ID + "." + System.lineSeparator());
        assertThat(cli().run("jobs", "get", JOB_ID).out()).contains("Status      AwaitingConfirmation",
                "Batch       GLACIER b-1 Suspended (1,000 objects)", "  total             $0.787");
    }

    @Test
    void shouldTakeTheEndpointAndKeyFromTheProfileFileUnderHome() throws IOException {
        // Given no flags and no environment, and a profile file in a temporary home
        Path config = JobsContext.defaultConfigFile(home.toString());
        Files.createDirectories(config.getParent());
        Files.writeString(config, "[profile default]\napi_url = http://nowhere.invalid\napi_key = nope\n\n"
                + "[profile sandbox]\napi_url = " + url() + "\napi_key = key-from-file\n");
        answer(get(urlEqualTo(JOB)), 200, ContractResponses.job("Restoring", 1, 0));

        // When
        JobsCliRun.Result run = new JobsCliRun().configFile(config).run("jobs", "get", JOB_ID, "--api-profile", "sandbox");

        // Then
        assertThat(run.exitCode()).as(run.err()).isZero();
        api.verify(getRequestedFor(urlEqualTo(JOB)).withHeader("x-api-key", equalTo("key-from-file")));
    }

    @Test
    void shouldCountFailedLooksInARowOnlyAndStartAgainAfterAGoodOne() {
        // Given three failed looks, a good one, three failed looks again, then the end
        String unavailable = "{\"message\":\"Service Unavailable\"}";
        String[] answers = {"503", "503", "503", ContractResponses.job("Restoring", 1, 0), "503", "503", "503",
                ContractResponses.job("Complete", 1234, 0)};
        for (int i = 0; i < answers.length; i++) {
            boolean failed = answers[i].equals("503");
            api.stubFor(get(urlEqualTo(JOB)).inScenario("flaky").whenScenarioStateIs(i == 0 ? Scenario.STARTED : "look " + i)
                    .willReturn(aResponse().withStatus(failed ? 503 : 200).withBody(failed ? unavailable : answers[i]))
                    .willSetStateTo("look " + (i + 1)));
        }
        JobsCliRun cli = cli();

        // When
        JobsCliRun.Result run = cli.run("jobs", "watch", JOB_ID, "--interval", "9");

        // Then the watch rode out both runs of three, waiting the interval after every look but the last
        assertThat(run.exitCode()).as(run.err()).isZero();
        api.verify(8, getRequestedFor(urlEqualTo(JOB)));
        assertThat(cli.sleeps()).hasSize(7).containsOnly(Duration.ofSeconds(9));
        assertThat(run.err()).contains("trying again (3 of 3)").doesNotContain("4 of 3");
    }

    @Test
    void shouldKeepWatchingAStatusItDoesNotKnowAndPrintALineOnlyWhenSomethingChanges() {
        // Given a status this CLI does not know between two it does
        String paused = ContractResponses.job("Restoring", 100, 0).replace("\"Status\":\"Restoring\"", "\"Status\":\"Paused\"");
        assertThat(paused).contains("Paused");
        getAnswers(ContractResponses.job("Restoring", 100, 0), ContractResponses.job("Restoring", 100, 0),
                paused, ContractResponses.job("Complete", 1234, 0));

        JobsCliRun.Result run = cli().run("jobs", "watch", JOB_ID);

        assertThat(run.exitCode()).isZero();
        api.verify(4, getRequestedFor(urlEqualTo(JOB)));
        assertThat(run.err().lines().toList()).containsExactly(
                "Restoring  8%: 100 restored, 0 failed, 0 skipped, 1,134 pending of 1,234",
                "Paused  8%: 100 restored, 0 failed, 0 skipped, 1,134 pending of 1,234",
                "Complete  100%: 1,234 restored, 0 failed, 0 skipped, 0 pending of 1,234");
    }

    @Test
    void shouldSayTheJobWasCreatedEarlierWhenTheIdempotencyKeyWasSeenBefore() {
        answer(post(urlEqualTo(STAGE + "/jobs")), 200, ContractResponses.created("Restoring"));

        JobsCliRun.Result run = cli().run(with(SOURCE_JOB, "--yes"));

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("Created job " + JOB_ID + " (created earlier with this idempotency key): Restoring.");
    }

    @Test
    void shouldExitByTheJobsEndWhenItEndsBeforeItsQuoteIsReady() {
        answer(post(urlEqualTo(STAGE + "/jobs")), 201, ContractResponses.created("AwaitingConfirmation"));
        getAnswers(ContractResponses.awaiting(false), ContractResponses.job("Failed", 0, 0));
        JobsCliRun cli = cli().answering("y");

        JobsCliRun.Result run = cli.run(SOURCE_JOB);

        assertThat(run.exitCode()).isEqualTo(3);
        assertThat(run.err()).contains("Job " + JOB_ID + " ended Failed before it was confirmed.");
        assertThat(run.out()).contains("Failure     the Batch Operations job failed: too many task failures");
        assertThat(cli.prompts()).isEmpty();
        api.verify(0, postRequestedFor(urlPathEqualTo(JOB + "/confirm")));
    }

    @Test
    void shouldNotAskWhenSomeoneElseConfirmedTheJobMeanwhile() {
        answer(post(urlEqualTo(STAGE + "/jobs")), 201, ContractResponses.created("AwaitingConfirmation"));
        getAnswers(ContractResponses.awaiting(false), ContractResponses.job("Restoring", 0, 0));
        JobsCliRun cli = cli().answering("n");

        JobsCliRun.Result run = cli.run(SOURCE_JOB);

        assertThat(run.exitCode()).isZero();
        assertThat(run.err()).contains("Job " + JOB_ID + " is Restoring: it was confirmed meanwhile.");
        assertThat(cli.prompts()).isEmpty();
        api.verify(0, postRequestedFor(urlPathEqualTo(JOB + "/cancel")));
    }

    @Test
    void shouldSendTheManifestsFormatAndStorageAndTimesInUtc() {
        answer(post(urlEqualTo(STAGE + "/jobs")), 201, ContractResponses.created("Submitting"));

        cli().run("jobs", "create", "--manifest", "s3://manifests/inv/manifest.json", "--manifest-format", "inventory",
                "--storage", "intelligent_tiering", "--yes");
        cli().run("jobs", "create", "--bucket", "my-archive", "--created-after", "2024-01-31T12:00:00+02:00", "--yes");

        api.verify(postRequestedFor(urlEqualTo(STAGE + "/jobs")).withRequestBody(equalToJson(
                "{\"bucket\":\"manifests\",\"key\":\"inv/manifest.json\",\"manifest_format\":\"inventory\","
                        + "\"storage\":\"INTELLIGENT_TIERING\"}")));
        api.verify(postRequestedFor(urlEqualTo(STAGE + "/jobs")).withRequestBody(equalToJson(
                "{\"source\":{\"bucket\":\"my-archive\",\"created_after\":\"2024-01-31T10:00:00Z\"},\"confirm\":\"auto\"}")));
    }

    @Test
    void shouldSaySoWhenNoJobIsListed() {
        answer(get(urlEqualTo(STAGE + "/jobs?limit=100")), 200, "{\"Jobs\":[],\"NextPageToken\":null}");
        answer(get(urlEqualTo(STAGE + "/jobs?status=Failed&limit=100")), 200, "{\"Jobs\":[]}");

        assertThat(cli().run("jobs", "list").out()).isEqualTo("No jobs." + System.lineSeparator());
        assertThat(cli().run("jobs", "list", "--status", "Failed").out()).isEqualTo("No jobs in status Failed." + System.lineSeparator());
    }

    @Test
    void shouldSayARunningJobEndsCancelledOnceItsBatchJobsStop() {
        answer(post(urlEqualTo(JOB + "/cancel")), 202, ContractResponses.job("Restoring", 10, 0));

        JobsCliRun.Result run = cli().run("jobs", "cancel", JOB_ID);

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).isEqualTo("Cancel requested: job " + JOB_ID + " is Restoring and ends Cancelled once its "
                + "Batch Operations jobs stop (s3-restore jobs watch " + JOB_ID + ")." + System.lineSeparator());
    }
}
