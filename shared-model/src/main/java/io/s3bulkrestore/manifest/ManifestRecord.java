package io.s3bulkrestore.manifest;

import io.s3bulkrestore.model.ObjectId;

/** One non-blank manifest line: an object to restore, or the reason the line is not one. */
public sealed interface ManifestRecord {

    /** 1-based line number within the text that was parsed. */
    long lineNumber();

    record Entry(long lineNumber, ObjectId object) implements ManifestRecord {
    }

    record Invalid(long lineNumber, String reason) implements ManifestRecord {
    }
}
