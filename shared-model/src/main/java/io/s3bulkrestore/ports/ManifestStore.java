package io.s3bulkrestore.ports;

import io.s3bulkrestore.model.ManifestColumns;
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

    /**
     * The columns of a CSV manifest, judged from its first non-blank line (read with a small ranged GET
     * pinned to the manifest's ETag).
     *
     * @throws io.s3bulkrestore.model.ServiceException MANIFEST_UNAVAILABLE when the manifest is empty, its
     *         first line is not a valid manifest line, or it changed since {@link #head}
     */
    ManifestColumns csvColumns(ManifestLocation manifest);
}
