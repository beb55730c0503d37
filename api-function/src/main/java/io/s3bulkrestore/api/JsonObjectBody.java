package io.s3bulkrestore.api;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.s3bulkrestore.model.ErrorCode;
import io.s3bulkrestore.model.ServiceException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a request body into the fields of one JSON object, or fails naming "body" (or the repeated
 * field). Jackson's own messages are not passed on: they quote internals, not what the client did.
 */
final class JsonObjectBody {

    static final String FIELD = "body";

    private static final Pattern DUPLICATE_FIELD = Pattern.compile("^Duplicate field '(.*)'");

    private JsonObjectBody() {
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> read(ApiRequest request, int maxBytes) {
        byte[] bytes = bytesOf(request);
        if (bytes.length > maxBytes) {
            throw new ServiceException(ErrorCode.PAYLOAD_TOO_LARGE, "body is " + bytes.length
                    + " bytes; the limit is " + maxBytes + " bytes", FIELD, null);
        }
        if (new String(bytes, StandardCharsets.UTF_8).isBlank()) {
            throw ServiceException.invalid(FIELD, "body is required: a JSON object with at least bucket and key");
        }
        Object value;
        try {
            value = ApiJson.read(bytes);
        } catch (JsonProcessingException e) {
            throw notJson(e);
        } catch (IOException e) {
            throw ServiceException.invalid(FIELD, "body could not be read as JSON");
        }
        if (value instanceof Map<?, ?> object) {
            return (Map<String, Object>) object;
        }
        throw ServiceException.invalid(FIELD, "body must be a JSON object, got " + kindOf(value));
    }

    private static byte[] bytesOf(ApiRequest request) {
        String text = request.body().orElse("");
        if (!request.bodyIsBase64()) {
            return text.getBytes(StandardCharsets.UTF_8);
        }
        try {
            return Base64.getDecoder().decode(text.strip());
        } catch (IllegalArgumentException e) {
            throw ServiceException.invalid(FIELD, "body is marked as base64-encoded but is not valid base64");
        }
    }

    private static ServiceException notJson(JsonProcessingException e) {
        Matcher duplicate = DUPLICATE_FIELD.matcher(String.valueOf(e.getOriginalMessage()));
        if (duplicate.find()) {
            String field = duplicate.group(1);
            return ServiceException.invalid(field, "field '" + field + "' appears more than once in the body");
        }
        JsonLocation at = e.getLocation();
        String where = at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
        return ServiceException.invalid(FIELD, "body is not a single valid JSON object" + where);
    }

    private static String kindOf(Object value) {
        return switch (value) {
            case null -> "null";
            case List<?> list -> "an array";
            case String text -> "a string";
            case Number number -> "a number";
            case Boolean bool -> "a boolean";
            default -> "a " + value.getClass().getSimpleName();
        };
    }
}
