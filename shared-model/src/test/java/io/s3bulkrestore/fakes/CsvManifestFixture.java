package io.s3bulkrestore.fakes;

import io.s3bulkrestore.model.ManifestLocation;
import io.s3bulkrestore.model.ObjectId;
import io.s3bulkrestore.tracking.RegisterManifestObjects.ChunkEntry;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A CSV manifest that lists objects, one line each, put into an in-memory manifest store: the monitor reads a
 * job's objects back from its manifest, so a test that registers objects needs the manifest that names them, and
 * the entries it registers must carry the byte offsets of their lines.
 */
public final class CsvManifestFixture {

    private final ManifestLocation location;
    private final List<ChunkEntry> entries;

    private CsvManifestFixture(ManifestLocation location, List<ChunkEntry> entries) {
        this.location = location;
        this.entries = List.copyOf(entries);
    }

    /** Writes the manifest {@code bucket/key} listing {@code objects} in order, and returns where it is. */
    public static CsvManifestFixture put(InMemoryManifestStore store, String bucket, String key, List<ObjectId> objects) {
        StringBuilder csv = new StringBuilder();
        List<ChunkEntry> entries = new ArrayList<>();
        for (ObjectId object : objects) {
            entries.add(new ChunkEntry(object, csv.toString().getBytes(StandardCharsets.UTF_8).length));
            csv.append(object.bucket()).append(',').append(URLEncoder.encode(object.key(), StandardCharsets.UTF_8)
                    .replace("+", "%20"));
            if (object.versionId() != null) {
                csv.append(',').append(object.versionId());
            }
            csv.append('\n');
        }
        store.put(bucket, key, csv.toString());
        return new CsvManifestFixture(store.head(bucket, key).orElseThrow(), entries);
    }

    public ManifestLocation location() {
        return location;
    }

    /** One entry per line, with its byte offset, as ingestion registers them. */
    public List<ChunkEntry> entries() {
        return entries;
    }
}
