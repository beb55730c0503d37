package io.s3bulkrestore.adapters.s3;

import io.s3bulkrestore.manifest.InventoryManifest;
import io.s3bulkrestore.model.ErrorCode;
import io.s3bulkrestore.model.JobId;
import io.s3bulkrestore.model.ManifestLocation;
import io.s3bulkrestore.model.ObjectId;
import io.s3bulkrestore.model.ServiceException;
import io.s3bulkrestore.ports.FollowUpManifests;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;

/**
 * A job's follow-up manifest in the report bucket, as an S3 Inventory report (the format Batch Operations reads as
 * {@code S3InventoryReport_CSV_20161130}: a manifest.json naming gzipped CSV data files, every field quoted, keys
 * form-encoded, https://docs.aws.amazon.com/AmazonS3/latest/userguide/storage-inventory-location.html):
 * <pre>
 *   &lt;reportPrefix&gt;/&lt;jobId&gt;/intelligent-tiering/data/&lt;position, 19 digits&gt;.csv.gz    Bucket, Key
 *   &lt;reportPrefix&gt;/&lt;jobId&gt;/intelligent-tiering/data/&lt;position&gt;.v.csv.gz            Bucket, Key, VersionId
 *   &lt;reportPrefix&gt;/&lt;jobId&gt;/intelligent-tiering/manifest.json
 * </pre>
 * A data file is named after its batch's position in the completion report, so writing a batch again replaces its
 * file, and the zero-padded names list in report order. The VersionId column is there when an object of the batch
 * names a version (a CSV manifest's version column is all-or-none, so a job's files agree); should a job's files
 * differ, those without it are written again with an empty VersionId (an object naming no version) before the
 * manifest lists them. Gzip output is the same for the same lines (no timestamp), so the manifest's ETag is too.
 */
public final class S3FollowUpManifests implements FollowUpManifests {

    public static final String FOLDER = "intelligent-tiering";
    private static final String VERSIONED = ".v.csv.gz";
    private static final String UNVERSIONED = ".csv.gz";

    private final S3Client s3;
    private final String bucket;
    private final String prefix;

    /**
     * @param reportPrefix the Batch Operations report prefix: a job's files go in its folder there
     */
    public S3FollowUpManifests(S3Client s3, String reportBucket, String reportPrefix) {
        this.s3 = Objects.requireNonNull(s3, "s3");
        this.bucket = Objects.requireNonNull(reportBucket, "reportBucket");
        String trimmed = Objects.requireNonNull(reportPrefix, "reportPrefix");
        while (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        this.prefix = trimmed;
    }

    @Override
    public void writePart(JobId job, long position, List<ObjectId> objects) {
        boolean versioned = objects.stream().anyMatch(object -> object.version().isPresent());
        String key = dataFolder(job) + String.format("%019d", position) + (versioned ? VERSIONED : UNVERSIONED);
        put(key, gzip(lines(objects, versioned)), "application/gzip");
    }

    @Override
    public Optional<ManifestLocation> writeManifest(JobId job) {
        List<S3Object> files = list(dataFolder(job));
        if (files.isEmpty()) {
            return Optional.empty();
        }
        boolean versioned = files.stream().anyMatch(file -> file.key().endsWith(VERSIONED));
        List<InventoryManifest.DataFile> data = new ArrayList<>();
        for (S3Object file : files) {
            if (versioned && !file.key().endsWith(VERSIONED)) {
                data.add(rewrittenWithVersions(file.key()));
            } else {
                data.add(new InventoryManifest.DataFile(file.key(), file.size()));
            }
        }
        byte[] json = InventoryManifestJson.write(new InventoryManifest(bucket, "CSV",
                versioned ? "Bucket, Key, VersionId" : "Bucket, Key", data));
        String key = prefix + "/" + job.value() + "/" + FOLDER + "/manifest.json";
        String etag = put(key, json, "application/json");
        return Optional.of(new ManifestLocation(bucket, key, etag, json.length));
    }

    /** A data file without the VersionId column, written again with one (empty: the objects name no version). */
    private InventoryManifest.DataFile rewrittenWithVersions(String key) {
        String lines;
        try (var in = new java.util.zip.GZIPInputStream(s3.getObject(b -> b.bucket(bucket).key(key)))) {
            lines = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + key, e);
        } catch (SdkException e) {
            throw upstream("GetObject", key, e);
        }
        StringBuilder widened = new StringBuilder();
        lines.lines().filter(line -> !line.isBlank()).forEach(line -> widened.append(line).append(",\"\"\n"));
        String newKey = key.substring(0, key.length() - UNVERSIONED.length()) + VERSIONED;
        byte[] data = gzip(widened.toString());
        put(newKey, data, "application/gzip");
        return new InventoryManifest.DataFile(newKey, data.length);
    }

    private String dataFolder(JobId job) {
        return prefix + "/" + job.value() + "/" + FOLDER + "/data/";
    }

    private static String lines(List<ObjectId> objects, boolean versioned) {
        StringBuilder csv = new StringBuilder(objects.size() * 64);
        for (ObjectId object : objects) {
            csv.append(quoted(object.bucket())).append(',')
                    .append(quoted(URLEncoder.encode(object.key(), StandardCharsets.UTF_8)));
            if (versioned) {
                csv.append(',').append(quoted(object.version().orElse("")));
            }
            csv.append('\n');
        }
        return csv.toString();
    }

    private static String quoted(String field) {
        return "\"" + field.replace("\"", "\"\"") + "\"";
    }

    private static byte[] gzip(String text) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private List<S3Object> list(String folder) {
        List<S3Object> files = new ArrayList<>();
        String token = null;
        try {
            do {
                String continuation = token;
                ListObjectsV2Response page = s3.listObjectsV2(b -> b.bucket(bucket).prefix(folder)
                        .continuationToken(continuation));
                files.addAll(page.contents());
                token = Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null;
            } while (token != null);
        } catch (SdkException e) {
            throw upstream("ListObjectsV2", folder, e);
        }
        // Both spellings of a position (after a rewrite) list; the versioned one is the one to keep.
        List<S3Object> kept = new ArrayList<>();
        for (S3Object file : files) {
            boolean superseded = file.key().endsWith(UNVERSIONED) && !file.key().endsWith(VERSIONED)
                    && files.stream().anyMatch(other -> other.key().equals(file.key()
                    .substring(0, file.key().length() - UNVERSIONED.length()) + VERSIONED));
            if (!superseded) {
                kept.add(file);
            }
        }
        kept.sort(java.util.Comparator.comparing(S3Object::key));
        return kept;
    }

    private String put(String key, byte[] body, String contentType) {
        try {
            return s3.putObject(b -> b.bucket(bucket).key(key).contentType(contentType), RequestBody.fromBytes(body))
                    .eTag();
        } catch (SdkException e) {
            throw upstream("PutObject", key, e);
        }
    }

    private ServiceException upstream(String operation, String key, SdkException e) {
        return new ServiceException(ErrorCode.UPSTREAM_FAILED, operation + " of s3://" + bucket + "/" + key
                + " failed", null, e);
    }
}
