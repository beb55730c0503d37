package io.s3bulkrestore.sandbox.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One method on one API Gateway resource, as template.yaml declares it ({@code Path: /jobs/{id}},
 * {@code Method: get}).
 *
 * @param method   the HTTP method, upper case, or {@link #ANY} (API Gateway's catch-all method)
 * @param resource the resource template, e.g. {@code /jobs/{id}}
 */
record ApiRoute(String method, String resource) {

    /** A resource's catch-all method: API Gateway sends it every method the resource does not declare. */
    static final String ANY = "ANY";

    /**
     * The API's routes; ApiRouteTableTest checks them against template.yaml's Api events. Each path also has an
     * ANY method, so a method a path does not serve reaches the function, which answers 405 with an Allow header.
     */
    static final List<ApiRoute> TEMPLATE_ROUTES = List.of(
            new ApiRoute("POST", "/jobs"),
            new ApiRoute("POST", "/create-job"),
            new ApiRoute("GET", "/jobs"),
            new ApiRoute("GET", "/jobs/{id}"),
            new ApiRoute("POST", "/jobs/{id}/cancel"),
            new ApiRoute("POST", "/jobs/{id}/confirm"),
            new ApiRoute("POST", "/jobs/{id}/redrive"),
            new ApiRoute(ANY, "/jobs"),
            new ApiRoute(ANY, "/create-job"),
            new ApiRoute(ANY, "/jobs/{id}"),
            new ApiRoute(ANY, "/jobs/{id}/cancel"),
            new ApiRoute(ANY, "/jobs/{id}/confirm"),
            new ApiRoute(ANY, "/jobs/{id}/redrive"));

    /**
     * The path parameters if {@code rawPath} names this resource. Values stay as the client encoded them:
     * a REST API passes path parameters without percent-decoding them.
     */
    Optional<Map<String, String>> match(String rawPath) {
        List<String> template = segments(resource);
        List<String> actual = segments(rawPath);
        if (template.size() != actual.size()) {
            return Optional.empty();
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        for (int i = 0; i < template.size(); i++) {
            String expected = template.get(i);
            String segment = actual.get(i);
            if (expected.startsWith("{") && expected.endsWith("}")) {
                if (segment.isEmpty()) {
                    return Optional.empty();
                }
                parameters.put(expected.substring(1, expected.length() - 1), segment);
            } else if (!expected.equals(segment)) {
                return Optional.empty();
            }
        }
        return Optional.of(parameters);
    }

    /** Segments between slashes; one trailing slash is ignored, an empty segment inside the path is kept (and never matches). */
    private static List<String> segments(String path) {
        String trimmed = path.startsWith("/") ? path.substring(1) : path;
        if (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        return trimmed.isEmpty() ? List.of() : List.of(trimmed.split("/", -1));
    }
}
