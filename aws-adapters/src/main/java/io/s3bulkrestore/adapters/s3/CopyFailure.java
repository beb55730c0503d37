package io.s3bulkrestore.adapters.s3;

import io.s3bulkrestore.copy.CopyOutcome;

/**
 * An S3 request of a copy that failed, classified: what the copy comes to ({@link #outcome()}) and whether trying
 * the request again may help. Carries S3's error code and request id, never its message.
 */
final class CopyFailure extends RuntimeException {

    enum Kind {
        /** Throttling, S3's own errors, the network: the same request may succeed in a moment. */
        RETRYABLE,
        /**
         * A race lost to another writer (a precondition that no longer holds, a concurrent conditional write): the
         * same request would fail again; the copy, started over, may succeed.
         */
        RACE,
        /** Permissions, a missing bucket or key, a rejected request: it will not. */
        PERMANENT,
        /** The source is archived and its restored copy is gone. */
        SOURCE_NOT_RESTORED
    }

    private final Kind kind;
    private final String code;
    private final int status;
    private final String requestId;

    CopyFailure(Kind kind, String code, int status, String requestId) {
        super(code + " (HTTP " + status + ", request " + requestId + ")", null, false, false);
        this.kind = kind;
        this.code = code;
        this.status = status;
        this.requestId = requestId;
    }

    Kind kind() {
        return kind;
    }

    String code() {
        return code;
    }

    int status() {
        return status;
    }

    String requestId() {
        return requestId;
    }

    /** Whether sending the same request again may succeed. */
    boolean retryable() {
        return kind == Kind.RETRYABLE;
    }

    CopyOutcome outcome() {
        return switch (kind) {
            case RETRYABLE, RACE -> new CopyOutcome.Failed(code, true);
            case PERMANENT -> new CopyOutcome.Failed(code, false);
            case SOURCE_NOT_RESTORED -> new CopyOutcome.SourceRestoreExpired(code);
        };
    }
}
