package io.s3bulkrestore.sandbox.lambda;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * The Lambda {@link Context} of one local invocation: a fresh request id, the function's name and the
 * time left until its configured timeout. Nothing enforces the timeout; callers compare and warn.
 */
public final class LocalContext implements Context {

    /** The sandbox's region and account (moto's default account), used only to build the function ARN. */
    static final String REGION = "us-east-1";
    static final String ACCOUNT_ID = "123456789012";
    /** The template's Globals.Function.MemorySize. */
    static final int MEMORY_MB = 1024;

    private final String functionName;
    private final String awsRequestId;
    private final Instant deadline;
    private final Clock clock;
    private final LambdaLogger logger;

    public LocalContext(String functionName, String awsRequestId, Instant deadline, Clock clock) {
        this.functionName = requireText(functionName, "functionName");
        this.awsRequestId = requireText(awsRequestId, "awsRequestId");
        this.deadline = Objects.requireNonNull(deadline, "deadline");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.logger = new Slf4jLambdaLogger(functionName);
    }

    /** The context of an invocation that starts now on {@code clock}, with a new random request id. */
    public static LocalContext startInvocation(String functionName, Duration timeout, Clock clock) {
        Objects.requireNonNull(timeout, "timeout");
        return new LocalContext(functionName, UUID.randomUUID().toString(), clock.instant().plus(timeout), clock);
    }

    @Override
    public String getAwsRequestId() {
        return awsRequestId;
    }

    @Override
    public String getLogGroupName() {
        return "/aws/lambda/" + functionName;
    }

    @Override
    public String getLogStreamName() {
        return "local";
    }

    @Override
    public String getFunctionName() {
        return functionName;
    }

    @Override
    public String getFunctionVersion() {
        return "$LATEST";
    }

    @Override
    public String getInvokedFunctionArn() {
        return "arn:aws:lambda:" + REGION + ":" + ACCOUNT_ID + ":function:" + functionName;
    }

    @Override
    public CognitoIdentity getIdentity() {
        return null;
    }

    @Override
    public ClientContext getClientContext() {
        return null;
    }

    /** Milliseconds until the configured timeout; 0 once it has passed (Lambda would have stopped the function). */
    @Override
    public int getRemainingTimeInMillis() {
        long left = Duration.between(clock.instant(), deadline).toMillis();
        return (int) Math.max(0, Math.min(Integer.MAX_VALUE, left));
    }

    @Override
    public int getMemoryLimitInMB() {
        return MEMORY_MB;
    }

    @Override
    public LambdaLogger getLogger() {
        return logger;
    }

    private static String requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " is required");
        }
        return value;
    }
}
