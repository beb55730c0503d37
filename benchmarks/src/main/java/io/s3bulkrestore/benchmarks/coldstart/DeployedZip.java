package io.s3bulkrestore.benchmarks.coldstart;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * A function's Lambda deployment package, extracted the way Lambda's Java runtime reads it: the root on the
 * classpath, then every jar under {@code lib/}.
 *
 * @param zip       the zip {@code mvn package} built
 * @param bytes     its size, what Lambda downloads on a cold start
 * @param classpath the root directory, then the jars of {@code lib/} in name order
 */
record DeployedZip(Path zip, long bytes, List<Path> classpath) {

    static DeployedZip extract(Path zip, Path into) {
        if (!Files.isRegularFile(zip)) {
            throw new IllegalStateException(zip + " is missing: build the functions first (mvn package -DskipTests)");
        }
        try (InputStream in = Files.newInputStream(zip); ZipInputStream entries = new ZipInputStream(in)) {
            Files.createDirectories(into);
            for (ZipEntry entry = entries.getNextEntry(); entry != null; entry = entries.getNextEntry()) {
                Path target = into.resolve(entry.getName()).normalize();
                if (!target.startsWith(into)) {
                    throw new IllegalStateException("zip entry outside the package: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(entries, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
            List<Path> classpath = new ArrayList<>();
            classpath.add(into);
            Path lib = into.resolve("lib");
            if (Files.isDirectory(lib)) {
                try (Stream<Path> jars = Files.list(lib)) {
                    jars.filter(jar -> jar.getFileName().toString().endsWith(".jar")).sorted().forEach(classpath::add);
                }
            }
            return new DeployedZip(zip, Files.size(zip), List.copyOf(classpath));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot extract " + zip, e);
        }
    }
}
