package io.s3bulkrestore.benchmarks.manifest;

import io.s3bulkrestore.manifest.CsvManifestLine;
import io.s3bulkrestore.manifest.InventoryManifest;
import io.s3bulkrestore.manifest.ManifestRecord;
import io.s3bulkrestore.model.ManifestColumns;
import io.s3bulkrestore.model.ManifestLocation;
import io.s3bulkrestore.model.ObjectId.KeyEncoding;
import io.s3bulkrestore.manifest.ManifestStore;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Manifests as local files, doing what S3ManifestStore asks of S3 for {@code POST /jobs}: a HEAD (size, ETag)
 * and one small ranged GET of the first line. It counts the bytes it reads, the figure that shows
 * {@code POST /jobs} never reads the manifest's body.
 */
final class FileManifestStore implements ManifestStore {

    /** What S3ManifestStore reads to judge the columns: the first 16 KiB at most. */
    private static final int SNIFF_BYTES = 16 * 1024;

    private final Map<String, Path> files;
    private final AtomicLong bytesRead = new AtomicLong();

    FileManifestStore(Map<String, Path> filesByKey) {
        this.files = Map.copyOf(filesByKey);
    }

    long bytesRead() {
        return bytesRead.get();
    }

    @Override
    public ManifestLocation writeInventory(String bucket, String key, io.s3bulkrestore.manifest.InventoryManifest manifest) {
        throw new UnsupportedOperationException("the ingestion benchmark writes no inventory manifests");
    }

    @Override
    public Optional<ManifestLocation> head(String bucket, String key) {
        Path file = files.get(key);
        if (file == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(new ManifestLocation(bucket, key, "etag-" + key, Files.size(file)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public ManifestColumns csvColumns(ManifestLocation manifest) {
        try (FileChannel channel = FileChannel.open(files.get(manifest.key()), StandardOpenOption.READ)) {
            ByteBuffer prefix = ByteBuffer.allocate((int) Math.min(SNIFF_BYTES, manifest.sizeBytes()));
            channel.read(prefix, 0);
            bytesRead.addAndGet(prefix.position());
            String text = new String(prefix.array(), 0, prefix.position(), StandardCharsets.UTF_8);
            int end = text.indexOf('\n');
            String first = end < 0 ? text : text.substring(0, end);
            return switch (CsvManifestLine.parse(1, first, KeyEncoding.URL)) {
                case ManifestRecord.Entry entry -> entry.object().version().isPresent()
                        ? ManifestColumns.BUCKET_KEY_VERSION : ManifestColumns.BUCKET_KEY;
                case ManifestRecord.Invalid invalid -> throw new IllegalStateException(invalid.reason());
            };
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public InventoryManifest inventory(ManifestLocation manifest) {
        throw new UnsupportedOperationException("CSV manifests only");
    }

    @Override
    public InputStream openRange(ManifestLocation manifest, long from, long to) {
        throw new UnsupportedOperationException("POST /jobs does not read manifest ranges");
    }

    @Override
    public InputStream openObject(String bucket, String key) {
        throw new UnsupportedOperationException("CSV manifests only");
    }
}
