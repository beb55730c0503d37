package io.s3bulkrestore.ports;

import io.s3bulkrestore.model.ManifestLocation;

import java.util.Optional;

/** Reads manifests from S3. */
public interface ManifestStore {

    /**
     * The manifest's ETag and size, or empty when no such object exists.
     *
     * @throws io.s3bulkrestore.model.ServiceException MANIFEST_UNAVAILABLE when it exists but cannot be read
     */
    Optional<ManifestLocation> head(String bucket, String key);
}
