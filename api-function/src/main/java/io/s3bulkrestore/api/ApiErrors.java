package io.s3bulkrestore.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.s3bulkrestore.model.ErrorCode;
import io.s3bulkrestore.model.ServiceException;

/** Error responses: {"error":{"code","message","field"}}, one HTTP status per code. */
final class ApiErrors {

    static final String INTERNAL = "INTERNAL";

    private ApiErrors() {
    }

    public record ErrorResponse(ErrorBody error) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"code", "message", "field"})
    public record ErrorBody(String code, String message, String field) {
    }

    static int statusOf(ErrorCode code) {
        return switch (code) {
            case VALIDATION_FAILED -> 400;
            case BUCKET_NOT_ALLOWED -> 403;
            case NOT_FOUND -> 404;
            case METHOD_NOT_ALLOWED -> 405;
            case IDEMPOTENCY_CONFLICT, INVALID_STATE -> 409;
            case PAYLOAD_TOO_LARGE -> 413;
            case MANIFEST_UNAVAILABLE -> 422;
            case UPSTREAM_FAILED -> 502;
        };
    }

    static ApiResponse of(ServiceException e) {
        ApiResponse response = ApiResponse.json(statusOf(e.code()),
                new ErrorResponse(new ErrorBody(e.code().name(), e.getMessage(), e.field().orElse(null))));
        if (e instanceof MethodNotAllowedException notAllowed) {
            return response.withHeader("Allow", String.join(", ", notAllowed.allowed()));
        }
        return response;
    }

    /** Anything unexpected: a generic message and the request id to quote; the details stay in the log. */
    static ApiResponse internal(String requestId) {
        return ApiResponse.json(500, new ErrorResponse(new ErrorBody(INTERNAL,
                "internal error; if it persists, report request id " + requestId, null)));
    }
}
