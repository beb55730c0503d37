package io.s3bulkrestore.sandbox.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent.ProxyRequestContext;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent.RequestIdentity;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Builds the event a REST API (v1) Lambda proxy integration passes to the function: {@code resource} is
 * the matched template, {@code path} the request path without stage, path parameters as the client
 * encoded them, query parameters decoded, both single-value maps holding the last value of a repeated
 * name, {@code body} a UTF-8 string or null, and a request context with the stage and request id.
 */
final class ProxyRequestEvents {

    static final String STAGE = "local";
    static final String API_ID = "local";

    private static final DateTimeFormatter REQUEST_TIME =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH).withZone(ZoneOffset.UTC);

    private ProxyRequestEvents() {
    }

    static APIGatewayProxyRequestEvent build(IncomingRequest request, ApiRoute route, Map<String, String> pathParameters,
                                             String requestId, String apiKey, Instant receivedAt) {
        Map<String, List<String>> multiHeaders = new LinkedHashMap<>();
        Map<String, String> headers = new LinkedHashMap<>();
        request.headers().forEach((name, values) -> {
            if (!values.isEmpty()) {
                multiHeaders.put(name, List.copyOf(values));
                headers.put(name, values.getLast());
            }
        });
        Map<String, List<String>> multiQuery = decodeQuery(request.rawQuery());
        Map<String, String> query = new LinkedHashMap<>();
        multiQuery.forEach((name, values) -> query.put(name, values.getLast()));

        String path = request.rawPath();
        RequestIdentity identity = new RequestIdentity();
        identity.setSourceIp(request.sourceIp());
        identity.setUserAgent(request.header("User-Agent").orElse(null));
        identity.setApiKey(apiKey);
        ProxyRequestContext context = new ProxyRequestContext();
        context.setRequestId(requestId);
        context.setExtendedRequestId(requestId);
        context.setStage(STAGE);
        context.setApiId(API_ID);
        context.setAccountId("123456789012");
        context.setResourcePath(route.resource());
        context.setHttpMethod(route.method());
        context.setPath("/" + STAGE + path);
        context.setProtocol(request.protocol());
        context.setDomainName(request.host());
        context.setRequestTimeEpoch(receivedAt.toEpochMilli());
        context.setRequestTime(REQUEST_TIME.format(receivedAt));
        context.setIdentity(identity);

        APIGatewayProxyRequestEvent event = new APIGatewayProxyRequestEvent();
        event.setResource(route.resource());
        event.setPath(path);
        event.setHttpMethod(route.method());
        event.setHeaders(headers);
        event.setMultiValueHeaders(multiHeaders);
        event.setQueryStringParameters(query.isEmpty() ? null : query);
        event.setMultiValueQueryStringParameters(multiQuery.isEmpty() ? null : multiQuery);
        event.setPathParameters(pathParameters.isEmpty() ? null : Map.copyOf(pathParameters));
        event.setStageVariables(null);
        event.setRequestContext(context);
        event.setBody(request.body().length == 0 ? null : new String(request.body(), StandardCharsets.UTF_8));
        event.setIsBase64Encoded(false);
        return event;
    }

    /**
     * Names and values percent-decoded, {@code +} as a space (as API Gateway hands them to a function);
     * a name without {@code =} has the empty value. The lists are immutable.
     */
    static Map<String, List<String>> decodeQuery(String rawQuery) {
        Map<String, List<String>> values = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return values;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = decode(equals < 0 ? pair : pair.substring(0, equals));
            String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
            values.computeIfAbsent(name, any -> new ArrayList<>()).add(value);
        }
        values.replaceAll((name, list) -> List.copyOf(list));
        return values;
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformedEscape) {
            // A stray '%' is kept as sent rather than failing the whole request.
            return text;
        }
    }
}
