package io.s3bulkrestore.logging;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a function's Lambda zip holds: its entries, and the entries of every jar under {@code lib/}. Shared with
 * the function modules (test-jar), whose {@code LambdaZipIT} checks the zip {@code mvn package} built.
 */
public final class DeploymentPackage {

    /**
     * Where emulator code lives: our launchers (the emulators module, and aws-adapters' {@code local} package where
     * they were until issue 19), DynamoDB Local, and sqlite4java, which only DynamoDB Local uses. moto is Python.
     */
    private static final List<String> EMULATOR_PACKAGES = List.of("io/s3bulkrestore/emulators/",
            "io/s3bulkrestore/adapters/local/", "software/amazon/dynamodb/", "com/almworks/sqlite4java/");
    /** Jars and native libraries only the emulators need, as the assembly names them under lib/. */
    /** The service client modules of the AWS SDK this project uses, as lib/ jars (name-version.jar). */
    private static final Pattern SDK_SERVICE_JAR =
            Pattern.compile("lib/(s3|s3control|dynamodb|sqs|sns|eventbridge|cloudwatch|sts|lambda)-2\\.[0-9.]+\\.jar");
    private static final Pattern EMULATOR_LIBRARIES =
            Pattern.compile("lib/(emulators|DynamoDBLocal|sqlite4java|libsqlite4java)[^/]*");

    private final Path zip;
    private final List<String> entries = new ArrayList<>();
    private final List<String> nestedEntries = new ArrayList<>();
    private final Map<String, List<String>> entriesByJar = new LinkedHashMap<>();

    private DeploymentPackage(Path zip) {
        this.zip = zip;
    }

    public static DeploymentPackage read(Path zip) {
        if (!Files.isRegularFile(zip)) {
            throw new IllegalStateException(zip + " is missing: run mvn package (or verify) first");
        }
        DeploymentPackage contents = new DeploymentPackage(zip);
        try (InputStream in = Files.newInputStream(zip); ZipInputStream outer = new ZipInputStream(in)) {
            for (ZipEntry entry = outer.getNextEntry(); entry != null; entry = outer.getNextEntry()) {
                contents.entries.add(entry.getName());
                if (entry.getName().startsWith("lib/") && entry.getName().endsWith(".jar")) {
                    ZipInputStream jar = new ZipInputStream(outer); // not closed: that would close the zip
                    List<String> jarEntries = contents.entriesByJar.computeIfAbsent(entry.getName(), name -> new ArrayList<>());
                    for (ZipEntry inner = jar.getNextEntry(); inner != null; inner = jar.getNextEntry()) {
                        contents.nestedEntries.add(inner.getName());
                        jarEntries.add(inner.getName());
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

    /**
     * Checks that the zip holds no emulator code (DESIGN §7: emulator launchers never ship in a function zip): none of
     * {@link #EMULATOR_PACKAGES} at its root or in any jar under lib/, and no DynamoDB Local or sqlite4java jar or
     * native library. Names each offending entry, with its jar.
     */
    public void assertHoldsNoEmulatorCode() {
        List<String> found = new ArrayList<>();
        entries.stream()
                .filter(entry -> EMULATOR_LIBRARIES.matcher(entry).matches() || inEmulatorPackage(entry))
                .forEach(found::add);
        entriesByJar.forEach((jar, inJar) -> inJar.stream()
                .filter(DeploymentPackage::inEmulatorPackage)
                .forEach(entry -> found.add(jar + "!/" + entry)));
        assertThat(found).as("emulator code in %s", zip).isEmpty();
    }

    /**
     * Checks that the zip ships the AWS SDK service clients the function calls, and no other: each is a jar of
     * 1-4 MB, read at every cold start's class-path scan and shipped with every deployment.
     */
    public void assertShipsServiceClientsOf(String... services) {
        List<String> shipped = entries.stream()
                .map(entry -> SDK_SERVICE_JAR.matcher(entry))
                .filter(java.util.regex.Matcher::matches)
                .map(matcher -> matcher.group(1))
                .toList();
        assertThat(shipped).as("AWS SDK service clients in %s", zip).containsExactlyInAnyOrder(services);
    }

    private static boolean inEmulatorPackage(String entry) {
        return EMULATOR_PACKAGES.stream().anyMatch(entry::startsWith);
    }
}
