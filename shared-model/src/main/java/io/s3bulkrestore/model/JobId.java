package io.s3bulkrestore.model;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Our id of a restore job. It is also the Batch Operations ClientRequestToken, so it must be at most
 * 64 characters.
 */
public record JobId(String value) {

    private static final Pattern SHAPE = Pattern.compile("[A-Za-z0-9-]{1,64}");

    public JobId {
        Objects.requireNonNull(value, "value");
        if (!SHAPE.matcher(value).matches()) {
            throw new IllegalArgumentException("invalid job id: " + value);
        }
    }

    public static boolean isWellFormed(String value) {
        return value != null && SHAPE.matcher(value).matches();
    }

    @Override
    public String toString() {
        return value;
    }
}
