package io.s3bulkrestore.fakes;

import io.s3bulkrestore.manifest.ManifestChunkReader;
import io.s3bulkrestore.manifest.ManifestRecord;
import io.s3bulkrestore.model.ErrorCode;
import io.s3bulkrestore.model.ManifestColumns;
import io.s3bulkrestore.model.ManifestLocation;
import io.s3bulkrestore.model.ObjectId;
import io.s3bulkrestore.model.ServiceException;

import java.io.ByteArrayInputStream;
import io.s3bulkrestore.manifest.InventoryManifest;
import io.s3bulkrestore.manifest.ManifestStore;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Manifests held in memory, keyed by bucket and key. The ETag is derived from the content, so replacing an
 * object changes it and reads pinned to the old one fail as S3's If-Match does. An inventory manifest.json
 * is put as the report it describes (the JSON parsing belongs to the S3 adapter).
 */
public final class InMemoryManifestStore implements ManifestStore {

    private final Map<String, byte[]> objects = new HashMap<>();
    private final Map<String, InventoryManifest> inventories = new HashMap<>();
    private final List<long[]> rangesRead = new ArrayList<>();

    public synchronized InMemoryManifestStore put(String bucket, String key, String content) {
        return put(bucket, key, content.getBytes(StandardCharsets.UTF_8));
    }

    public synchronized InMemoryManifestStore put(String bucket, String key, byte[] content) {
        objects.put(bucket + "/" + key, content.clone());
        return this;
    }

    /** Puts a manifest.json object that describes {@code report}. */
    public synchronized InMemoryManifestStore putInventory(String bucket, String key, InventoryManifest report) {
        put(bucket, key, report.toString());
        inventories.put(bucket + "/" + key, report);
        return this;
    }

    @Override
    public synchronized ManifestLocation writeInventory(String bucket, String key, InventoryManifest manifest) {
        putInventory(bucket, key, manifest);
        return head(bucket, key).orElseThrow();
    }

    @Override
    public synchronized InventoryManifest inventory(ManifestLocation manifest) {
        requireUnchanged(manifest);
        InventoryManifest report = inventories.get(manifest.bucket() + "/" + manifest.key());
        if (report == null) {
            throw new ServiceException(ErrorCode.MANIFEST_UNAVAILABLE, "manifest " + manifest.uri()
                    + " is not an S3 Inventory manifest.json", "key", null);
        }
        return report;
    }

    @Override
    public synchronized InputStream openRange(ManifestLocation manifest, long from, long to) {
        byte[] content = requireUnchanged(manifest);
        rangesRead.add(new long[]{from, to});
        int end = (int) Math.min(content.length, to + 1);
        return new ByteArrayInputStream(Arrays.copyOfRange(content, (int) Math.min(from, end), end));
    }

    @Override
    public synchronized InputStream openObject(String bucket, String key) {
        byte[] content = objects.get(bucket + "/" + key);
        if (content == null) {
            throw new ServiceException(ErrorCode.MANIFEST_UNAVAILABLE, "s3://" + bucket + "/" + key + " does not exist");
        }
        return new ByteArrayInputStream(content);
    }

    /** The byte ranges read with {@link #openRange}, as {from, to} pairs. */
    public synchronized List<long[]> rangesRead() {
        return List.copyOf(rangesRead);
    }

    private byte[] requireUnchanged(ManifestLocation manifest) {
        byte[] content = objects.get(manifest.bucket() + "/" + manifest.key());
        if (content == null || !etagOf(content).equals(manifest.etag())) {
            throw new ManifestChanged(manifest);
        }
        return content;
    }

    private static String etagOf(byte[] content) {
        return "\"etag-" + Integer.toHexString(Arrays.hashCode(content)) + "\"";
    }

    @Override
    public synchronized ManifestColumns csvColumns(ManifestLocation manifest) {
        byte[] content = objects.get(manifest.bucket() + "/" + manifest.key());
        if (content == null || !etagOf(content).equals(manifest.etag())) {
            throw new ServiceException(ErrorCode.MANIFEST_UNAVAILABLE, "manifest " + manifest.uri()
                    + " changed or was deleted since it was first read");
        }
        try (var reader = ManifestChunkReader.wholeManifest(new ByteArrayInputStream(content), ObjectId.KeyEncoding.URL)) {
            if (!reader.hasNext()) {
                throw new ServiceException(ErrorCode.MANIFEST_UNAVAILABLE, "manifest " + manifest.uri() + " is empty");
            }
            return switch (reader.next().record()) {
                case ManifestRecord.Entry entry -> entry.object().version().isPresent()
                        ? ManifestColumns.BUCKET_KEY_VERSION : ManifestColumns.BUCKET_KEY;
                case ManifestRecord.Invalid invalid -> throw new ServiceException(ErrorCode.MANIFEST_UNAVAILABLE,
                        "manifest " + manifest.uri() + " line " + invalid.lineNumber() + ": " + invalid.reason());
            };
        }
    }

    @Override
    public synchronized Optional<ManifestLocation> head(String bucket, String key) {
        byte[] content = objects.get(bucket + "/" + key);
        if (content == null) {
            return Optional.empty();
        }
        return Optional.of(new ManifestLocation(bucket, key, etagOf(content), content.length));
    }
}
