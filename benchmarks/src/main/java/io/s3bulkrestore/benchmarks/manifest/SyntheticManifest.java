package io.s3bulkrestore.benchmarks.manifest;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a Batch Operations CSV manifest of {@code lines} lines whose keys need URL-decoding: spaces
 * ({@code %20}), pluses ({@code %2B}), non-ASCII ({@code %C3%A9}) and an encoded slash in every key.
 * About 75 bytes a line.
 */
public final class SyntheticManifest {

    public static final String BUCKET = "bench-archive";

    private SyntheticManifest() {
    }

    public static Path write(Path file, long lines) throws IOException {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
            StringBuilder line = new StringBuilder(128);
            for (long i = 0; i < lines; i++) {
                line.setLength(0);
                line.append(BUCKET).append(",photos/2026/caf%C3%A9%20set%20").append(i % 1000)
                        .append("%2Fraw/img%2B").append(i).append("%20v2.raw\n");
                out.write(line.toString().getBytes(StandardCharsets.US_ASCII));
            }
        }
        return file;
    }
}
