package io.s3bulkrestore.api;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import io.s3bulkrestore.adapters.config.ApiFunctionConfig;
import io.s3bulkrestore.adapters.metrics.EmfMetrics;
import io.s3bulkrestore.jobs.CancelJob;
import io.s3bulkrestore.jobs.RedriveIngest;
import io.s3bulkrestore.jobs.CreateJob;
import io.s3bulkrestore.jobs.JobLookup;
import io.s3bulkrestore.logging.RequestLogContext;
import io.s3bulkrestore.metrics.Metric;
import io.s3bulkrestore.model.JobLogContext;
import io.s3bulkrestore.model.ServiceException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.util.Optional;

/**
 * The REST API (API Gateway REST API, Lambda proxy integration): POST /jobs (alias POST /create-job),
 * GET /jobs/{id}, GET /jobs, POST /jobs/{id}/cancel, POST /jobs/{id}/confirm, POST /jobs/{id}/redrive. It only translates between HTTP and the use cases;
 * routing, JSON shapes and error mapping live in {@link ApiRouter}, {@link JobViews} and {@link ApiErrors}.
 */
public final class CreateJobHandler implements RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> {

    private static final Logger LOG = LoggerFactory.getLogger(CreateJobHandler.class);

    private final ApiRouter router = new ApiRouter();
    private final JobsEndpoints endpoints;
    /** Held here because CRaC keeps its resources only weakly; null unless built by Lambda's constructor. */
    private final SnapStartPriming priming;
    private final EmfMetrics metrics;

    /**
     * Used by Lambda: wires the real adapters from the environment, once per execution environment, and
     * registers the priming that runs before a SnapStart snapshot.
     */
    public CreateJobHandler() {
        var config = ApiFunctionConfig.fromEnv(System.getenv());
        this.endpoints = ApiWiring.endpointsFromEnvironment(config, System.getenv());
        this.metrics = EmfMetrics.fromEnvironment(System.getenv());
        this.priming = SnapStartPriming.register(this, config.allowedBuckets().stream().sorted().findFirst()
                .orElseThrow(() -> new IllegalStateException(ApiFunctionConfig.ALLOWED_BUCKETS + " is empty")));
    }

    public CreateJobHandler(CreateJob createJob, JobLookup lookup, CancelJob cancelJob, RedriveIngest redriveIngest,
                            ApiSettings settings) {
        this(new JobsEndpoints(createJob, lookup, cancelJob, redriveIngest, settings));
    }

    CreateJobHandler(JobsEndpoints endpoints) {
        this(endpoints, EmfMetrics.nowhere());
    }

    CreateJobHandler(JobsEndpoints endpoints, EmfMetrics metrics) {
        this.endpoints = endpoints;
        this.metrics = metrics;
        this.priming = null;
    }

    JobsEndpoints endpoints() {
        return endpoints;
    }

    @Override
    public APIGatewayProxyResponseEvent handleRequest(APIGatewayProxyRequestEvent event, Context context) {
        try (var requestLog = RequestLogContext.of(context)) {
            return handle(event, context);
        }
    }

    private APIGatewayProxyResponseEvent handle(APIGatewayProxyRequestEvent event, Context context) {
        long started = System.nanoTime();
        var request = new ApiRequest(event);
        RouteMatch match = null;
        ApiResponse response;
        try {
            match = router.match(event);
            match.jobId().ifPresent(id -> MDC.put(JobLogContext.KEY, id));
            response = switch (match.route()) {
                case CREATE_JOB, CREATE_JOB_ALIAS -> endpoints.create(request);
                case GET_JOB -> endpoints.get(match.requireJobId());
                case LIST_JOBS -> endpoints.list(request);
                case CANCEL_JOB -> endpoints.cancel(match.requireJobId());
                case CONFIRM_JOB -> endpoints.confirm(match.requireJobId());
                case REDRIVE_INGEST -> endpoints.redrive(match.requireJobId());
            };
        } catch (ServiceException e) {
            response = ApiErrors.of(e);
        } catch (RuntimeException e) {
            String requestId = context == null ? "unknown" : context.getAwsRequestId();
            LOG.error("unexpected failure handling request {}", requestId, e);
            response = ApiErrors.internal(requestId);
        }
        response.jobId().ifPresent(id -> MDC.put(JobLogContext.KEY, id));
        logRequest(request, Optional.ofNullable(match), response, started);
        MDC.remove(JobLogContext.KEY);
        if (response.status() == 201) {
            metrics.add(Metric.JOBS_CREATED, 1);
            metrics.flush();
        }
        return response.toEvent();
    }

    /** The one log line per request. */
    private static void logRequest(ApiRequest request, Optional<RouteMatch> match, ApiResponse response,
                                   long startedNanos) {
        LOG.info("{} {} -> {} jobId={} in {} ms", request.method(),
                match.map(m -> m.route().resource()).orElse("(no route)"), response.status(),
                response.jobId().or(() -> match.flatMap(RouteMatch::jobId)).orElse("-"),
                (System.nanoTime() - startedNanos) / 1_000_000);
    }
}
