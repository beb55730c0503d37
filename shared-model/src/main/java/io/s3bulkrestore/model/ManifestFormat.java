package io.s3bulkrestore.model;

/** What the manifest object named in a create request is. */
public enum ManifestFormat {
    /** S3BatchOperations_CSV_20180820: bucket,key[,versionId] with URL-encoded keys. */
    CSV,
    /** An S3 Inventory report's manifest.json (S3InventoryReport_CSV_20161130). */
    INVENTORY
}
