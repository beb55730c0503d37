package io.s3bulkrestore.monitor.function;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import io.s3bulkrestore.monitor.MonitorJobs;

import java.util.Objects;

/** The scheduled progress monitor: one tick of {@link MonitorJobs} per invocation (DESIGN §4). */
public final class ProgressMonitorHandler implements RequestHandler<ScheduledEvent, Void> {

    private final MonitorJobs monitor;

    /** Lambda's constructor: wired from the environment, once per container. */
    public ProgressMonitorHandler() {
        this(MonitorWiring.fromEnvironment(System.getenv()).monitor());
    }

    public ProgressMonitorHandler(MonitorJobs monitor) {
        this.monitor = Objects.requireNonNull(monitor, "monitor");
    }

    @Override
    public Void handleRequest(ScheduledEvent event, Context context) {
        monitor.tick();
        return null;
    }
}
