package io.s3bulkrestore.benchmarks.coldstart;

/** The deployed functions whose cold start is measured: their zip, handler, event type and SDK-defaults twin. */
enum ColdStartFunction {

    API("ApiFunction", "api-function", "io.s3bulkrestore.api.CreateJobHandler",
            "com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent", "SdkDefaultsApiHandler"),
    INGEST("IngestFunction", "api-function", "io.s3bulkrestore.api.ManifestChunkHandler",
            "com.amazonaws.services.lambda.runtime.events.SQSEvent", "SdkDefaultsIngestHandler"),
    RESTORE_EVENT("RestoreEventFunction", "restore-event-function", "io.s3bulkrestore.events.RestoreEventHandler",
            "com.amazonaws.services.lambda.runtime.events.SQSEvent", "SdkDefaultsRestoreEventHandler"),
    MONITOR("MonitorFunction", "monitor-function", "io.s3bulkrestore.monitor.function.ProgressMonitorHandler",
            "com.amazonaws.services.lambda.runtime.events.ScheduledEvent", "SdkDefaultsMonitorHandler");

    private static final String LAUNCH_PACKAGE = "io.s3bulkrestore.benchmarks.coldstart.launch.";

    private final String logicalId;
    private final String module;
    private final String handler;
    private final String eventType;
    private final String sdkDefaultsFactory;

    ColdStartFunction(String logicalId, String module, String handler, String eventType, String sdkDefaultsFactory) {
        this.logicalId = logicalId;
        this.module = module;
        this.handler = handler;
        this.eventType = eventType;
        this.sdkDefaultsFactory = LAUNCH_PACKAGE + sdkDefaultsFactory;
    }

    /** The function's logical id in template.yaml. */
    String logicalId() {
        return logicalId;
    }

    /** The Maven module whose {@code target/<module>.zip} is the function's deployment package. */
    String module() {
        return module;
    }

    String handler() {
        return handler;
    }

    String eventType() {
        return eventType;
    }

    String sdkDefaultsFactory() {
        return sdkDefaultsFactory;
    }
}
