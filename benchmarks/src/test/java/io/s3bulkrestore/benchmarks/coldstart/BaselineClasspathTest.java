package io.s3bulkrestore.benchmarks.coldstart;

import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What the cold start baseline adds to a function's zip: Log4j2 logging, and what its jars weigh in a zip. */
class BaselineClasspathTest {

    @TempDir
    Path dir;

    @Test
    void shouldWeighFilesAsAZipWouldHoldThem() throws IOException {
        // Given one file that deflates well and one that does not
        Path text = Files.writeString(dir.resolve("a.txt"), "restore ".repeat(10_000));
        byte[] noise = new byte[50_000];
        new Random(7).nextBytes(noise);
        Path random = Files.write(dir.resolve("b.bin"), noise);

        // When
        long zippedText = ZippedSize.of(List.of(text));
        long zippedRandom = ZippedSize.of(List.of(random));

        // Then each is about what a zip entry of it takes
        assertThat(zippedText).isLessThan(Files.size(text) / 20).isCloseTo(entrySize(text), within(64));
        assertThat(zippedRandom).isBetween(50_000L, 50_100L).isCloseTo(entrySize(random), within(64));
        assertThat(ZippedSize.of(List.of(text, random))).isEqualTo(zippedText + zippedRandom);
    }

    @Test
    void shouldTakeTheBaselinesJarsFromBesideTheBenchmarksAndWriteItsLog4j2Configuration() throws IOException {
        // Given the build's layout: target/benchmarks.jar and target/baseline-logging/*.jar
        Path jars = Files.createDirectories(dir.resolve("baseline-logging"));
        Files.writeString(jars.resolve("log4j-core-2.25.2.jar"), "x");
        Files.writeString(jars.resolve("powertools-logging-log4j-2.9.0.jar"), "x");
        Files.writeString(jars.resolve("README.txt"), "not a jar");

        // When
        List<Path> found = BaselineLogging.jars(dir.resolve("benchmarks.jar"));
        Path configuration = BaselineLogging.configurationDirectory(dir.resolve("scratch"));

        // Then
        assertThat(found).extracting(path -> path.getFileName().toString())
                .containsExactly("log4j-core-2.25.2.jar", "powertools-logging-log4j-2.9.0.jar");
        assertThat(Files.readString(configuration.resolve("log4j2.xml")))
                .contains("JsonTemplateLayout", "LambdaJsonLayout.json");
        assertThat(BaselineLogging.JVM_OPTIONS)
                .containsExactly("-Dslf4j.provider=org.apache.logging.slf4j.SLF4JServiceProvider");
    }

    @Test
    void shouldSayHowToBuildTheBaselinesJarsWhenTheyAreMissing() {
        assertThatThrownBy(() -> BaselineLogging.jars(dir.resolve("benchmarks.jar")))
                .hasMessageContaining("mvn package -pl benchmarks -am");
    }

    private long entrySize(Path file) throws IOException {
        Path zip = dir.resolve(file.getFileName() + ".zip");
        try (OutputStream out = Files.newOutputStream(zip); ZipOutputStream entries = new ZipOutputStream(out)) {
            entries.putNextEntry(new ZipEntry("f"));
            entries.write(Files.readAllBytes(file));
            entries.closeEntry();
        }
        try (ZipFile read = new ZipFile(zip.toFile())) {
            return read.getEntry("f").getCompressedSize();
        }
    }

    private static Offset<Long> within(long bytes) {
        return Offset.offset(bytes);
    }
}
