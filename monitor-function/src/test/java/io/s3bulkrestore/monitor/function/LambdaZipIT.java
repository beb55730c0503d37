package io.s3bulkrestore.monitor.function;

import io.s3bulkrestore.logging.DeploymentPackage;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The deployment zip {@code mvn package} built (template.yaml's CodeUri) logs through lambda-logging only. */
class LambdaZipIT {

    private static final Path ZIP = Path.of("target", "monitor-function.zip");

    @Test
    void shouldShipTheJsonLoggingBackendAndNoLog4jOrPowertools() {
        DeploymentPackage zip = DeploymentPackage.read(ZIP);

        assertThat(zip.entries()).anyMatch(entry -> entry.matches("lib/lambda-logging-.*\\.jar"))
                .noneMatch(entry -> entry.contains("log4j") || entry.contains("powertools"));
        assertThat(zip.jarEntries())
                .contains("io/s3bulkrestore/logging/JsonLogServiceProvider.class")
                .noneMatch(entry -> entry.startsWith("org/apache/logging/"))
                .noneMatch(entry -> entry.startsWith("software/amazon/lambda/"))
                .as("SLF4J backends").filteredOn("META-INF/services/org.slf4j.spi.SLF4JServiceProvider"::equals)
                .hasSize(1);
    }
}
