package io.s3bulkrestore.manifest;

import io.s3bulkrestore.model.BucketNames;
import io.s3bulkrestore.model.ObjectId;
import io.s3bulkrestore.model.ObjectId.KeyEncoding;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * An S3 Inventory report as its {@code manifest.json} describes it: data files (CSV, optionally
 * gzipped) whose columns are named by {@code fileSchema}. Inventory keys are form-URL-encoded.
 *
 * @param destinationBucket the bucket holding the data files (from the ARN in the manifest)
 * @param fileFormat        "CSV" (ORC and Parquet reports cannot be restored from here)
 * @param fileSchema        comma-separated column names, e.g. "Bucket, Key, VersionId, IsLatest, Size"
 * @param files             the data files, in order
 */
public record InventoryManifest(String destinationBucket, String fileFormat, String fileSchema, List<DataFile> files) {

    public record DataFile(String key, long size) {
    }

    public InventoryManifest {
        Objects.requireNonNull(destinationBucket, "destinationBucket");
        Objects.requireNonNull(fileSchema, "fileSchema");
        files = List.copyOf(files);
    }

    /** Why this report cannot be used as a restore manifest, or null when it can. */
    public String problem() {
        if (!"CSV".equalsIgnoreCase(fileFormat)) {
            return "the inventory report's fileFormat is " + fileFormat + "; only CSV reports are supported";
        }
        List<String> columns = columns();
        if (!columns.contains("Bucket") || !columns.contains("Key")) {
            return "the inventory report's fileSchema must include Bucket and Key, got '" + fileSchema + "'";
        }
        if (files.isEmpty()) {
            return "the inventory report lists no data files";
        }
        return null;
    }

    public List<String> columns() {
        return Arrays.stream(fileSchema.split(",")).map(String::trim).toList();
    }

    /** The parser for this report's data file lines. */
    public ManifestLineParser lineParser() {
        List<String> columns = columns();
        int bucket = columns.indexOf("Bucket");
        int key = columns.indexOf("Key");
        int version = columns.indexOf("VersionId");
        int deleteMarker = columns.indexOf("IsDeleteMarker");
        return (lineNumber, line) -> {
            List<String> fields = new ArrayList<>(columns.size());
            String problem = CsvManifestLine.split(line, fields);
            if (problem != null) {
                return new ManifestRecord.Invalid(lineNumber, problem);
            }
            if (fields.size() != columns.size()) {
                return new ManifestRecord.Invalid(lineNumber, "expected " + columns.size()
                        + " fields as the inventory's fileSchema says, found " + fields.size());
            }
            if (deleteMarker >= 0 && "true".equals(fields.get(deleteMarker).toLowerCase(Locale.ROOT))) {
                return new ManifestRecord.Invalid(lineNumber, "a delete marker cannot be restored");
            }
            var bucketProblem = BucketNames.problemWith(fields.get(bucket));
            if (bucketProblem.isPresent()) {
                return new ManifestRecord.Invalid(lineNumber, "bucket '" + fields.get(bucket) + "' " + bucketProblem.get());
            }
            try {
                return new ManifestRecord.Entry(lineNumber, ObjectId.fromEncoded(fields.get(bucket), fields.get(key),
                        version >= 0 ? fields.get(version) : null, KeyEncoding.FORM));
            } catch (IllegalArgumentException e) {
                return new ManifestRecord.Invalid(lineNumber, "the key is empty or not validly URL-encoded");
            }
        };
    }
}
