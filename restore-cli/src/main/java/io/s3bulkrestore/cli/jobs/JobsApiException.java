package io.s3bulkrestore.cli.jobs;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The API refused a request, or could not be reached. The message is what the user reads after "error: "; the exit
 * code is 2 for a 4xx (something the user can fix: a bad option, an unknown job, a state that does not allow it) and
 * 1 otherwise.
 */
public final class JobsApiException extends RuntimeException {

    private final int exitCode;

    private JobsApiException(String message, int exitCode, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }

    /**
     * From an error answer: our API's {@code {"error":{"code","message","field"}}} as "message (field f)"; API
     * Gateway's own {@code {"message":"Forbidden"}} (a missing or wrong key) as "HTTP 403: Forbidden".
     */
    static JobsApiException answered(int status, JsonNode body, String method, String path) {
        JsonNode error = body.path("error");
        String message;
        if (error.hasNonNull("message")) {
            message = error.get("message").asText()
                    + (error.hasNonNull("field") ? " (field " + error.get("field").asText() + ")" : "");
        } else if (body.hasNonNull("message")) {
            message = method + " " + path + " answered HTTP " + status + ": " + body.get("message").asText()
                    + (status == 403 ? " (is the API key right?)" : "");
        } else {
            message = method + " " + path + " answered HTTP " + status;
        }
        return new JobsApiException(message, status >= 400 && status < 500 ? 2 : 1, null);
    }

    static JobsApiException unreachable(String what, Exception cause) {
        return new JobsApiException(what + ": " + cause.getClass().getSimpleName()
                + (cause.getMessage() == null ? "" : " " + cause.getMessage()), 1, cause);
    }
}
