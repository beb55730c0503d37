package io.s3bulkrestore.benchmarks.manifest;

import io.s3bulkrestore.manifest.ChunkLine;
import io.s3bulkrestore.manifest.CsvManifestLine;
import io.s3bulkrestore.manifest.ManifestChunk;
import io.s3bulkrestore.manifest.ManifestChunkReader;
import io.s3bulkrestore.manifest.ManifestRecord;
import io.s3bulkrestore.model.ObjectId.KeyEncoding;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses a manifest file in this (child) JVM, one thread, and prints what it found, how long each repeat took
 * and the heap's peak: {@code entries=<n> keyChars=<n> nanos=<t1>,<t2>,... peakHeapBytes=<n>}. Run in a fresh
 * JVM per design and size, with a heap limit, so that one run's garbage does not count against the next.
 *
 * <p>{@code ours}: the ingest path, chunk by chunk as the ingest workers get them ({@link ManifestChunk#plan}
 * of the object's size, each chunk a ranged read streamed through {@link ManifestChunkReader}).
 * {@code naive}: read the whole object into memory, split it into lines, parse each line the same way.
 */
public final class ManifestProbe {

    /** The ingest function's default chunk, ApiFunctionConfig.DEFAULT_CHUNK_BYTES. */
    static final long CHUNK_BYTES = 2L * 1024 * 1024;

    private ManifestProbe() {
    }

    public static void main(String[] args) throws IOException {
        String mode = args[0];
        Path file = Path.of(args[1]);
        int repeats = Integer.parseInt(args[2]);
        List<Long> nanos = new ArrayList<>();
        long[] found = null;
        for (int i = 0; i < repeats; i++) {
            long started = System.nanoTime();
            found = switch (mode) {
                case "ours" -> ours(file);
                case "naive" -> naive(file);
                default -> throw new IllegalArgumentException("mode must be ours or naive: " + mode);
            };
            nanos.add(System.nanoTime() - started);
        }
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        System.out.printf("entries=%d keyChars=%d nanos=%s peakHeapBytes=%d%n", found[0], found[1],
                String.join(",", nanos.stream().map(String::valueOf).toList()), peak);
    }

    /** Entries and the sum of their decoded keys' lengths (so nothing is optimised away, and both designs agree). */
    static long[] ours(Path file) throws IOException {
        long entries = 0;
        long keyChars = 0;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            for (ManifestChunk chunk : ManifestChunk.plan(size, CHUNK_BYTES)) {
                InputStream range = new RangeInputStream(channel, chunk.fetchFrom(), chunk.fetchTo(size));
                try (ManifestChunkReader reader = new ManifestChunkReader(range, chunk, KeyEncoding.URL)) {
                    while (reader.hasNext()) {
                        ChunkLine line = reader.next();
                        if (line.record() instanceof ManifestRecord.Entry entry) {
                            entries++;
                            keyChars += entry.object().key().length();
                        }
                    }
                }
            }
        }
        return new long[] {entries, keyChars};
    }

    static long[] naive(Path file) throws IOException {
        String whole = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        String[] lines = whole.split("\n");
        long entries = 0;
        long keyChars = 0;
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].isBlank()) {
                continue;
            }
            if (CsvManifestLine.parse(i + 1, lines[i], KeyEncoding.URL) instanceof ManifestRecord.Entry entry) {
                entries++;
                keyChars += entry.object().key().length();
            }
        }
        return new long[] {entries, keyChars};
    }

    /** Bytes {@code from}..{@code to} (inclusive) of a file, as a ranged GET returns them. */
    static final class RangeInputStream extends InputStream {
        private final InputStream in;
        private long remaining;

        RangeInputStream(FileChannel channel, long from, long to) throws IOException {
            this.in = Channels.newInputStream(channel.position(from));
            this.remaining = to - from + 1;
        }

        @Override
        public int read() throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int b = in.read();
            if (b >= 0) {
                remaining--;
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int n = in.read(buffer, offset, (int) Math.min(length, remaining));
            if (n > 0) {
                remaining -= n;
            }
            return n;
        }

        @Override
        public void close() {
            // the channel belongs to the caller
        }
    }
}
