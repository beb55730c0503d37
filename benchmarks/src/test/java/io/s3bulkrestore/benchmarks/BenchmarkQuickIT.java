package io.s3bulkrestore.benchmarks;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code --quick} end to end, as CI runs it: the shaded jar in its own JVM against DynamoDB Local and moto.
 * Every counted figure with a bound must hold and the process must exit 0.
 */
class BenchmarkQuickIT {

    @Test
    void shouldPassEveryBoundInQuickModeAndExitZero() throws Exception {
        // Given the runnable jar the package phase built
        Path jar = Path.of(System.getProperty("benchmarks.jar", "target/benchmarks.jar"));
        assertThat(jar).exists();
        Path stderr = Files.createTempFile("benchmarks-quick", ".log");

        // When
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString(), "--quick")
                .redirectError(stderr.toFile())
                .start();
        String table = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        boolean finished = process.waitFor(5, TimeUnit.MINUTES);

        // Then
        assertThat(finished).as("finished within 5 minutes").isTrue();
        List<String> verdicts = table.lines().filter(line -> line.startsWith("PASS") || line.startsWith("FAIL")).toList();
        assertThat(verdicts).as(table + "\n" + Files.readString(stderr)).isNotEmpty().allMatch(line -> line.startsWith("PASS"));
        assertThat(verdicts).anyMatch(line -> line.contains("crediting / counter-item writes per event (batches of 1000)"))
                .anyMatch(line -> line.contains("crediting / final count error"))
                .anyMatch(line -> line.contains("crediting / write units per object, registration + crediting"))
                .anyMatch(line -> line.contains("monitor / requests per tick growth"))
                .anyMatch(line -> line.contains("manifest / peak heap growth"))
                .anyMatch(line -> line.contains("cost / $ per million objects: tracking overhead"));
        assertThat(table).contains("all " + verdicts.size() + " bounds hold");
        assertThat(process.exitValue()).isZero();
        Files.deleteIfExists(stderr);
    }
}
