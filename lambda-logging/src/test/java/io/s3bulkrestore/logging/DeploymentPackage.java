package io.s3bulkrestore.logging;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a function's Lambda zip holds: its entries, and the entries of every jar under {@code lib/}. Shared with
 * the function modules (test-jar), whose {@code LambdaZipIT} checks the zip {@code mvn package} built.
 */
public final class DeploymentPackage {

    private final List<String> entries = new ArrayList<>();
    private final List<String> nestedEntries = new ArrayList<>();

    private DeploymentPackage() {
    }

    public static DeploymentPackage read(Path zip) {
        if (!Files.isRegularFile(zip)) {
            throw new IllegalStateException(zip + " is missing: run mvn package (or verify) first");
        }
        DeploymentPackage contents = new DeploymentPackage();
        try (InputStream in = Files.newInputStream(zip); ZipInputStream outer = new ZipInputStream(in)) {
            for (ZipEntry entry = outer.getNextEntry(); entry != null; entry = outer.getNextEntry()) {
                contents.entries.add(entry.getName());
                if (entry.getName().startsWith("lib/") && entry.getName().endsWith(".jar")) {
                    ZipInputStream jar = new ZipInputStream(outer); // not closed: that would close the zip
                    for (ZipEntry inner = jar.getNextEntry(); inner != null; inner = jar.getNextEntry()) {
                        contents.nestedEntries.add(inner.getName());
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + zip, e);
        }
        return contents;
    }

    /** The zip's own entries: classes at the root, jars under lib/. */
    public List<String> entries() {
        return entries;
    }

    /** Every entry of every jar under lib/. */
    public List<String> jarEntries() {
        return nestedEntries;
    }

    /**
     * Checks what every function's zip must hold: lambda-logging as the one SLF4J backend, and no Log4j or Powertools
     * class (they were a large share of every cold start).
     */
    public void assertLogsThroughLambdaLoggingOnly() {
        assertThat(entries).anyMatch(entry -> entry.matches("lib/lambda-logging-.*\\.jar"))
                .noneMatch(entry -> entry.contains("log4j") || entry.contains("powertools"));
        assertThat(nestedEntries)
                .contains("io/s3bulkrestore/logging/JsonLogServiceProvider.class")
                .noneMatch(entry -> entry.startsWith("org/apache/logging/"))
                .noneMatch(entry -> entry.startsWith("software/amazon/lambda/"))
                .as("SLF4J backends").filteredOn("META-INF/services/org.slf4j.spi.SLF4JServiceProvider"::equals)
                .hasSize(1);
    }
}
