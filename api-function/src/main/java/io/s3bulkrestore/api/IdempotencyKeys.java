package io.s3bulkrestore.api;

import io.s3bulkrestore.model.ServiceException;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** Reads the optional Idempotency-Key header. */
final class IdempotencyKeys {

    static final String HEADER = "Idempotency-Key";
    static final int MAX_LENGTH = 128;

    private static final Pattern SHAPE = Pattern.compile("[A-Za-z0-9_.:-]{1," + MAX_LENGTH + "}");

    private IdempotencyKeys() {
    }

    static Optional<String> of(ApiRequest request) {
        List<String> values = request.headerValues(HEADER).stream().distinct().toList();
        if (values.isEmpty()) {
            return Optional.empty();
        }
        if (values.size() > 1) {
            throw ServiceException.invalid(HEADER, HEADER + " must be sent once, got " + values.size() + " values");
        }
        String key = values.getFirst();
        if (!SHAPE.matcher(key).matches()) {
            throw ServiceException.invalid(HEADER, HEADER + " must be 1 to " + MAX_LENGTH
                    + " characters of A-Z a-z 0-9 _ . : - (got " + key.length() + " characters)");
        }
        return Optional.of(key);
    }
}
