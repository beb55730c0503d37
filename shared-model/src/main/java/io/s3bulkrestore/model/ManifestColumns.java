package io.s3bulkrestore.model;

import java.util.List;

/**
 * The columns of a CSV manifest. Batch Operations must be told whether version ids are present, and a
 * manifest uses one layout throughout.
 */
public enum ManifestColumns {
    BUCKET_KEY(List.of("Bucket", "Key")),
    BUCKET_KEY_VERSION(List.of("Bucket", "Key", "VersionId"));

    private final List<String> batchOperationsFields;

    ManifestColumns(List<String> batchOperationsFields) {
        this.batchOperationsFields = batchOperationsFields;
    }

    /** The field names as the Batch Operations manifest spec spells them. */
    public List<String> batchOperationsFields() {
        return batchOperationsFields;
    }
}
