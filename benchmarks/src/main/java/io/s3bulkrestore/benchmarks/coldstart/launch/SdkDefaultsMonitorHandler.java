package io.s3bulkrestore.benchmarks.coldstart.launch;

import io.s3bulkrestore.adapters.config.MonitorFunctionConfig;
import io.s3bulkrestore.adapters.metrics.EmfMetrics;
import io.s3bulkrestore.adapters.s3control.BatchOperationsSettings;
import io.s3bulkrestore.adapters.s3control.S3ControlBatchOperations;
import io.s3bulkrestore.monitor.function.MonitorWiring;
import io.s3bulkrestore.monitor.function.ProgressMonitorHandler;

import java.time.Clock;
import java.util.Optional;

/** MonitorFunction's handler wired like MonitorWiring.fromEnvironment, but over {@link SdkDefaultsClients}. */
public final class SdkDefaultsMonitorHandler {

    private SdkDefaultsMonitorHandler() {
    }

    public static ProgressMonitorHandler create() {
        var config = MonitorFunctionConfig.fromEnv(System.getenv());
        var settings = new BatchOperationsSettings(config.accountId(), config.batchRoleArn(), config.reportBucket());
        var batch = new S3ControlBatchOperations(SdkDefaultsClients.s3Control(), settings);
        return new ProgressMonitorHandler(MonitorWiring.from(config, SdkDefaultsClients.dynamoDb(),
                SdkDefaultsClients.s3(), SdkDefaultsClients.sns(), SdkDefaultsClients.sqs(),
                Optional.of(SdkDefaultsClients::eventBridge), batch, Clock.systemUTC(),
                EmfMetrics.fromEnvironment(System.getenv())));
    }
}
