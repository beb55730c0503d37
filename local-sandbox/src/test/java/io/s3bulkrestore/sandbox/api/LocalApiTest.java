package io.s3bulkrestore.sandbox.api;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LocalApiTest {

    private static final String KEY = "local-test-key";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final RecordingHandler handler = new RecordingHandler();
    private LocalApi api;

    @AfterEach
    void stop() {
        if (api != null) {
            api.close();
        }
    }

    @Test
    void shouldPassCreateJobAsARestApiProxyEvent() throws Exception {
        // Given
        api = LocalApi.start(0, KEY, handler);
        String body = "{\"manifest\":\"s3://manifests/ünïcode key.csv\"}";

        // When
        HttpResponse<String> response = send(HttpRequest.newBuilder(url("/jobs"))
                .header("x-api-key", KEY)
                .header("Idempotency-Key", "retry-1")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)));

        // Then
        assertThat(response.statusCode()).isEqualTo(200);
        APIGatewayProxyRequestEvent event = handler.onlyEvent();
        assertThat(event.getHttpMethod()).isEqualTo("POST");
        assertThat(event.getPath()).isEqualTo("/jobs");
        assertThat(event.getResource()).isEqualTo("/jobs");
        assertThat(event.getPathParameters()).isNull();
        assertThat(event.getQueryStringParameters()).isNull();
        assertThat(event.getMultiValueQueryStringParameters()).isNull();
        assertThat(event.getBody()).isEqualTo(body);
        assertThat(event.getIsBase64Encoded()).isFalse();
        assertThat(headerValue(event.getHeaders(), "idempotency-key")).isEqualTo("retry-1");
        assertThat(headerValues(event.getMultiValueHeaders(), "idempotency-key")).containsExactly("retry-1");
        assertThat(headerValue(event.getHeaders(), "content-type")).isEqualTo("application/json");
        assertThat(event.getRequestContext().getStage()).isEqualTo("local");
        assertThat(event.getRequestContext().getResourcePath()).isEqualTo("/jobs");
        assertThat(event.getRequestContext().getHttpMethod()).isEqualTo("POST");
        assertThat(event.getRequestContext().getPath()).isEqualTo("/local/jobs");
        assertThat(event.getRequestContext().getIdentity().getApiKey()).isEqualTo(KEY);
        assertThat(event.getRequestContext().getIdentity().getSourceIp()).isEqualTo("127.0.0.1");
        assertThat(event.getRequestContext().getRequestId())
                .isNotBlank()
                .isEqualTo(response.headers().firstValue("x-amzn-RequestId").orElseThrow());
    }

    @Test
    void shouldPassTheSeedAliasRouteWithItsOwnResource() throws Exception {
        // Given
        api = LocalApi.start(0, KEY, handler);

        // When
        HttpResponse<String> response = send(HttpRequest.newBuilder(url("/create-job"))
                .header("x-api-key", KEY).POST(HttpRequest.BodyPublishers.ofString("{}")));

        // Then
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(handler.onlyEvent().getResource()).isEqualTo("/create-job");
        assertThat(handler.onlyEvent().getHttpMethod()).isEqualTo("POST");
    }

    @Test
    void shouldPassDecodedQueryStringsOfListJobs() throws Exception {
        // Given
        api = LocalApi.start(0, KEY, handler);

        // When
        HttpResponse<String> response = send(HttpRequest.newBuilder(
                url("/jobs?status=IN%20PROGRESS&limit=5&tag=a&tag=b+c&k%C3%A9=%E2%9C%93&flag")).header("x-api-key", KEY).GET());

        // Then
        assertThat(response.statusCode()).isEqualTo(200);
        APIGatewayProxyRequestEvent event = handler.onlyEvent();
        assertThat(event.getHttpMethod()).isEqualTo("GET");
        assertThat(event.getResource()).isEqualTo("/jobs");
        assertThat(event.getPath()).isEqualTo("/jobs");
        assertThat(event.getBody()).isNull();
        assertThat(event.getQueryStringParameters()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "status", "IN PROGRESS", "limit", "5", "tag", "b c", "ké", "✓", "flag", ""));
        assertThat(event.getMultiValueQueryStringParameters()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "status", List.of("IN PROGRESS"), "limit", List.of("5"), "tag", List.of("a", "b c"),
                "ké", List.of("✓"), "flag", List.of("")));
    }

    @Test
    void shouldPassTheJobIdOfGetJobAsAPathParameter() throws Exception {
        // Given
        api = LocalApi.start(0, KEY, handler);

        // When
        HttpResponse<String> response = send(HttpRequest.newBuilder(url("/jobs/job-0001")).header("x-api-key", KEY).GET());

        // Then
        assertThat(response.statusCode()).isEqualTo(200);
        APIGatewayProxyRequestEvent event = handler.onlyEvent();
        assertThat(event.getResource()).isEqualTo("/jobs/{id}");
        assertThat(event.getPath()).isEqualTo("/jobs/job-0001");
        assertThat(event.getPathParameters()).containsExactly(Map.entry("id", "job-0001"));
        assertThat(event.getRequestContext().getResourcePath()).isEqualTo("/jobs/{id}");
    }

    @Test
    void shouldPassTheJobIdOfCancelJobAsAPathParameter() throws Exception {
        // Given
        api = LocalApi.start(0, KEY, handler);

        // When
        HttpResponse<String> response = send(HttpRequest.newBuilder(url("/jobs/job-0002/cancel"))
                .header("x-api-key", KEY).POST(HttpRequest.BodyPublishers.noBody()));

        // Then
        assertThat(response.statusCode()).isEqualTo(200);
        APIGatewayProxyRequestEvent event = handler.onlyEvent();
        assertThat(event.getHttpMethod()).isEqualTo("POST");
        assertThat(event.getResource()).isEqualTo("/jobs/{id}/cancel");
        assertThat(event.getPath()).isEqualTo("/jobs/job-0002/cancel");
        assertThat(event.getPathParameters()).containsExactly(Map.entry("id", "job-0002"));
        assertThat(event.getBody()).isNull();
    }

    @Test
    void shouldLeavePathParametersEncodedAsAPathIsLikeARestApi() throws Exception {
        // Given
        api = LocalApi.start(0, KEY, handler);

        // When
        send(HttpRequest.newBuilder(url("/jobs/a%20b")).header("x-api-key", KEY).GET());

        // Then
        assertThat(handler.onlyEvent().getPath()).isEqualTo("/jobs/a%20b");
        assertThat(handler.onlyEvent().getPathParameters()).containsExactly(Map.entry("id", "a%20b"));
    }

    @Test
    void shouldAnswerWithTheFunctionsStatusHeadersAndBody() throws Exception {
        // Given
        handler.answerWith(event -> new APIGatewayProxyResponseEvent()
                .withStatusCode(201)
                .withHeaders(Map.of("Location", "/jobs/j-1", "X-Both", "same"))
                .withMultiValueHeaders(Map.of("X-Multi", List.of("one", "two"), "X-Both", List.of("same")))
                .withBody("{\"jobId\":\"j-1\"}"));
        api = LocalApi.start(0, KEY, handler);

        // When
        HttpResponse<String> response = send(HttpRequest.newBuilder(url("/jobs"))
                .header("x-api-key", KEY).POST(HttpRequest.BodyPublishers.ofString("{}")));

        // Then
        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(response.body()).isEqualTo("{\"jobId\":\"j-1\"}");
        assertThat(response.headers().firstValue("Location")).hasValue("/jobs/j-1");
        assertThat(response.headers().allValues("X-Multi")).containsExactly("one", "two");
        assertThat(response.headers().allValues("X-Both")).containsExactly("same");
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
    }

    @Test
    void shouldDecodeABase64EncodedResponseBody() throws Exception {
        // Given
        byte[] bytes = {0, 1, 2, (byte) 0xff};
        handler.answerWith(event -> new APIGatewayProxyResponseEvent().withStatusCode(200)
                .withHeaders(Map.of("Content-Type", "application/octet-stream"))
                .withIsBase64Encoded(true).withBody(Base64.getEncoder().encodeToString(bytes)));
        api = LocalApi.start(0, KEY, handler);

        // When
        HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(url("/jobs")).header("x-api-key", KEY).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());

        // Then
        assertThat(response.body()).containsExactly(bytes);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/octet-stream");
    }

    @Test
    void shouldRefuseARequestWithoutAnApiKeyWithoutCallingTheFunction() throws Exception {
        // Given
        api = LocalApi.start(0, KEY, handler);

        // When
        HttpResponse<String> response = send(HttpRequest.newBuilder(url("/jobs")).GET());

        // Then
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(message(response)).isEqualTo("Forbidden");
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(handler.events()).isEmpty();
    }

    @Test
    void shouldRefuseAWrongApiKeyWithoutCallingTheFunction() throws Exception {
        // Given
        api = LocalApi.start(0, KEY, handler);

        // When
        HttpResponse<String> response = send(HttpRequest.newBuilder(url("/jobs/j-1"))
                .header("x-api-key", KEY + "x").GET());

        // Then
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(message(response)).isEqualTo("Forbidden");
        assertThat(handler.events()).isEmpty();
    }

    @Test
    void shouldAcceptTheApiKeyHeaderInAnyCase() throws Exception {
        // Given
        api = LocalApi.start(0, KEY, handler);

        // When
        HttpResponse<String> response = send(HttpRequest.newBuilder(url("/jobs")).header("X-API-Key", KEY).GET());

        // Then
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(handler.events()).hasSize(1);
    }

    @Test
    void shouldAnswerAnUnknownPathWithMissingAuthenticationTokenEvenWithAKey() throws Exception {
        // Given
        api = LocalApi.start(0, KEY, handler);

        // When
        HttpResponse<String> unknownPath = send(HttpRequest.newBuilder(url("/nothing-here")).header("x-api-key", KEY).GET());
        HttpResponse<String> tooDeep = send(HttpRequest.newBuilder(url("/jobs/j-1/cancel/now")).header("x-api-key", KEY)
                .POST(HttpRequest.BodyPublishers.noBody()));
        HttpResponse<String> withoutKey = send(HttpRequest.newBuilder(url("/")).GET());

        // Then
        for (HttpResponse<String> response : List.of(unknownPath, tooDeep, withoutKey)) {
            assertThat(response.statusCode()).isEqualTo(403);
            assertThat(message(response)).isEqualTo("Missing Authentication Token");
        }
        assertThat(handler.events()).isEmpty();
    }

    @Test
    void shouldPassAMethodAPathDoesNotDeclareToTheFunctionThroughThePathsAnyMethod() throws Exception {
        // Given
        api = LocalApi.start(0, KEY, handler);

        // When
        HttpResponse<String> delete = send(HttpRequest.newBuilder(url("/jobs/j-1")).header("x-api-key", KEY).DELETE());
        HttpResponse<String> withoutKey = send(HttpRequest.newBuilder(url("/jobs/j-1")).DELETE());

        // Then the function gets the request's own method on the path's resource; the key is still required
        assertThat(delete.statusCode()).isEqualTo(200);
        assertThat(handler.events()).singleElement().satisfies(event -> {
            assertThat(event.getHttpMethod()).isEqualTo("DELETE");
            assertThat(event.getResource()).isEqualTo("/jobs/{id}");
            assertThat(event.getPathParameters()).containsEntry("id", "j-1");
            assertThat(event.getRequestContext().getHttpMethod()).isEqualTo("DELETE");
        });
        assertThat(withoutKey.statusCode()).isEqualTo(403);
        assertThat(message(withoutKey)).isEqualTo("Forbidden");
    }

    @Test
    void shouldAnswer502WhenTheFunctionThrows() throws Exception {
        // Given
        handler.answerWith(event -> {
            throw new IllegalStateException("boom: secret detail");
        });
        api = LocalApi.start(0, KEY, handler);

        // When
        HttpResponse<String> response = send(HttpRequest.newBuilder(url("/jobs")).header("x-api-key", KEY).GET());

        // Then
        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(message(response)).isEqualTo("Internal server error");
        assertThat(response.body()).doesNotContain("secret");
    }

    @Test
    void shouldAnswer502WhenTheFunctionReturnsNoStatusCode() throws Exception {
        // Given
        handler.answerWith(event -> new APIGatewayProxyResponseEvent().withBody("{}"));
        api = LocalApi.start(0, KEY, handler);

        // When
        HttpResponse<String> response = send(HttpRequest.newBuilder(url("/jobs")).header("x-api-key", KEY).GET());

        // Then
        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(message(response)).isEqualTo("Internal server error");
    }

    @Test
    void shouldGiveEachInvocationAContextOfTheFunctionWithItsOwnRequestId() throws Exception {
        // Given
        api = LocalApi.start(0, KEY, handler, "ApiFunction", Duration.ofSeconds(30), Clock.systemUTC());

        // When
        send(HttpRequest.newBuilder(url("/jobs")).header("x-api-key", KEY).GET());
        send(HttpRequest.newBuilder(url("/jobs")).header("x-api-key", KEY).GET());

        // Then
        assertThat(handler.contexts()).hasSize(2);
        assertThat(handler.contexts()).allSatisfy(context -> {
            assertThat(context.functionName()).isEqualTo("ApiFunction");
            assertThat(context.remainingMillis()).isBetween(1, 30_000);
        });
        assertThat(handler.contexts().get(0).awsRequestId()).isNotEqualTo(handler.contexts().get(1).awsRequestId());
    }

    @Test
    void shouldServeRequestsConcurrently() throws Exception {
        // Given a function that returns only once four invocations run at the same time
        CountDownLatch allInside = new CountDownLatch(4);
        handler.answerWith(event -> {
            allInside.countDown();
            try {
                boolean together = allInside.await(10, TimeUnit.SECONDS);
                return new APIGatewayProxyResponseEvent().withStatusCode(together ? 200 : 504).withBody("{}");
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        api = LocalApi.start(0, KEY, handler);

        // When
        List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            calls.add(http.sendAsync(HttpRequest.newBuilder(url("/jobs/j-" + i)).header("x-api-key", KEY).GET().build(),
                    HttpResponse.BodyHandlers.ofString()));
        }

        // Then
        for (CompletableFuture<HttpResponse<String>> call : calls) {
            assertThat(call.get(20, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void shouldSayWhichPortIsBusyAndWhatToDo() throws Exception {
        // Given
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();

            // When / Then
            assertThatThrownBy(() -> LocalApi.start(port, KEY, handler))
                    .isInstanceOf(PortInUseException.class)
                    .hasMessage("port " + port + " is in use: pass --api-port 0 for a free one")
                    .satisfies(e -> assertThat(((PortInUseException) e).port()).isEqualTo(port));
        }
    }

    @Test
    void shouldListenOnLoopbackOnly() {
        // Given / When
        api = LocalApi.start(0, KEY, handler);

        // Then
        assertThat(api.endpoint().getHost()).isEqualTo("127.0.0.1");
        assertThat(api.endpoint().getPort()).isPositive();
    }

    private URI url(String pathAndQuery) {
        return URI.create(api.endpoint() + pathAndQuery);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String message(HttpResponse<String> response) throws IOException {
        JsonNode body = JSON.readTree(response.body());
        return body.path("message").asText();
    }

    private static String headerValue(Map<String, String> headers, String name) {
        return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                .map(Map.Entry::getValue).findFirst().orElse(null);
    }

    private static List<String> headerValues(Map<String, List<String>> headers, String name) {
        return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                .map(Map.Entry::getValue).findFirst().orElse(List.of());
    }

    /** Records each event and what the context said, and answers as told (200 {} by default). */
    private static final class RecordingHandler
            implements RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> {

        record SeenContext(String functionName, String awsRequestId, int remainingMillis) {
        }

        private final List<APIGatewayProxyRequestEvent> events = Collections.synchronizedList(new ArrayList<>());
        private final List<SeenContext> contexts = Collections.synchronizedList(new ArrayList<>());
        private volatile Function<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> answer =
                event -> new APIGatewayProxyResponseEvent().withStatusCode(200).withBody("{}");

        void answerWith(Function<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> answer) {
            this.answer = answer;
        }

        @Override
        public APIGatewayProxyResponseEvent handleRequest(APIGatewayProxyRequestEvent event, Context context) {
            events.add(event);
            contexts.add(new SeenContext(context.getFunctionName(), context.getAwsRequestId(),
                    context.getRemainingTimeInMillis()));
            return answer.apply(event);
        }

        List<APIGatewayProxyRequestEvent> events() {
            return List.copyOf(events);
        }

        List<SeenContext> contexts() {
            return List.copyOf(contexts);
        }

        APIGatewayProxyRequestEvent onlyEvent() {
            assertThat(events).hasSize(1);
            return events.getFirst();
        }
    }
}
