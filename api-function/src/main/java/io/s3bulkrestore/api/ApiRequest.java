package io.s3bulkrestore.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Read access to an API Gateway proxy event. API Gateway passes headers in whatever case the client
 * sent and fills both the single- and the multi-value maps; this looks in both.
 */
record ApiRequest(APIGatewayProxyRequestEvent event) {

    String method() {
        return event.getHttpMethod() == null ? "" : event.getHttpMethod();
    }

    /** Every value of a header, whatever the case of its name. */
    List<String> headerValues(String name) {
        List<String> values = new ArrayList<>();
        if (event.getMultiValueHeaders() != null) {
            event.getMultiValueHeaders().forEach((header, list) -> {
                if (header.equalsIgnoreCase(name) && list != null) {
                    list.stream().filter(v -> v != null).forEach(values::add);
                }
            });
        }
        if (values.isEmpty() && event.getHeaders() != null) {
            event.getHeaders().forEach((header, value) -> {
                if (header.equalsIgnoreCase(name) && value != null) {
                    values.add(value);
                }
            });
        }
        return values;
    }

    Set<String> queryParameterNames() {
        Set<String> names = new LinkedHashSet<>();
        if (event.getMultiValueQueryStringParameters() != null) {
            names.addAll(event.getMultiValueQueryStringParameters().keySet());
        }
        if (event.getQueryStringParameters() != null) {
            names.addAll(event.getQueryStringParameters().keySet());
        }
        return names;
    }

    List<String> queryValues(String name) {
        Map<String, List<String>> multi = event.getMultiValueQueryStringParameters();
        if (multi != null && multi.get(name) != null && !multi.get(name).isEmpty()) {
            return List.copyOf(multi.get(name));
        }
        Map<String, String> single = event.getQueryStringParameters();
        return single != null && single.get(name) != null ? List.of(single.get(name)) : List.of();
    }

    Optional<String> body() {
        return Optional.ofNullable(event.getBody());
    }

    boolean bodyIsBase64() {
        return Boolean.TRUE.equals(event.getIsBase64Encoded());
    }
}
