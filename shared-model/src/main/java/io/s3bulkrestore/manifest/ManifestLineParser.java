package io.s3bulkrestore.manifest;

/** Turns one non-blank manifest line into a record; the layout (Batch Operations CSV, inventory) decides how. */
@FunctionalInterface
public interface ManifestLineParser {

    ManifestRecord parse(long lineNumber, String line);
}
