package io.s3bulkrestore.monitor.function;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import io.s3bulkrestore.adapters.metrics.EmfMetrics;
import io.s3bulkrestore.logging.RequestLogContext;
import io.s3bulkrestore.metrics.Metric;
import io.s3bulkrestore.monitor.MonitorJobs;
import io.s3bulkrestore.monitor.TickBudget;

import java.util.Objects;

/** The scheduled progress monitor: one tick of {@link MonitorJobs} per invocation (DESIGN §4). */
public final class ProgressMonitorHandler implements RequestHandler<ScheduledEvent, Void> {

    private final MonitorJobs monitor;
    private final EmfMetrics metrics;

    /** Lambda's constructor: wired from the environment, once per container. */
    public ProgressMonitorHandler() {
        this(MonitorWiring.fromEnvironment(System.getenv()));
    }

    public ProgressMonitorHandler(MonitorWiring wiring) {
        this.monitor = Objects.requireNonNull(wiring.monitor(), "monitor");
        this.metrics = Objects.requireNonNull(wiring.metrics(), "metrics");
    }

    /**
     * Time kept back from the function's timeout when deciding whether one more job, reconciliation page or
     * report part may start: one such step takes seconds (a page of HeadObjects, a 5 MiB part), so 30 s of the
     * 120 s timeout leaves every step room to finish.
     */
    static final long RESERVE_MILLIS = 30_000;

    @Override
    public Void handleRequest(ScheduledEvent event, Context context) {
        try (var requestLog = RequestLogContext.of(context)) {
            return handle(event, context);
        }
    }

    private Void handle(ScheduledEvent event, Context context) {
        try {
            MonitorJobs.TickSummary tick = monitor.tick(context == null ? TickBudget.oneStepPerJob()
                    : TickBudget.leaving(RESERVE_MILLIS, context::getRemainingTimeInMillis));
            metrics.add(Metric.JOBS_LOOKED_AT, tick.lookedAt());
            metrics.add(Metric.JOBS_PAST_DEADLINE, tick.pastDeadline());
        } finally {
            metrics.flush(); // what was published before a failure is counted too
        }
        return null;
    }
}
