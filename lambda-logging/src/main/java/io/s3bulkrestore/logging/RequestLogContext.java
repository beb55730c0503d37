package io.s3bulkrestore.logging;

import com.amazonaws.services.lambda.runtime.Context;
import org.slf4j.MDC;

/**
 * Puts the invocation's request id in the log context ({@value #KEY}, the name Lambda's own JSON logs use for
 * Java functions) for the length of one invocation, so every line the invocation writes can be found from
 * Lambda's START / END / REPORT lines. Handlers open it first: {@code try (var log = RequestLogContext.of(context))}.
 */
public final class RequestLogContext implements AutoCloseable {

    public static final String KEY = "AWSRequestId";

    private final boolean put;

    private RequestLogContext(boolean put) {
        this.put = put;
    }

    /** No request id (a test, or a local run without a Context) leaves the log context as it is. */
    public static RequestLogContext of(Context context) {
        String requestId = context == null ? null : context.getAwsRequestId();
        if (requestId == null) {
            return new RequestLogContext(false);
        }
        MDC.put(KEY, requestId);
        return new RequestLogContext(true);
    }

    @Override
    public void close() {
        if (put) {
            MDC.remove(KEY);
        }
    }
}
