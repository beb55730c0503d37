package io.s3bulkrestore.manifest;

import io.s3bulkrestore.model.Job;
import io.s3bulkrestore.model.ManifestColumns;
import io.s3bulkrestore.model.ObjectId.KeyEncoding;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.zip.GZIPInputStream;

/**
 * Opens the lines of a job's manifest the same way wherever they are read: by the ingest worker, and by the
 * monitor reading a job's objects back in manifest order ({@link io.s3bulkrestore.tracking.JobObjects}).
 */
public final class ManifestReaders {

    private ManifestReaders() {
    }

    /** The lines of a CSV manifest that start in {@code chunk}, with the layout the job was created with. */
    public static ManifestChunkReader csv(ManifestStore manifests, Job job, ManifestChunk chunk) {
        long size = job.manifest().sizeBytes();
        if (chunk.start() >= size) {
            return new ManifestChunkReader(InputStream.nullInputStream(), chunk, KeyEncoding.URL);
        }
        InputStream bytes = manifests.openRange(job.manifest(), chunk.fetchFrom(), chunk.fetchTo(size));
        // The layout CreateJob told Batch Operations, from the first line: a line that breaks it is invalid.
        ManifestColumns columns;
        try {
            columns = manifests.csvColumns(job.manifest());
        } catch (RuntimeException e) {
            closeQuietly(bytes, e);
            throw e;
        }
        return new ManifestChunkReader(bytes, chunk, CsvManifestLine.parser(KeyEncoding.URL, columns));
    }

    /** Every line of data file {@code fileIndex} of the job's inventory report, which must be {@code key}. */
    public static ManifestChunkReader inventoryFile(ManifestStore manifests, Job job, int fileIndex, String key) {
        InventoryManifest report = manifests.inventory(job.manifest());
        if (fileIndex >= report.files().size() || !report.files().get(fileIndex).key().equals(key)) {
            throw new IllegalStateException("job " + job.id() + ": inventory data file " + fileIndex + " is not " + key
                    + " in " + job.manifest().uri());
        }
        return inventoryDataFile(manifests, report, key);
    }

    /** Every line of one data file of an inventory report (gzipped when its key says so). */
    public static ManifestChunkReader inventoryDataFile(ManifestStore manifests, InventoryManifest report, String key) {
        InputStream bytes = manifests.openObject(report.destinationBucket(), key);
        return ManifestChunkReader.wholeFile(key.endsWith(".gz") ? gunzip(bytes) : bytes, report.lineParser());
    }

    private static void closeQuietly(InputStream bytes, RuntimeException failure) {
        try {
            bytes.close();
        } catch (IOException | RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    private static InputStream gunzip(InputStream compressed) {
        try {
            return new GZIPInputStream(compressed, 1 << 16);
        } catch (IOException e) {
            throw new UncheckedIOException("inventory data file is not gzip", e);
        }
    }
}
