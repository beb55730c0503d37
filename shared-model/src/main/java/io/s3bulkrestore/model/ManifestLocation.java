package io.s3bulkrestore.model;

import java.util.Objects;

/** The manifest object as it was when the job was created; the ETag pins every later read to it. */
public record ManifestLocation(String bucket, String key, String etag, long sizeBytes) {

    public ManifestLocation {
        Objects.requireNonNull(bucket, "bucket");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(etag, "etag");
    }

    public String uri() {
        return "s3://" + bucket + "/" + key;
    }
}
