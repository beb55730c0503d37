package io.s3bulkrestore.fakes;

import io.s3bulkrestore.manifest.ManifestChunkReader;
import io.s3bulkrestore.manifest.ManifestRecord;
import io.s3bulkrestore.model.ErrorCode;
import io.s3bulkrestore.model.ManifestColumns;
import io.s3bulkrestore.model.ManifestLocation;
import io.s3bulkrestore.model.ObjectId;
import io.s3bulkrestore.model.ServiceException;

import java.io.ByteArrayInputStream;
import io.s3bulkrestore.ports.ManifestStore;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Manifests held in memory, keyed by bucket and key. */
public final class InMemoryManifestStore implements ManifestStore {

    private final Map<String, byte[]> objects = new HashMap<>();

    public synchronized InMemoryManifestStore put(String bucket, String key, String content) {
        objects.put(bucket + "/" + key, content.getBytes(StandardCharsets.UTF_8));
        return this;
    }

    @Override
    public synchronized ManifestColumns csvColumns(ManifestLocation manifest) {
        byte[] content = objects.get(manifest.bucket() + "/" + manifest.key());
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
        return Optional.of(new ManifestLocation(bucket, key, "\"etag-" + Integer.toHexString(
                java.util.Arrays.hashCode(content)) + "\"", content.length));
    }
}
