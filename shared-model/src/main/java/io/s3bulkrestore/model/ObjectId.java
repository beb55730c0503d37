package io.s3bulkrestore.model;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;

/**
 * The canonical identity of one S3 object version: bucket, decoded key, and the version id when one
 * was named. Manifests and events spell keys differently; both become this.
 */
public record ObjectId(String bucket, String key, String versionId) {

    private static final char SEPARATOR = '|';

    public ObjectId {
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(key, "key");
        if (bucket.isEmpty() || bucket.indexOf(SEPARATOR) >= 0) {
            throw new IllegalArgumentException("invalid bucket name: " + bucket);
        }
        if (key.isEmpty()) {
            throw new IllegalArgumentException("object key is empty");
        }
        if (versionId != null && versionId.isEmpty()) {
            versionId = null; // an empty version column means "no version", never "the version named ''"
        }
        if (versionId != null && versionId.indexOf(SEPARATOR) >= 0) {
            throw new IllegalArgumentException("invalid version id: " + versionId);
        }
    }

    public static ObjectId of(String bucket, String key) {
        return new ObjectId(bucket, key, null);
    }

    /** How a key is spelled where it comes from. */
    public enum KeyEncoding {
        /** S3 Batch Operations CSV manifests: RFC 3986 percent-encoding; '+' is a literal plus. */
        URL,
        /** S3 event notifications and S3 Inventory reports: form encoding; '+' is a space. */
        FORM,
        /** Already decoded (API input, SDK responses). */
        NONE
    }

    /** The single place where an encoded key becomes the canonical key. */
    public static ObjectId fromEncoded(String bucket, String encodedKey, String versionId, KeyEncoding encoding) {
        return new ObjectId(bucket, decodeKey(encodedKey, encoding), versionId);
    }

    public static String decodeKey(String encodedKey, KeyEncoding encoding) {
        return switch (encoding) {
            case NONE -> encodedKey;
            // URLDecoder implements form decoding; protect literal '+' to get plain percent-decoding.
            case URL -> URLDecoder.decode(encodedKey.replace("+", "%2B"), StandardCharsets.UTF_8);
            case FORM -> URLDecoder.decode(encodedKey, StandardCharsets.UTF_8);
        };
    }

    /** The same object without a version id: what a manifest line naming no version means (the current one). */
    public ObjectId withoutVersion() {
        return versionId == null ? this : new ObjectId(bucket, key, null);
    }

    public Optional<String> version() {
        return Optional.ofNullable(versionId);
    }

    /**
     * A stable, unambiguous string form used as a storage key: bucket and version id never contain
     * the separator, the key (last) may contain anything.
     */
    public String canonical() {
        return bucket + SEPARATOR + (versionId == null ? "" : versionId) + SEPARATOR + key;
    }

    public static ObjectId parseCanonical(String canonical) {
        int first = canonical.indexOf(SEPARATOR);
        int second = first < 0 ? -1 : canonical.indexOf(SEPARATOR, first + 1);
        if (first <= 0 || second < 0) {
            throw new IllegalArgumentException("not a canonical object id: " + canonical);
        }
        String version = canonical.substring(first + 1, second);
        return new ObjectId(canonical.substring(0, first), canonical.substring(second + 1),
                version.isEmpty() ? null : version);
    }

    @Override
    public String toString() {
        return "s3://" + bucket + "/" + key + (versionId == null ? "" : "?versionId=" + versionId);
    }
}
