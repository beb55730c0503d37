package io.s3bulkrestore.api;

import io.s3bulkrestore.logging.DeploymentPackage;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

/**
 * The deployment zip {@code mvn package} built (template.yaml's CodeUri) logs through lambda-logging only, and holds
 * no emulator code.
 */
class LambdaZipIT {

    @Test
    void shouldShipTheJsonLoggingBackendAndNoLog4jOrPowertools() {
        DeploymentPackage.read(Path.of("target", "api-function.zip")).assertLogsThroughLambdaLoggingOnly();
    }

    @Test
    void shouldShipNoEmulatorLauncherNorDynamoDbLocal() {
        DeploymentPackage.read(Path.of("target", "api-function.zip")).assertHoldsNoEmulatorCode();
    }

    @Test
    void shouldShipTheServiceClientsItCallsAndNoOther() {
        // the API and the ingest worker call these services only
        DeploymentPackage.read(Path.of("target", "api-function.zip")).assertShipsServiceClientsOf("dynamodb", "s3", "s3control", "sqs");
    }
}
