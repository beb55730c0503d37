package io.s3bulkrestore.model;


import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a source key goes: a key under {@code sourcePrefix} has that prefix replaced by {@code destinationPrefix}
 * ({@code logs/2024/a.gz} with {@code logs/} to {@code archive/logs/} becomes {@code archive/logs/2024/a.gz}). Both
 * empty (the default) keeps the key; an empty source prefix with a destination prefix puts every key under it; an
 * empty destination prefix strips the source prefix (a key equal to the prefix then has no destination).
 * Prefixes are plain strings, compared byte for byte: no {@code /} is added or assumed.
 *
 * @param sourcePrefix      the part of each key to replace; "" for none
 * @param destinationPrefix what replaces it; "" for nothing
 */
public record DestinationKeys(String sourcePrefix, String destinationPrefix) {

    public static final String SOURCE_PREFIX = "source_prefix";
    public static final String DESTINATION_PREFIX = "destination_prefix";

    private static final DestinationKeys SAME_KEY = new DestinationKeys("", "");

    public DestinationKeys {
        Objects.requireNonNull(sourcePrefix, SOURCE_PREFIX);
        Objects.requireNonNull(destinationPrefix, DESTINATION_PREFIX);
    }

    public static DestinationKeys sameKey() {
        return SAME_KEY;
    }

    /**
     * The rule for prefixes as a request gives them (null for absent), or a validation failure naming the field.
     */
    public static DestinationKeys of(String sourcePrefix, String destinationPrefix) {
        String from = sourcePrefix == null ? "" : sourcePrefix;
        String to = destinationPrefix == null ? "" : destinationPrefix;
        check(SOURCE_PREFIX, from);
        check(DESTINATION_PREFIX, to);
        return from.equals(to) ? SAME_KEY : new DestinationKeys(from, to);
    }

    private static void check(String field, String prefix) {
        if (prefix.getBytes(StandardCharsets.UTF_8).length > CreateJobRequestParser.MAX_KEY_BYTES) {
            throw ServiceException.invalid(field, field + " must be at most " + CreateJobRequestParser.MAX_KEY_BYTES
                    + " bytes in UTF-8");
        }
        if (prefix.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw ServiceException.invalid(field, field + " must not contain control characters");
        }
    }

    public boolean keepsKeys() {
        return sourcePrefix.equals(destinationPrefix);
    }

    /**
     * The destination key of {@code sourceKey}; empty when the key is not under the source prefix (the rule says
     * nothing about it) or the new key would be longer than S3 allows.
     */
    public Optional<String> destinationKeyOf(String sourceKey) {
        if (keepsKeys()) {
            return Optional.of(sourceKey);
        }
        if (!sourceKey.startsWith(sourcePrefix)) {
            return Optional.empty();
        }
        String key = destinationPrefix + sourceKey.substring(sourcePrefix.length());
        if (key.isEmpty() || key.getBytes(StandardCharsets.UTF_8).length > CreateJobRequestParser.MAX_KEY_BYTES) {
            return Optional.empty();
        }
        return Optional.of(key);
    }
}
