package io.s3bulkrestore.logging;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link DeploymentPackage#assertHoldsNoEmulatorCode} on small zips laid out as the assembly lays out a function's. */
class DeploymentPackageTest {

    private static final List<String> FUNCTION_CLASSES = List.of("io/s3bulkrestore/api/CreateJobHandler.class");
    private static final List<String> ADAPTERS = List.of("io/s3bulkrestore/adapters/AwsClients.class",
            "io/s3bulkrestore/adapters/dynamodb/TableDesign.class");
    private static final List<String> SDK_DYNAMODB = List.of("software/amazon/awssdk/services/dynamodb/DynamoDbClient.class");

    @TempDir
    Path dir;

    @Test
    void shouldPassAZipOfAFunctionItsAdaptersAndTheSdk() throws IOException {
        // Given
        Path zip = zip(FUNCTION_CLASSES, Map.of("lib/aws-adapters-0.1.0.jar", ADAPTERS, "lib/dynamodb-2.41.18.jar", SDK_DYNAMODB));

        // When / Then
        assertThatCode(() -> DeploymentPackage.read(zip).assertHoldsNoEmulatorCode()).doesNotThrowAnyException();
    }

    @Test
    void shouldNameALauncherInsideABundledJarWithItsJar() throws IOException {
        // Given aws-adapters as it was before issue 19: the launchers in its local package
        Path zip = zip(FUNCTION_CLASSES, Map.of("lib/aws-adapters-0.1.0.jar",
                List.of(ADAPTERS.get(0), "io/s3bulkrestore/adapters/local/MotoServer.class")));

        // When / Then
        assertThatThrownBy(() -> DeploymentPackage.read(zip).assertHoldsNoEmulatorCode())
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("lib/aws-adapters-0.1.0.jar!/io/s3bulkrestore/adapters/local/MotoServer.class")
                .hasMessageNotContaining("AwsClients");
    }

    @Test
    void shouldRejectTheEmulatorsPackageAtTheZipRoot() throws IOException {
        // Given
        Path zip = zip(List.of(FUNCTION_CLASSES.get(0), "io/s3bulkrestore/emulators/DynamoDbLocalServer.class"), Map.of());

        // When / Then
        assertThatThrownBy(() -> DeploymentPackage.read(zip).assertHoldsNoEmulatorCode())
                .hasMessageContaining("io/s3bulkrestore/emulators/DynamoDbLocalServer.class");
    }

    @Test
    void shouldRejectDynamoDbLocalAndSqliteJarsAndNatives() throws IOException {
        // Given the jars and native library DynamoDB Local would bring, each under a name the assembly gives it
        Path zip = zip(FUNCTION_CLASSES, Map.of(
                "lib/DynamoDBLocal-3.3.1.jar", List.of("software/amazon/dynamodb/services/local/main/ServerRunner.class"),
                "lib/sqlite4java-1.0.392.jar", List.of("com/almworks/sqlite4java/SQLite.class"),
                "lib/libsqlite4java-linux-amd64-1.0.392.so", List.of()));

        // When / Then
        assertThatThrownBy(() -> DeploymentPackage.read(zip).assertHoldsNoEmulatorCode())
                .hasMessageContaining("lib/DynamoDBLocal-3.3.1.jar")
                .hasMessageContaining("lib/DynamoDBLocal-3.3.1.jar!/software/amazon/dynamodb/services/local/main/ServerRunner.class")
                .hasMessageContaining("lib/sqlite4java-1.0.392.jar!/com/almworks/sqlite4java/SQLite.class")
                .hasMessageContaining("lib/libsqlite4java-linux-amd64-1.0.392.so");
    }

    /** A zip with {@code classes} at its root and, under lib/, each of {@code libs} holding its entries. */
    private Path zip(List<String> classes, Map<String, List<String>> libs) throws IOException {
        Path zip = dir.resolve("function.zip");
        try (OutputStream out = Files.newOutputStream(zip); ZipOutputStream zipOut = new ZipOutputStream(out)) {
            for (String entry : classes) {
                zipOut.putNextEntry(new ZipEntry(entry));
                zipOut.closeEntry();
            }
            for (Map.Entry<String, List<String>> lib : libs.entrySet()) {
                zipOut.putNextEntry(new ZipEntry(lib.getKey()));
                zipOut.write(lib.getKey().endsWith(".jar") ? jar(lib.getValue()) : new byte[] {0x7f, 'E', 'L', 'F'});
                zipOut.closeEntry();
            }
        }
        return zip;
    }

    private static byte[] jar(List<String> entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream jar = new ZipOutputStream(bytes)) {
            for (String entry : entries) {
                jar.putNextEntry(new ZipEntry(entry));
                jar.closeEntry();
            }
        }
        return bytes.toByteArray();
    }
}
