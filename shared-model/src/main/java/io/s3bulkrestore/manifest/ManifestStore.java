package io.s3bulkrestore.manifest;

import io.s3bulkrestore.model.ManifestColumns;
import io.s3bulkrestore.model.ManifestLocation;

import java.io.InputStream;
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

    /**
     * An inventory report's {@code manifest.json}, read whole (it is small) and pinned to the ETag. The
     * caller judges whether it is usable ({@link InventoryManifest#problem()}).
     *
     * @throws io.s3bulkrestore.model.ServiceException MANIFEST_UNAVAILABLE when it is not a manifest.json
     *         this service can read, or it cannot be read
     * @throws ManifestChanged when the object no longer has the ETag of {@code manifest}
     */
    InventoryManifest inventory(ManifestLocation manifest);

    /**
     * The bytes {@code from} .. {@code to} (both inclusive) of the manifest, exactly the version
     * {@link #head} saw. The caller closes the stream.
     *
     * @throws ManifestChanged when the object no longer has the ETag of {@code manifest}
     */
    InputStream openRange(ManifestLocation manifest, long from, long to);

    /**
     * Writes an inventory report's {@code manifest.json} (one that lists the data files of other reports, such as
     * the manifests Batch Operations generated for a source job) and returns where it is, with its ETag and size.
     */
    ManifestLocation writeInventory(String bucket, String key, InventoryManifest manifest);

    /** A whole object as stored (an inventory data file); the caller closes the stream. */
    InputStream openObject(String bucket, String key);

    /** The manifest was replaced or deleted after the job was created: its ETag no longer matches. */
    final class ManifestChanged extends RuntimeException {
        public ManifestChanged(ManifestLocation manifest) {
            super("manifest " + manifest.uri() + " changed after the job was created (ETag " + manifest.etag()
                    + " no longer matches)");
        }
    }
}
