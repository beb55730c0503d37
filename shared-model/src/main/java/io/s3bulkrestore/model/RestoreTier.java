package io.s3bulkrestore.model;

/** Retrieval tiers a Batch Operations restore job accepts. Expedited is not one of them. */
public enum RestoreTier {
    STANDARD,
    BULK
}
