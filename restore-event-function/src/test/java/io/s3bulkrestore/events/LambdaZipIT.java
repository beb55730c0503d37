package io.s3bulkrestore.events;

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
        DeploymentPackage.read(Path.of("target", "restore-event-function.zip")).assertLogsThroughLambdaLoggingOnly();
    }

    @Test
    void shouldShipNoEmulatorLauncherNorDynamoDbLocal() {
        DeploymentPackage.read(Path.of("target", "restore-event-function.zip")).assertHoldsNoEmulatorCode();
    }

    @Test
    void shouldShipTheServiceClientsItCallsAndNoOther() {
        // the restore-event, tally and copy workers call these services only
        DeploymentPackage.read(Path.of("target", "restore-event-function.zip")).assertShipsServiceClientsOf("dynamodb", "s3", "sqs");
    }
}
