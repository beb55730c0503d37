package io.s3bulkrestore.sandbox.batch;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.s3bulkrestore.model.ObjectId;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;

/**
 * Writes a generated manifest ({@code S3InventoryReport_CSV_20211130}) to its ManifestOutputLocation, laid out
 * as an S3 Inventory report
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/storage-inventory-location.html):
 * <pre>
 *   &lt;ManifestPrefix&gt;/job-&lt;jobId&gt;/manifest.json       sourceBucket, destinationBucket (ARN), version 2021-11-30,
 *                                                 creationTimestamp (epoch ms), fileFormat CSV, fileSchema, files
 *   &lt;ManifestPrefix&gt;/job-&lt;jobId&gt;/manifest.checksum   the MD5 of manifest.json, hex
 *   &lt;ManifestPrefix&gt;/job-&lt;jobId&gt;/data/&lt;uuid&gt;.csv.gz   gzipped CSV, every field quoted, keys form-encoded
 * </pre>
 * The fileSchema is {@code Bucket, Key}: the list holds current versions (see {@link ManifestGenerator}), which an
 * inventory of current versions writes without a VersionId column. AWS documents the format's name but not its
 * object names, so the {@code job-<jobId>/} folder follows the completion report's and the rest the inventory's
 * layout. A list with no objects has no data files. Each object is written with the ManifestEncryption asked for.
 */
final class GeneratedManifestWriter {

    static final String FILE_SCHEMA = "Bucket, Key";
    static final String VERSION = "2021-11-30";
    static final int DEFAULT_ROWS_PER_FILE = 1_000_000;

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Where the manifest.json went: the job's GeneratedManifestDescriptor.Location. */
    record Written(String objectArn, String objectVersionId, String etag) {
    }

    private final S3Client s3;
    private final int rowsPerFile;

    GeneratedManifestWriter(S3Client s3) {
        this(s3, DEFAULT_ROWS_PER_FILE);
    }

    GeneratedManifestWriter(S3Client s3, int rowsPerFile) {
        if (rowsPerFile < 1) {
            throw new IllegalArgumentException("rowsPerFile must be positive");
        }
        this.s3 = s3;
        this.rowsPerFile = rowsPerFile;
    }

    static String folder(ManifestGeneratorSpec.OutputLocation output, String jobId) {
        String prefix = output.prefix() == null ? "" : output.prefix();
        while (prefix.endsWith("/")) {
            prefix = prefix.substring(0, prefix.length() - 1);
        }
        return (prefix.isEmpty() ? "" : prefix + "/") + "job-" + jobId + "/";
    }

    Written write(ManifestGeneratorSpec spec, String jobId, List<ObjectId> objects, Instant now) throws ManifestFailure {
        ManifestGeneratorSpec.OutputLocation output = spec.output();
        String folder = folder(output, jobId);
        try {
            ObjectNode manifest = JSON.createObjectNode();
            manifest.put("sourceBucket", spec.sourceBucket());
            manifest.put("destinationBucket", output.bucketArn());
            manifest.put("version", VERSION);
            manifest.put("creationTimestamp", Long.toString(now.toEpochMilli()));
            manifest.put("fileFormat", "CSV");
            manifest.put("fileSchema", FILE_SCHEMA);
            ArrayNode files = manifest.putArray("files");
            for (int from = 0; from < objects.size(); from += rowsPerFile) {
                byte[] data = gzip(rows(objects.subList(from, Math.min(objects.size(), from + rowsPerFile))));
                String key = folder + "data/" + UUID.nameUUIDFromBytes(data) + ".csv.gz";
                put(output, key, data, "application/gzip");
                files.addObject().put("key", key).put("size", data.length)
                        .put("MD5checksum", CompletionReport.hex("MD5", data));
            }
            byte[] json = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(manifest);
            PutObjectResponse written = put(output, folder + "manifest.json", json, "application/json");
            byte[] checksum = (CompletionReport.hex("MD5", json) + "\n").getBytes(StandardCharsets.UTF_8);
            put(output, folder + "manifest.checksum", checksum, "text/plain");
            return new Written(output.bucketArn() + "/" + folder + "manifest.json", written.versionId(),
                    ManifestReader.bare(written.eTag()));
        } catch (S3Exception e) {
            throw new ManifestFailure(ManifestFailure.GENERATION_FAILURE, "Writing the generated manifest to "
                    + output.bucketArn() + " failed: " + ManifestGenerator.errorCode(e));
        } catch (SdkException e) {
            throw new ManifestFailure(ManifestFailure.GENERATION_FAILURE, "Writing the generated manifest to "
                    + output.bucketArn() + " failed: S3 did not answer");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private PutObjectResponse put(ManifestGeneratorSpec.OutputLocation output, String key, byte[] content,
                                  String contentType) {
        PutObjectRequest.Builder request = PutObjectRequest.builder().bucket(output.bucket()).key(key)
                .contentType(contentType);
        if (output.encryption() != null && output.encryption().isKms()) {
            request.serverSideEncryption(ServerSideEncryption.AWS_KMS).ssekmsKeyId(output.encryption().kmsKeyId());
        } else if (output.encryption() != null) {
            request.serverSideEncryption(ServerSideEncryption.AES256);
        }
        return s3.putObject(request.build(), RequestBody.fromBytes(content));
    }

    /** One data file's text: {@code "bucket","key"} per object, as an inventory report writes its CSV. */
    static String rows(List<ObjectId> objects) {
        StringBuilder csv = new StringBuilder();
        for (ObjectId object : objects) {
            csv.append('"').append(object.bucket()).append("\",\"").append(encodeKey(object.key())).append("\"\n");
        }
        return csv.toString();
    }

    /**
     * Form encoding, as S3 Inventory writes keys ({@code ObjectId.decodeKey(..., FORM)} reads it back): a space
     * is {@code +}, a plus {@code %2B}; '/' is kept for readability (decoding is the same either way).
     */
    static String encodeKey(String key) {
        return URLEncoder.encode(key, StandardCharsets.UTF_8).replace("%2F", "/");
    }

    private static byte[] gzip(String text) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return bytes.toByteArray();
    }
}
