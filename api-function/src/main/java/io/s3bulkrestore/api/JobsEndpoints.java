package io.s3bulkrestore.api;

import io.s3bulkrestore.jobs.CancelJob;
import io.s3bulkrestore.jobs.ConfirmJob;
import io.s3bulkrestore.jobs.RedriveIngest;
import io.s3bulkrestore.jobs.CreateJob;
import io.s3bulkrestore.jobs.JobLookup;
import io.s3bulkrestore.model.CreateJobRequestParser;
import io.s3bulkrestore.model.Job;
import io.s3bulkrestore.model.ServiceException;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** One method per route: read the request, call the use case, shape the response. */
final class JobsEndpoints {

    static final String STATUS = "status";
    static final String PAGE_TOKEN = "page_token";
    static final String LIMIT = "limit";
    private static final Set<String> LIST_PARAMETERS = Set.of(STATUS, PAGE_TOKEN, LIMIT);

    private final CreateJob createJob;
    private final JobLookup lookup;
    private final CancelJob cancelJob;
    private final RedriveIngest redriveIngest;
    private final Optional<ConfirmJob> confirmJob;
    private final ApiSettings settings;

    JobsEndpoints(CreateJob createJob, JobLookup lookup, CancelJob cancelJob, RedriveIngest redriveIngest,
                  ApiSettings settings) {
        this(createJob, lookup, cancelJob, redriveIngest, Optional.empty(), settings);
    }

    JobsEndpoints(CreateJob createJob, JobLookup lookup, CancelJob cancelJob, RedriveIngest redriveIngest,
                  Optional<ConfirmJob> confirmJob, ApiSettings settings) {
        this.createJob = createJob;
        this.lookup = lookup;
        this.cancelJob = cancelJob;
        this.redriveIngest = redriveIngest;
        this.confirmJob = confirmJob;
        this.settings = settings;
    }

    ApiResponse create(ApiRequest request) {
        var body = JsonObjectBody.read(request, settings.maxBodyBytes());
        Optional<String> idempotencyKey = IdempotencyKeys.of(request);
        CreateJob.Result result = createJob.create(CreateJobRequestParser.parse(body), idempotencyKey);
        Job job = result.job();
        // A replay answers 200 so a client can tell it did not start a second job.
        return ApiResponse.json(result.created() ? 201 : 200, JobViews.created(job, settings.topicArn()))
                .withHeader("Location", "/jobs/" + job.id().value())
                .aboutJob(job.id().value());
    }

    ApiResponse get(String jobId) {
        return ApiResponse.json(200, JobViews.of(lookup.get(jobId))).aboutJob(jobId);
    }

    ApiResponse list(ApiRequest request) {
        for (String name : new TreeSet<>(request.queryParameterNames())) {
            if (!LIST_PARAMETERS.contains(name)) {
                throw ServiceException.invalid(name, "unknown query parameter '" + name + "'; allowed are "
                        + String.join(", ", new TreeSet<>(LIST_PARAMETERS)));
            }
        }
        return ApiResponse.json(200, JobViews.of(lookup.list(single(request, STATUS), single(request, PAGE_TOKEN),
                single(request, LIMIT))));
    }

    ApiResponse cancel(String jobId) {
        return ApiResponse.json(202, JobViews.of(cancelJob.cancel(jobId))).aboutJob(jobId);
    }

    /** 202 with the job: confirmed and started (or, when an AWS call failed on the way, confirmed for the monitor). */
    ApiResponse confirm(String jobId) {
        ConfirmJob confirm = confirmJob.orElseThrow(() -> new ServiceException(
                io.s3bulkrestore.model.ErrorCode.INVALID_STATE, "job " + jobId + " does not wait for confirmation"));
        return ApiResponse.json(202, JobViews.of(confirm.confirm(jobId))).aboutJob(jobId);
    }

    /** 202 with the chunks queued again (an empty list: every chunk was ingested, nothing to do). */
    ApiResponse redrive(String jobId) {
        RedriveIngest.Redriven redriven = redriveIngest.redrive(jobId);
        return ApiResponse.json(202, JobViews.redriven(redriven)).aboutJob(jobId);
    }

    private static Optional<String> single(ApiRequest request, String name) {
        List<String> values = request.queryValues(name);
        if (values.size() > 1) {
            throw ServiceException.invalid(name, name + " must be given at most once");
        }
        return values.stream().findFirst();
    }
}
