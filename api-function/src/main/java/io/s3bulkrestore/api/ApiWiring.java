package io.s3bulkrestore.api;

import io.s3bulkrestore.copy.CopyPlan;

import io.s3bulkrestore.adapters.AwsClients;
import io.s3bulkrestore.adapters.metrics.EmfMetrics;
import io.s3bulkrestore.adapters.config.ApiFunctionConfig;
import io.s3bulkrestore.adapters.dynamodb.DynamoDbJobStore;
import io.s3bulkrestore.adapters.s3.S3ManifestStore;
import io.s3bulkrestore.adapters.s3control.BatchOperationsSettings;
import io.s3bulkrestore.adapters.s3control.S3ControlBatchOperations;
import io.s3bulkrestore.adapters.sqs.SqsIngestQueue;
import io.s3bulkrestore.jobs.CancelJob;
import io.s3bulkrestore.jobs.ConfirmJob;
import io.s3bulkrestore.jobs.GroupedBatchOperations;
import io.s3bulkrestore.jobs.SourceJobs;
import io.s3bulkrestore.jobs.RedriveIngest;
import io.s3bulkrestore.jobs.SubmitJob;
import io.s3bulkrestore.jobs.CreateJob;
import io.s3bulkrestore.jobs.JobLookup;
import io.s3bulkrestore.jobs.JobPolicy;
import io.s3bulkrestore.model.JobId;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Map;
import java.util.UUID;

/** Builds the API function's object graph: configuration read and clients built once, at init. */
public final class ApiWiring {

    private ApiWiring() {
    }

    static JobsEndpoints endpointsFromEnvironment(ApiFunctionConfig config, Map<String, String> env) {
        return handler(config, AwsClients.fromEnvironment(env), Clock.systemUTC()).endpoints();
    }

    /** The handler over real adapters; the sandbox and tests call this with their own endpoints and clock. */
    public static CreateJobHandler handler(ApiFunctionConfig config, AwsClients clients, Clock clock) {
        return handler(config, clients, clock, EmfMetrics.nowhere());
    }

    public static CreateJobHandler handler(ApiFunctionConfig config, AwsClients clients, Clock clock,
                                           EmfMetrics metrics) {
        var jobs = new DynamoDbJobStore(clients.dynamoDb(), config.jobsTable());
        var batchSettings = BatchOperationsSettings.from(config);
        var batch = new GroupedBatchOperations(new S3ControlBatchOperations(clients.s3Control(), batchSettings));
        var manifests = new S3ManifestStore(clients.s3());
        var ingestQueue = new SqsIngestQueue(clients.sqs(), config.ingestQueueUrl());
        var policy = new JobPolicy(config.allowedBuckets(), config.deadlineFactor(),
                CopyPlan.ofConcurrency(config.copyConcurrency()), config.copyKmsKeyArn());
        var sourceJobs = new SourceJobs(jobs, batch, manifests, ingestQueue, policy, clock, config.chunkBytes());
        var createJob = new CreateJob(jobs, manifests, batch, ingestQueue, config.chunkBytes(), policy, clock,
                () -> new JobId(UUID.randomUUID().toString()), new CreateJob.Waiting(sourceJobs,
                batchSettings.reportBucket(), batchSettings.reportPrefix(), Duration.ofDays(config.quoteExpiryDays())));
        var redrive = new RedriveIngest(jobs, new SubmitJob(jobs, manifests, batch, ingestQueue, config.chunkBytes()));
        return new CreateJobHandler(new JobsEndpoints(createJob, new JobLookup(jobs), new CancelJob(jobs, batch),
                redrive, Optional.of(new ConfirmJob(jobs, sourceJobs, clock)), ApiSettings.withDefaultLimits(config.topicArn())),
                metrics);
    }
}
