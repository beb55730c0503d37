package io.s3bulkrestore.benchmarks.coldstart;

import java.nio.file.Files;
import java.nio.file.Path;

/** The checkout the benchmark runs in: the directory with template.yaml and events/, at or above the cwd. */
final class ProjectRoot {

    static final String PROPERTY = "s3bulkrestore.root";

    private ProjectRoot() {
    }

    static Path find() {
        String given = System.getProperty(PROPERTY);
        if (given != null) {
            return Path.of(given).toAbsolutePath();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("template.yaml")) && Files.isDirectory(dir.resolve("events"))) {
                return dir;
            }
        }
        throw new IllegalStateException("run from the project's checkout (no template.yaml and events/ above "
                + Path.of("").toAbsolutePath() + "), or set -D" + PROPERTY);
    }
}
