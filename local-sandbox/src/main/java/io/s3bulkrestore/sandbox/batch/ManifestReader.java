package io.s3bulkrestore.sandbox.batch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.s3bulkrestore.manifest.CsvManifestLine;
import io.s3bulkrestore.manifest.InventoryManifest;
import io.s3bulkrestore.manifest.ManifestLineParser;
import io.s3bulkrestore.manifest.ManifestRecord;
import io.s3bulkrestore.model.ObjectId;
import io.s3bulkrestore.model.ObjectId.KeyEncoding;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * Reads a job's manifest from S3 the way Batch Operations does: the manifest object must still carry the
 * ETag the job was created with; a Batch Operations CSV has URL-encoded keys; an inventory report is a
 * {@code manifest.json} naming CSV (optionally gzipped) data files with form-encoded keys.
 */
final class ManifestReader {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final S3Client s3;

    ManifestReader(S3Client s3) {
        this.s3 = s3;
    }

    List<ObjectId> read(JobSpec.ManifestSpec manifest) throws ManifestFailure {
        ResponseBytes<GetObjectResponse> object = get(manifest.bucket(), manifest.key(), manifest.objectVersionId());
        String actual = bare(object.response().eTag());
        if (!actual.equals(bare(manifest.etag()))) {
            throw new ManifestFailure("Reading the manifest failed: the ETag of " + manifest.objectArn() + " is " + actual
                    + ", not the " + bare(manifest.etag()) + " the job was created with");
        }
        if (manifest.isInventory()) {
            return inventoryObjects(object.asByteArray());
        }
        List<ObjectId> objects = new ArrayList<>();
        int columns = manifest.fields().size();
        ManifestLineParser parser = (lineNumber, line) -> {
            ManifestRecord record = CsvManifestLine.parse(lineNumber, line, KeyEncoding.URL);
            if (record instanceof ManifestRecord.Entry entry && columns == 2 && entry.object().versionId() != null) {
                return new ManifestRecord.Invalid(lineNumber, "a version id column the manifest's Fields do not name");
            }
            return record;
        };
        readLines(new ByteArrayInputStream(object.asByteArray()), parser, manifest.objectArn(), objects);
        return objects;
    }

    private List<ObjectId> inventoryObjects(byte[] manifestJson) throws ManifestFailure {
        InventoryManifest inventory;
        try {
            JsonNode root = JSON.readTree(manifestJson);
            List<InventoryManifest.DataFile> files = new ArrayList<>();
            for (JsonNode file : root.path("files")) {
                files.add(new InventoryManifest.DataFile(file.path("key").asText(), file.path("size").asLong()));
            }
            String destination = root.path("destinationBucket").asText("");
            inventory = new InventoryManifest(destination.substring(destination.lastIndexOf(':') + 1),
                    root.path("fileFormat").asText(null), root.path("fileSchema").asText(""), files);
        } catch (IOException | RuntimeException e) {
            throw new ManifestFailure("Reading the manifest failed: manifest.json is not a valid inventory manifest ("
                    + e.getMessage() + ")");
        }
        String problem = inventory.problem();
        if (problem != null) {
            throw new ManifestFailure("Reading the manifest failed: " + problem);
        }
        List<ObjectId> objects = new ArrayList<>();
        ManifestLineParser parser = inventory.lineParser();
        for (InventoryManifest.DataFile file : inventory.files()) {
            byte[] data = get(inventory.destinationBucket(), file.key(), null).asByteArray();
            String where = "s3://" + inventory.destinationBucket() + "/" + file.key();
            try (InputStream in = file.key().endsWith(".gz")
                    ? new GZIPInputStream(new ByteArrayInputStream(data)) : new ByteArrayInputStream(data)) {
                readLines(in, parser, where, objects);
            } catch (IOException e) {
                throw new ManifestFailure("Reading the manifest failed: " + where + " cannot be read (" + e.getMessage() + ")");
            }
        }
        return objects;
    }

    private static void readLines(InputStream in, ManifestLineParser parser, String where, List<ObjectId> into)
            throws ManifestFailure {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            long lineNumber = 0;
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                lineNumber++;
                if (lineNumber == 1 && line.startsWith("\uFEFF")) {
                    line = line.substring(1);
                }
                if (line.isBlank()) {
                    continue;
                }
                switch (parser.parse(lineNumber, line)) {
                    case ManifestRecord.Entry entry -> into.add(entry.object());
                    case ManifestRecord.Invalid invalid -> throw new ManifestFailure("Reading the manifest failed: line "
                            + invalid.lineNumber() + " of " + where + " is invalid: " + invalid.reason());
                }
            }
        } catch (IOException e) {
            throw new ManifestFailure("Reading the manifest failed: " + where + " cannot be read (" + e.getMessage() + ")");
        }
    }

    private ResponseBytes<GetObjectResponse> get(String bucket, String key, String versionId) throws ManifestFailure {
        try {
            return s3.getObjectAsBytes(b -> b.bucket(bucket).key(key).versionId(versionId));
        } catch (S3Exception e) {
            throw new ManifestFailure("Reading the manifest failed: s3://" + bucket + "/" + key + " answered "
                    + (e.awsErrorDetails() == null ? e.statusCode() : e.awsErrorDetails().errorCode()));
        } catch (SdkException e) {
            throw new ManifestFailure("Reading the manifest failed: s3://" + bucket + "/" + key + " could not be read");
        }
    }

    /** An ETag without the quotes S3 answers it in; Batch Operations documents ETags bare. */
    static String bare(String etag) {
        return etag != null && etag.length() >= 2 && etag.startsWith("\"") && etag.endsWith("\"")
                ? etag.substring(1, etag.length() - 1) : String.valueOf(etag);
    }
}
