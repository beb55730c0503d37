package io.s3bulkrestore.api;

import java.util.Objects;

/**
 * What the REST API needs besides the use cases.
 *
 * @param topicArn     the SNS topic job notifications go to; returned to the client on create
 * @param maxBodyBytes the largest request body accepted (after base64 decoding)
 */
public record ApiSettings(String topicArn, int maxBodyBytes) {

    /** Generous for a create request (a few hundred bytes), small enough to refuse junk cheaply. */
    public static final int DEFAULT_MAX_BODY_BYTES = 16_384;

    public ApiSettings {
        Objects.requireNonNull(topicArn, "topicArn");
        if (maxBodyBytes < 1) {
            throw new IllegalArgumentException("maxBodyBytes must be positive, got " + maxBodyBytes);
        }
    }

    public static ApiSettings withDefaultLimits(String topicArn) {
        return new ApiSettings(topicArn, DEFAULT_MAX_BODY_BYTES);
    }
}
