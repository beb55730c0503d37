package io.s3bulkrestore.sandbox.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What the local API sends back: a function's proxy response, or one of API Gateway's own errors. */
record ApiAnswer(int status, Map<String, List<String>> headers, byte[] body) {

    /**
     * API Gateway's own error: JSON {@code {"message":...}}, with the {@code x-amzn-ErrorType} header
     * where API Gateway sends one.
     */
    static ApiAnswer error(int status, String errorType, String message) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("Content-Type", List.of("application/json"));
        if (errorType != null) {
            headers.put("x-amzn-ErrorType", List.of(errorType));
        }
        String body = "{\"message\":\"" + message + "\"}";
        return new ApiAnswer(status, headers, body.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A Lambda proxy response: {@code headers} and {@code multiValueHeaders} merged (a pair present in
     * both appears once), Content-Type application/json unless the function set one, the body
     * base64-decoded when {@code isBase64Encoded}.
     */
    static ApiAnswer of(APIGatewayProxyResponseEvent response) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        if (response.getMultiValueHeaders() != null) {
            response.getMultiValueHeaders().forEach((name, values) -> {
                if (values != null) {
                    headers.computeIfAbsent(name, any -> new ArrayList<>())
                            .addAll(values.stream().filter(v -> v != null).toList());
                }
            });
        }
        if (response.getHeaders() != null) {
            response.getHeaders().forEach((name, value) -> {
                if (value != null) {
                    List<String> values = headers.computeIfAbsent(name, any -> new ArrayList<>());
                    if (!values.contains(value)) {
                        values.add(value);
                    }
                }
            });
        }
        if (headers.keySet().stream().noneMatch("Content-Type"::equalsIgnoreCase)) {
            headers.put("Content-Type", List.of("application/json"));
        }
        String body = response.getBody();
        byte[] bytes;
        if (body == null) {
            bytes = new byte[0];
        } else if (Boolean.TRUE.equals(response.getIsBase64Encoded())) {
            bytes = Base64.getDecoder().decode(body);
        } else {
            bytes = body.getBytes(StandardCharsets.UTF_8);
        }
        return new ApiAnswer(response.getStatusCode(), headers, bytes);
    }
}
