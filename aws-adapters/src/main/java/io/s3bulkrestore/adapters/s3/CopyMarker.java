package io.s3bulkrestore.adapters.s3;

import io.s3bulkrestore.model.ObjectId;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The user metadata a copy carries to say what it is a copy of, so that a second copy of the same source version
 * finds it and writes nothing: {@code x-amz-meta-restored-from-version} (the source version id, for people),
 * {@code x-amz-meta-restored-from-etag} (the source's ETag: in a bucket without versioning every object's version is
 * "null", so only the ETag tells one content from the next) and {@code x-amz-meta-restored-from} (a SHA-256 of source
 * bucket, version and key: a key can be 1,024 bytes and user metadata is limited to 2 KB in all, "Working with object
 * metadata", https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingMetadata.html). About 120 bytes of that 2 KB.
 *
 * <p>Written with the copy in one request (CopyObject with {@code MetadataDirective=REPLACE}, or CreateMultipartUpload,
 * whose metadata appears only when CompleteMultipartUpload succeeds), so a destination that carries the marker holds
 * the whole copy: there is no state in which the marker is there and the bytes are not.
 */
record CopyMarker(String source, String version, String etag) {

    static final String SOURCE = "restored-from";
    static final String VERSION = "restored-from-version";
    static final String ETAG = "restored-from-etag";

    CopyMarker {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(etag, "etag");
    }

    /** The marker of a copy of {@code source} (its version pinned) whose content has this ETag. */
    static CopyMarker of(ObjectId source, String sourceEtag) {
        return new CopyMarker(digest(source), source.versionId(), unquoted(sourceEtag));
    }

    /** The marker in an object's user metadata (as HeadObject gives it, without {@code x-amz-meta-}), or null. */
    static CopyMarker in(Map<String, String> metadata) {
        String source = metadata.get(SOURCE);
        String version = metadata.get(VERSION);
        String etag = metadata.get(ETAG);
        return source == null || version == null || etag == null ? null : new CopyMarker(source, version, etag);
    }

    /** Whether this marker names the same source object version, content aside. */
    boolean sameSource(ObjectId sourceObject) {
        return source.equals(digest(sourceObject)) && version.equals(sourceObject.versionId());
    }

    /** {@code metadata} without any marker it carries (a copy of a copy), with this one. */
    Map<String, String> addTo(Map<String, String> metadata) {
        Map<String, String> with = new HashMap<>(metadata);
        with.remove(SOURCE);
        with.remove(VERSION);
        with.remove(ETAG);
        with.put(SOURCE, source);
        with.put(VERSION, version);
        with.put(ETAG, etag);
        return with;
    }

    private static String digest(ObjectId object) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            // Bucket names and version ids never hold a newline; the key, last, may hold anything.
            String identity = object.bucket() + "\n" + object.versionId() + "\n" + object.key();
            return Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(sha256.digest(identity.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    static String unquoted(String etag) {
        return etag == null ? "" : etag.replace("\"", "");
    }
}
