package io.s3bulkrestore.model;

import java.util.Objects;
import java.util.Optional;

/**
 * A failure with a meaning for the client: the code says what kind, the message says what to do about
 * it. Messages are written by us; AWS exception text never goes into them.
 */
public class ServiceException extends RuntimeException {

    private final ErrorCode code;
    private final String field;

    public ServiceException(ErrorCode code, String message) {
        this(code, message, null, null);
    }

    public ServiceException(ErrorCode code, String message, String field, Throwable cause) {
        super(Objects.requireNonNull(message, "message"), cause);
        this.code = Objects.requireNonNull(code, "code");
        this.field = field;
    }

    public static ServiceException invalid(String field, String message) {
        return new ServiceException(ErrorCode.VALIDATION_FAILED, message, field, null);
    }

    public ErrorCode code() {
        return code;
    }

    /** The request field at fault, when there is one. */
    public Optional<String> field() {
        return Optional.ofNullable(field);
    }
}
