package io.s3bulkrestore.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds API Gateway REST proxy events the way API Gateway fills them: {@code path} without the stage,
 * the stage and the full path in the request context, headers in both the single- and multi-value maps.
 * By default only the path identifies the route (as with a greedy resource or the local sandbox);
 * {@link #asResource} adds the resource template and path parameters of a resource-per-route API.
 */
final class ApiEvents {

    static final String STAGE = "prod";

    private final String method;
    private final String path;
    private final Map<String, List<String>> headers = new LinkedHashMap<>();
    private final Map<String, List<String>> query = new LinkedHashMap<>();
    private String body;
    private boolean base64;
    private String resource;
    private Map<String, String> pathParameters;

    private ApiEvents(String method, String path) {
        this.method = method;
        this.path = path;
        header("x-api-key", "test-api-key");
    }

    static ApiEvents request(String method, String path) {
        return new ApiEvents(method, path);
    }

    static ApiEvents get(String path) {
        return new ApiEvents("GET", path);
    }

    static ApiEvents post(String path) {
        return new ApiEvents("POST", path);
    }

    static ApiEvents post(String path, String jsonBody) {
        return new ApiEvents("POST", path).header("Content-Type", "application/json").body(jsonBody);
    }

    ApiEvents header(String name, String value) {
        headers.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
        return this;
    }

    ApiEvents query(String name, String value) {
        query.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
        return this;
    }

    ApiEvents body(String text) {
        this.body = text;
        return this;
    }

    ApiEvents base64Body(byte[] bytes) {
        return base64Body(Base64.getEncoder().encodeToString(bytes));
    }

    ApiEvents base64Body(String encoded) {
        this.body = encoded;
        this.base64 = true;
        return this;
    }

    ApiEvents base64OfText(String text) {
        return base64Body(text.getBytes(StandardCharsets.UTF_8));
    }

    ApiEvents asResource(String template, Map<String, String> parameters) {
        this.resource = template;
        this.pathParameters = parameters;
        return this;
    }

    APIGatewayProxyRequestEvent build() {
        var context = new APIGatewayProxyRequestEvent.ProxyRequestContext()
                .withStage(STAGE)
                .withPath("/" + STAGE + path)
                .withHttpMethod(method)
                .withRequestId("apigw-request-1")
                .withResourcePath(resource);
        Map<String, String> lastHeaders = new LinkedHashMap<>();
        headers.forEach((name, values) -> lastHeaders.put(name, values.getLast()));
        Map<String, String> lastQuery = new LinkedHashMap<>();
        query.forEach((name, values) -> lastQuery.put(name, values.getLast()));
        return new APIGatewayProxyRequestEvent()
                .withHttpMethod(method)
                .withPath(path)
                .withResource(resource)
                .withPathParameters(pathParameters)
                .withHeaders(lastHeaders)
                .withMultiValueHeaders(new LinkedHashMap<>(headers))
                .withQueryStringParameters(query.isEmpty() ? null : lastQuery)
                .withMultiValueQueryStringParameters(query.isEmpty() ? null : new LinkedHashMap<>(query))
                .withBody(body)
                .withIsBase64Encoded(base64)
                .withRequestContext(context);
    }
}
