package io.s3bulkrestore.manifest;

import io.s3bulkrestore.model.BucketNames;
import io.s3bulkrestore.model.ManifestColumns;
import io.s3bulkrestore.model.ObjectId;
import io.s3bulkrestore.model.ObjectId.KeyEncoding;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses one line of an {@code S3BatchOperations_CSV_20180820} manifest: {@code bucket,key[,versionId]},
 * keys URL-encoded, fields optionally quoted as in RFC 4180 ({@code ""} inside quotes is a quote).
 */
public final class CsvManifestLine {

    private CsvManifestLine() {
    }

    /** The parser for Batch Operations CSV manifest lines with keys in the given encoding. */
    public static ManifestLineParser parser(KeyEncoding keyEncoding) {
        return (lineNumber, line) -> parse(lineNumber, line, keyEncoding);
    }

    /**
     * A parser for a manifest whose layout is {@code columns} (judged from its first line when the job was
     * created): a line with a version id in a manifest without them, or without one in a manifest with them, is
     * invalid. Batch Operations is told the manifest's fields once (Bucket, Key[, VersionId]) and reads every
     * line that way, so the version-id column is all-or-none.
     */
    public static ManifestLineParser parser(KeyEncoding keyEncoding, ManifestColumns columns) {
        boolean versioned = columns == ManifestColumns.BUCKET_KEY_VERSION;
        return (lineNumber, line) -> {
            ManifestRecord record = parse(lineNumber, line, keyEncoding);
            if (record instanceof ManifestRecord.Entry entry && entry.object().version().isPresent() != versioned) {
                return new ManifestRecord.Invalid(lineNumber, versionColumnMismatch(versioned));
            }
            return record;
        };
    }

    /** Why a line's version id does not match the manifest's first line; says what is allowed. */
    static String versionColumnMismatch(boolean manifestHasVersions) {
        return (manifestHasVersions
                ? "this line has no version id, but the manifest's first line has one"
                : "this line has a version id, but the manifest's first line has none")
                + ": the version-id column is all-or-none, so either every line is bucket,key,versionId "
                + "or every line is bucket,key";
    }

    /**
     * @param line a line without its terminator; must not be blank
     * @param keyEncoding how keys are encoded (URL for Batch Operations manifests, FORM for inventory reports)
     */
    public static ManifestRecord parse(long lineNumber, String line, KeyEncoding keyEncoding) {
        List<String> fields = new ArrayList<>(3);
        String problem = split(line, fields);
        if (problem != null) {
            return new ManifestRecord.Invalid(lineNumber, problem);
        }
        if (fields.size() < 2 || fields.size() > 3) {
            return new ManifestRecord.Invalid(lineNumber,
                    "expected bucket,key[,versionId] but found " + fields.size() + " field(s)");
        }
        String bucket = fields.get(0);
        var bucketProblem = BucketNames.problemWith(bucket);
        if (bucketProblem.isPresent()) {
            return new ManifestRecord.Invalid(lineNumber, "bucket '" + bucket + "' " + bucketProblem.get());
        }
        String encodedKey = fields.get(1);
        if (encodedKey.isEmpty()) {
            return new ManifestRecord.Invalid(lineNumber, "the key is empty");
        }
        String key;
        try {
            key = ObjectId.decodeKey(encodedKey, keyEncoding);
        } catch (IllegalArgumentException e) {
            return new ManifestRecord.Invalid(lineNumber, "the key is not validly URL-encoded");
        }
        if (key.getBytes(StandardCharsets.UTF_8).length > 1024) {
            return new ManifestRecord.Invalid(lineNumber, "the decoded key is longer than 1024 bytes");
        }
        String version = fields.size() == 3 ? fields.get(2) : null;
        if (version != null && version.indexOf('|') >= 0) {
            return new ManifestRecord.Invalid(lineNumber, "the version id contains '|'");
        }
        return new ManifestRecord.Entry(lineNumber, new ObjectId(bucket, key, version));
    }

    /** Splits into fields; returns a problem description, or null when the line is well formed. */
    static String split(String line, List<String> fields) {
        int i = 0;
        int n = line.length();
        while (true) {
            if (i < n && line.charAt(i) == '"') {
                StringBuilder field = new StringBuilder();
                i++;
                while (true) {
                    if (i >= n) {
                        return "a quoted field is not closed";
                    }
                    char c = line.charAt(i++);
                    if (c == '"') {
                        if (i < n && line.charAt(i) == '"') {
                            field.append('"');
                            i++;
                        } else {
                            break;
                        }
                    } else {
                        field.append(c);
                    }
                }
                fields.add(field.toString());
                if (i == n) {
                    return null;
                }
                if (line.charAt(i) != ',') {
                    return "unexpected character after a closing quote at column " + (i + 1);
                }
                i++;
            } else {
                int comma = line.indexOf(',', i);
                int end = comma < 0 ? n : comma;
                String field = line.substring(i, end);
                if (field.indexOf('"') >= 0) {
                    return "a quote inside an unquoted field at column " + (i + field.indexOf('"') + 1);
                }
                fields.add(field);
                if (comma < 0) {
                    return null;
                }
                i = comma + 1;
            }
        }
    }
}
