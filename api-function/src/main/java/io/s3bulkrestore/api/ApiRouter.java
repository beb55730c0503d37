package io.s3bulkrestore.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import io.s3bulkrestore.model.ErrorCode;
import io.s3bulkrestore.model.ServiceException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the route of a request from its method and path.
 *
 * <p>With one API Gateway resource per route, {@code resource} is the route's template and the id is in
 * {@code pathParameters}. With a greedy {@code /{proxy+}} resource (or a local server that sets only
 * {@code path}), the path is matched instead: the proxy parameter is the path relative to the API,
 * while {@code path} may start with the stage name, which is then ignored.
 */
final class ApiRouter {

    private static final String PROXY = "proxy";

    RouteMatch match(APIGatewayProxyRequestEvent event) {
        String method = event.getHttpMethod() == null ? "" : event.getHttpMethod().toUpperCase(java.util.Locale.ROOT);
        Optional<Resolved> resolved = byResource(event).or(() -> byPath(event));
        if (resolved.isEmpty()) {
            throw new ServiceException(ErrorCode.NOT_FOUND, "no such route: " + method + " " + displayPath(event));
        }
        String resource = resolved.get().resource();
        List<Route> sameResource = Arrays.stream(Route.values()).filter(r -> r.resource().equals(resource)).toList();
        return sameResource.stream()
                .filter(route -> route.method().equals(method))
                .findFirst()
                .map(route -> new RouteMatch(route, resolved.get().jobId()))
                .orElseThrow(() -> new MethodNotAllowedException(method, resource,
                        sameResource.stream().map(Route::method).sorted().toList()));
    }

    private record Resolved(String resource, Optional<String> jobId) {
    }

    private static Optional<Resolved> byResource(APIGatewayProxyRequestEvent event) {
        String resource = event.getResource();
        Optional<String> id = parameter(event, Route.ID);
        for (Route route : Route.values()) {
            if (route.resource().equals(resource) && (id.isPresent() || !resource.contains("{"))) {
                return Optional.of(new Resolved(resource, id));
            }
        }
        return Optional.empty();
    }

    private static Optional<Resolved> byPath(APIGatewayProxyRequestEvent event) {
        Optional<String> proxy = parameter(event, PROXY);
        if (proxy.isPresent()) {
            return matchSegments(segmentsOf(proxy.get()));
        }
        String path = event.getPath() != null ? event.getPath()
                : event.getRequestContext() != null ? event.getRequestContext().getPath() : null;
        if (path == null) {
            return Optional.empty();
        }
        List<String> segments = segmentsOf(path);
        Optional<Resolved> exact = matchSegments(segments);
        String stage = event.getRequestContext() == null ? null : event.getRequestContext().getStage();
        if (exact.isPresent() || stage == null || segments.isEmpty() || !segments.getFirst().equals(stage)) {
            return exact;
        }
        return matchSegments(segments.subList(1, segments.size()));
    }

    private static Optional<Resolved> matchSegments(List<String> segments) {
        return Arrays.stream(Route.values())
                .sorted(Comparator.comparingInt(route -> -route.segments().size()))
                .filter(route -> fits(route.segments(), segments))
                .findFirst()
                .map(route -> new Resolved(route.resource(), idIn(route.segments(), segments)));
    }

    private static boolean fits(List<String> template, List<String> segments) {
        if (template.size() != segments.size()) {
            return false;
        }
        for (int i = 0; i < template.size(); i++) {
            if (!isPlaceholder(template.get(i)) && !template.get(i).equals(segments.get(i))) {
                return false;
            }
        }
        return true;
    }

    private static Optional<String> idIn(List<String> template, List<String> segments) {
        for (int i = 0; i < template.size(); i++) {
            if (isPlaceholder(template.get(i))) {
                return Optional.of(segments.get(i));
            }
        }
        return Optional.empty();
    }

    private static boolean isPlaceholder(String segment) {
        return segment.startsWith("{");
    }

    private static List<String> segmentsOf(String path) {
        List<String> segments = new ArrayList<>();
        for (String part : path.split("/")) {
            if (!part.isEmpty()) {
                segments.add(part);
            }
        }
        return segments;
    }

    private static Optional<String> parameter(APIGatewayProxyRequestEvent event, String name) {
        Map<String, String> parameters = event.getPathParameters();
        return Optional.ofNullable(parameters == null ? null : parameters.get(name));
    }

    private static String displayPath(APIGatewayProxyRequestEvent event) {
        String path = event.getPath() != null ? event.getPath() : String.valueOf(event.getResource());
        // The path is the client's own input; cap it so a long one cannot flood the response or logs.
        return path.length() > 200 ? path.substring(0, 200) + "..." : path;
    }
}
