package io.s3bulkrestore.sandbox.api;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An HTTP request as the local API received it, before it becomes an API Gateway event.
 *
 * @param method   the HTTP method as sent
 * @param rawPath  the path, still percent-encoded
 * @param rawQuery the query string, still percent-encoded; null when the URL has none
 * @param headers  header names and their values in arrival order
 * @param body     the body bytes (empty when there is none)
 * @param sourceIp the client's address
 * @param protocol e.g. HTTP/1.1
 * @param host     the Host header's value, for the request context's domain name
 */
record IncomingRequest(String method, String rawPath, String rawQuery, Map<String, List<String>> headers,
                       byte[] body, String sourceIp, String protocol, String host) {

    /** The first value of a header, whatever the case of its name (HTTP header names are case-insensitive). */
    Optional<String> header(String name) {
        return headers.entrySet().stream()
                .filter(entry -> entry.getKey().equalsIgnoreCase(name))
                .flatMap(entry -> entry.getValue().stream())
                .findFirst();
    }
}
