package io.s3bulkrestore.fakes;

import io.s3bulkrestore.model.ManifestLocation;
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
    public synchronized Optional<ManifestLocation> head(String bucket, String key) {
        byte[] content = objects.get(bucket + "/" + key);
        if (content == null) {
            return Optional.empty();
        }
        return Optional.of(new ManifestLocation(bucket, key, "\"etag-" + Integer.toHexString(
                java.util.Arrays.hashCode(content)) + "\"", content.length));
    }
}
