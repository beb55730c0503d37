package io.s3bulkrestore.benchmarks.coldstart;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.DeflaterOutputStream;

/**
 * How many bytes files take inside a zip: their deflated size (default level, as the assembly plugin writes
 * entries). Jars are compressed already, but not to the end: Log4j2's take about 12 % less in a zip.
 */
final class ZippedSize {

    private ZippedSize() {
    }

    static long of(List<Path> files) {
        long bytes = 0;
        for (Path file : files) {
            Counting counted = new Counting();
            try (InputStream in = Files.newInputStream(file); OutputStream out = new DeflaterOutputStream(counted)) {
                in.transferTo(out);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
            bytes += counted.bytes;
        }
        return bytes;
    }

    private static final class Counting extends OutputStream {
        private long bytes;

        @Override
        public void write(int b) {
            bytes++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            bytes += len;
        }
    }
}
