package io.s3bulkrestore.cli.jobs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

import static io.s3bulkrestore.cli.jobs.ContractResponses.JOB_ID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

/** The client's requests and its reading of answers, against a local HTTP server that answers what it is told. */
class HttpJobsApiTest {

    private record Seen(String method, String pathAndQuery, String apiKey, String accept, String contentType,
                        String idempotencyKey, String body) {
    }

    private HttpServer server;
    private final List<Seen> seen = Collections.synchronizedList(new ArrayList<>());
    private volatile int status = 200;
    private volatile String answer = "{}";

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            var headers = exchange.getRequestHeaders();
            seen.add(new Seen(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath()
                    + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery()),
                    headers.getFirst("x-api-key"), headers.getFirst("Accept"), headers.getFirst("Content-Type"),
                    headers.getFirst("Idempotency-Key"),
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            byte[] body = answer.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private HttpJobsApi api(String stage) {
        return new HttpJobsApi(JobsContext.defaultHttpClient(), new ApiEndpoint(
                URI.create("http://127.0.0.1:" + server.getAddress().getPort() + stage), "the-key"));
    }

    @Test
    void shouldSendTheKeyAndAskForJsonOnEveryRouteUnderTheStage() {
        HttpJobsApi api = api("/Prod/");
        ObjectNode body = HttpJobsApi.JSON.createObjectNode().put("bucket", "manifests").put("key", "m.csv");

        api.create(body, Optional.of("run-1"));
        api.get(JOB_ID);
        api.confirm(JOB_ID);
        api.cancel(JOB_ID);
        api.list(Optional.empty(), Optional.empty(), 100);

        assertThat(seen).extracting(Seen::method, Seen::pathAndQuery).containsExactly(
                tuple("POST", "/Prod/jobs"),
                tuple("GET", "/Prod/jobs/" + JOB_ID),
                tuple("POST", "/Prod/jobs/" + JOB_ID + "/confirm"),
                tuple("POST", "/Prod/jobs/" + JOB_ID + "/cancel"),
                tuple("GET", "/Prod/jobs?limit=100"));
        assertThat(seen).allSatisfy(request -> {
            assertThat(request.apiKey()).isEqualTo("the-key");
            assertThat(request.accept()).isEqualTo("application/json");
        });
        assertThat(seen.get(0).contentType()).isEqualTo("application/json");
        assertThat(seen.get(0).idempotencyKey()).isEqualTo("run-1");
        assertThat(seen.get(0).body()).isEqualTo("{\"bucket\":\"manifests\",\"key\":\"m.csv\"}");
        assertThat(seen.get(2).body()).isEmpty();
    }

    @Test
    void shouldEncodeTheStatusAndPageTokenOfAList() {
        api("").list(Optional.of("Awaiting Confirmation"), Optional.of("a/b+c="), 5);

        assertThat(seen).singleElement().extracting(Seen::pathAndQuery)
                .isEqualTo("/jobs?status=Awaiting+Confirmation&page_token=a%2Fb%2Bc%3D&limit=5");
    }

    @Test
    void shouldRefuseAJobIdThatWouldChangeThePathBeforeSendingAnything() {
        assertThatThrownBy(() -> api("").cancel("../admin")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("not a job id: ../admin");
        assertThatThrownBy(() -> api("").get("a?b")).isInstanceOf(IllegalArgumentException.class);
        assertThat(seen).isEmpty();
    }

    @Test
    void shouldGiveTheStatusAndTheBodyAsSentAndReadAnEmptyBodyAsAnEmptyObject() {
        status = 202;
        answer = "";

        HttpJobsApi.Answer empty = api("").confirm(JOB_ID);

        assertThat(empty.status()).isEqualTo(202);
        assertThat(empty.json().isObject()).isTrue();
        assertThat(empty.json()).isEmpty();

        status = 200;
        answer = ContractResponses.job("Restoring", 1, 0);
        HttpJobsApi.Answer job = api("").get(JOB_ID);
        assertThat(job.body()).isEqualTo(answer);
        assertThat(job.json().path("Status").asText()).isEqualTo("Restoring");
    }

    @Test
    void shouldNameTheRouteAndStatusOfAnErrorThatIsNotOurJsonAndExitOneForA5xx() {
        status = 502;
        answer = "<html><body>Bad Gateway</body></html>";

        assertThatThrownBy(() -> api("/Prod").get(JOB_ID)).isInstanceOfSatisfying(JobsApiException.class, e -> {
            assertThat(e.getMessage()).isEqualTo("GET /jobs/" + JOB_ID + " answered HTTP 502");
            assertThat(e.exitCode()).isEqualTo(1);
        });
    }

    @Test
    void shouldExitTwoForA4xxAndHintAtTheKeyOnlyForA403() {
        status = 429;
        answer = "{\"message\":\"Too Many Requests\"}";
        assertThatThrownBy(() -> api("").list(Optional.empty(), Optional.empty(), 1))
                .isInstanceOfSatisfying(JobsApiException.class, e -> {
                    assertThat(e.getMessage()).isEqualTo("GET /jobs answered HTTP 429: Too Many Requests");
                    assertThat(e.exitCode()).isEqualTo(2);
                });

        status = 404;
        answer = "";
        assertThatThrownBy(() -> api("").cancel(JOB_ID)).isInstanceOfSatisfying(JobsApiException.class, e -> {
            assertThat(e.getMessage()).isEqualTo("POST /jobs/" + JOB_ID + "/cancel answered HTTP 404");
            assertThat(e.exitCode()).isEqualTo(2);
        });
    }

    @Test
    void shouldPreferOurErrorMessageAndFieldToTheStatus() {
        status = 400;
        answer = ContractResponses.error("VALIDATION_FAILED", "expiration_days must be 1 to 365000", "expiration_days");

        assertThatThrownBy(() -> api("").create(HttpJobsApi.JSON.createObjectNode(), Optional.empty()))
                .isInstanceOfSatisfying(JobsApiException.class, e -> {
                    assertThat(e.getMessage()).isEqualTo("expiration_days must be 1 to 365000 (field expiration_days)");
                    assertThat(e.exitCode()).isEqualTo(2);
                });
        assertThat(seen.get(0).idempotencyKey()).isNull();
    }
}
