package io.s3bulkrestore.sandbox.api;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.s3bulkrestore.sandbox.lambda.LocalContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The API Gateway stand-in: serves template.yaml's REST routes on a loopback port and calls the API
 * function's real handler with the event a REST API (v1) Lambda proxy integration would build.
 *
 * <p>Like API Gateway: a path the API does not have gets 403 {@code Missing Authentication Token}; a method
 * a path does not declare goes to the path's ANY method (template.yaml declares one per path), so the
 * function answers it (405); a missing or wrong {@code x-api-key} gets 403 {@code Forbidden} without invoking the function;
 * a function that throws (or returns no status code) gets 502 {@code Internal server error}; requests are
 * served concurrently (up to {@value #THREADS} at a time).
 *
 * <p>Unlike API Gateway: header names reach the function in the JDK server's normalised case
 * ({@code X-api-key}, not as sent), so handlers must look headers up case-insensitively (API Gateway's
 * own case is the client's, so they must anyway); there is no stage prefix in the URL; the function
 * timeout is not enforced.
 */
public final class LocalApi implements AutoCloseable {

    public static final String DEFAULT_FUNCTION_NAME = "ApiFunction";
    /** The template's Globals.Function.Timeout. */
    public static final Duration DEFAULT_FUNCTION_TIMEOUT = Duration.ofSeconds(30);
    /** API Gateway's payload limit. */
    static final int MAX_BODY_BYTES = 10 * 1024 * 1024;
    static final int THREADS = 8;

    private static final Logger log = LoggerFactory.getLogger(LocalApi.class);

    private final HttpServer server;
    private final ExecutorService executor;
    private final URI endpoint;

    private LocalApi(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
        this.endpoint = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Serves the API on {@code port} (0: a free one) of 127.0.0.1, as the function {@value #DEFAULT_FUNCTION_NAME}. */
    public static LocalApi start(int port, String apiKey,
                                 RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> handler) {
        return start(port, apiKey, handler, DEFAULT_FUNCTION_NAME, DEFAULT_FUNCTION_TIMEOUT, Clock.systemUTC());
    }

    /**
     * @throws PortInUseException when something else listens on {@code port}
     */
    public static LocalApi start(int port, String apiKey,
                                 RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> handler,
                                 String functionName, Duration functionTimeout, Clock clock) {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be 0..65535, was " + port);
        }
        if (apiKey == null || apiKey.isBlank()) {
            throw new IllegalArgumentException("an API key is required: every route of the API requires one");
        }
        Objects.requireNonNull(handler, "handler");
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        } catch (BindException busy) {
            throw new PortInUseException(port, busy);
        } catch (IOException e) {
            throw new IllegalStateException("could not open the local API on port " + port + ": " + e.getMessage(), e);
        }
        ExecutorService executor = Executors.newFixedThreadPool(THREADS, daemonThreads());
        server.setExecutor(executor);
        Invocation invocation = new Invocation(apiKey, handler, functionName, functionTimeout, clock);
        server.createContext("/", invocation::serve);
        server.start();
        LocalApi api = new LocalApi(server, executor);
        log.info("local API listening on {}", api.endpoint);
        return api;
    }

    public URI endpoint() {
        return endpoint;
    }

    /** Stops accepting requests, lets running ones finish (up to a second), and stops the threads. */
    @Override
    public void close() {
        server.stop(1);
        executor.shutdown();
        try {
            if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    private static java.util.concurrent.ThreadFactory daemonThreads() {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "local-api-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** One request: route, key check, invoke, answer. */
    private record Invocation(String apiKey,
                              RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> handler,
                              String functionName, Duration functionTimeout, Clock clock) {

        void serve(HttpExchange exchange) {
            String requestId = UUID.randomUUID().toString();
            try (exchange) {
                answer(exchange, requestId, respond(exchange, requestId));
            } catch (IOException | RuntimeException e) {
                log.warn("local API could not answer request {}: {}", requestId, e.toString());
            }
        }

        private ApiAnswer respond(HttpExchange exchange, String requestId) throws IOException {
            String method = exchange.getRequestMethod();
            String rawPath = exchange.getRequestURI().getRawPath();
            Optional<Routed> routed = route(method, rawPath);
            if (routed.isEmpty()) {
                return ApiAnswer.error(403, "MissingAuthenticationTokenException", "Missing Authentication Token");
            }
            Optional<String> sentKey = firstHeader(exchange, "x-api-key");
            if (sentKey.isEmpty() || !sameKey(sentKey.get(), apiKey)) {
                return ApiAnswer.error(403, "ForbiddenException", "Forbidden");
            }
            byte[] body = readBody(exchange.getRequestBody());
            if (body == null) {
                return ApiAnswer.error(413, null, "Request Too Long");
            }
            IncomingRequest request = new IncomingRequest(method, rawPath, exchange.getRequestURI().getRawQuery(),
                    headersOf(exchange), body, exchange.getRemoteAddress().getAddress().getHostAddress(),
                    exchange.getProtocol(), firstHeader(exchange, "Host").orElse(null));
            APIGatewayProxyRequestEvent event = ProxyRequestEvents.build(request, routed.get().route(),
                    routed.get().pathParameters(), requestId, sentKey.get(), clock.instant());
            return invoke(event, requestId);
        }

        private ApiAnswer invoke(APIGatewayProxyRequestEvent event, String requestId) {
            LocalContext context = LocalContext.startInvocation(functionName, functionTimeout, clock);
            Instant started = clock.instant();
            APIGatewayProxyResponseEvent response;
            try {
                response = handler.handleRequest(event, context);
            } catch (Throwable failure) {
                log.error("{} failed on {} {} (request {}, aws request {})", functionName, event.getHttpMethod(),
                        event.getPath(), requestId, context.getAwsRequestId(), failure);
                return ApiAnswer.error(502, null, "Internal server error");
            }
            Duration took = Duration.between(started, clock.instant());
            if (took.compareTo(functionTimeout) > 0) {
                log.warn("{} took {} ms on {} {}, longer than its {} s timeout: Lambda would have stopped it",
                        functionName, took.toMillis(), event.getHttpMethod(), event.getPath(), functionTimeout.toSeconds());
            }
            if (response == null || response.getStatusCode() == null) {
                log.error("{} returned no status code for {} {} (request {}): a malformed Lambda proxy response",
                        functionName, event.getHttpMethod(), event.getPath(), requestId);
                return ApiAnswer.error(502, null, "Internal server error");
            }
            try {
                return ApiAnswer.of(response);
            } catch (IllegalArgumentException notBase64) {
                log.error("{} returned a body marked isBase64Encoded that is not base64 (request {})",
                        functionName, requestId);
                return ApiAnswer.error(502, null, "Internal server error");
            }
        }

        /**
         * As API Gateway chooses: the resource's own method if it declares this one, else its ANY method, which
         * passes the request's method on (the function sees DELETE, not ANY).
         */
        private static Optional<Routed> route(String method, String rawPath) {
            return routeDeclaring(method, rawPath).or(() -> routeDeclaring(ApiRoute.ANY, rawPath)
                    .map(any -> new Routed(new ApiRoute(method, any.route().resource()), any.pathParameters())));
        }

        private static Optional<Routed> routeDeclaring(String method, String rawPath) {
            for (ApiRoute route : ApiRoute.TEMPLATE_ROUTES) {
                if (route.method().equals(method)) {
                    Optional<Map<String, String>> parameters = route.match(rawPath);
                    if (parameters.isPresent()) {
                        return Optional.of(new Routed(route, parameters.get()));
                    }
                }
            }
            return Optional.empty();
        }

        private static boolean sameKey(String sent, String expected) {
            return MessageDigest.isEqual(sent.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8));
        }

        private static Optional<String> firstHeader(HttpExchange exchange, String name) {
            return Optional.ofNullable(exchange.getRequestHeaders().getFirst(name));
        }

        private static Map<String, List<String>> headersOf(HttpExchange exchange) {
            Map<String, List<String>> headers = new LinkedHashMap<>();
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name, List.copyOf(values)));
            return headers;
        }

        /** The body, or null when it exceeds API Gateway's limit. */
        private static byte[] readBody(InputStream in) throws IOException {
            byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
            return body.length > MAX_BODY_BYTES ? null : body;
        }

        private static void answer(HttpExchange exchange, String requestId, ApiAnswer answer) throws IOException {
            var headers = exchange.getResponseHeaders();
            answer.headers().forEach((name, values) -> headers.put(name, new ArrayList<>(values)));
            headers.set("x-amzn-RequestId", requestId);
            boolean noBody = answer.body().length == 0 || answer.status() == 204 || answer.status() == 304
                    || "HEAD".equals(exchange.getRequestMethod());
            exchange.sendResponseHeaders(answer.status(), noBody ? -1 : answer.body().length);
            if (!noBody) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(answer.body());
                }
            }
            log.debug("{} {} -> {} (request {})", exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                    answer.status(), requestId);
        }
    }

    private record Routed(ApiRoute route, Map<String, String> pathParameters) {
    }
}
