package io.s3bulkrestore.benchmarks.coldstart;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The cold start baseline's logging: what every function shipped before {@code lambda-logging} replaced it, and
 * what AWS documents for structured JSON logs from Java functions: Powertools for AWS Lambda's logging on Log4j2
 * ({@code powertools-logging-log4j} 2.9.0, JSON template layout, the same {@code log4j2.xml}). The baseline
 * rows measured it until then, inside the zips; now that the zips no longer hold it, the baseline carries it
 * itself (jars the build copies to {@code target/baseline-logging}, see benchmarks/pom.xml), so what the
 * baseline stands for does not change when ours does. Our backend's jar stays on its classpath (the handlers
 * open {@code RequestLogContext}, plain MDC), and SLF4J is told which of the two backends to use.
 */
final class BaselineLogging {

    static final String JARS_DIRECTORY = "baseline-logging";
    private static final String CONFIGURATION = "/coldstart-baseline/log4j2.xml";
    /** SLF4J 2.0.9+ takes its backend from this property instead of looking for one; this is Log4j2's. */
    static final List<String> JVM_OPTIONS = List.of("-Dslf4j.provider=org.apache.logging.slf4j.SLF4JServiceProvider");

    private BaselineLogging() {
    }

    /** The baseline's jars, beside the benchmarks' own jar or classes (in {@code target/}). */
    static List<Path> jars(Path benchmarksCodeSource) {
        Path directory = benchmarksCodeSource.resolveSibling(JARS_DIRECTORY);
        if (!Files.isDirectory(directory)) {
            throw new IllegalStateException(directory + " missing: build with mvn package -pl benchmarks -am");
        }
        try (Stream<Path> files = Files.list(directory)) {
            List<Path> jars = files.filter(f -> f.getFileName().toString().endsWith(".jar")).sorted().toList();
            if (jars.isEmpty()) {
                throw new IllegalStateException(directory + " holds no jars: build with mvn package -pl benchmarks -am");
            }
            return jars;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + directory, e);
        }
    }

    /** A directory holding the baseline's {@code log4j2.xml}, to put on its classpath. */
    static Path configurationDirectory(Path scratch) {
        try (InputStream in = BaselineLogging.class.getResourceAsStream(CONFIGURATION)) {
            if (in == null) {
                throw new IllegalStateException(CONFIGURATION + " is not on the benchmarks' classpath");
            }
            Path directory = Files.createDirectories(scratch.resolve("baseline-logging-configuration"));
            Files.copy(in, directory.resolve("log4j2.xml"));
            return directory;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the baseline's log4j2.xml", e);
        }
    }

}
