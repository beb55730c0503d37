package io.s3bulkrestore.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A response before it becomes an API Gateway event.
 *
 * @param jobId the job the request was about, for the request log line only
 */
record ApiResponse(int status, Map<String, String> headers, Object body, Optional<String> jobId) {

    static ApiResponse json(int status, Object body) {
        return new ApiResponse(status, Map.of(), body, Optional.empty());
    }

    ApiResponse withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new ApiResponse(status, Map.copyOf(more), body, jobId);
    }

    ApiResponse aboutJob(String id) {
        return new ApiResponse(status, headers, body, Optional.of(id));
    }

    APIGatewayProxyResponseEvent toEvent() {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("Content-Type", "application/json");
        all.putAll(headers);
        return new APIGatewayProxyResponseEvent()
                .withStatusCode(status)
                .withHeaders(all)
                .withIsBase64Encoded(false)
                .withBody(ApiJson.write(body));
    }
}
