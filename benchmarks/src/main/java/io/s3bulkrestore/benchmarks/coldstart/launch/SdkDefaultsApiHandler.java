package io.s3bulkrestore.benchmarks.coldstart.launch;

import io.s3bulkrestore.adapters.config.ApiFunctionConfig;
import io.s3bulkrestore.adapters.dynamodb.DynamoDbJobStore;
import io.s3bulkrestore.adapters.s3.S3ManifestStore;
import io.s3bulkrestore.adapters.s3control.BatchOperationsSettings;
import io.s3bulkrestore.adapters.s3control.S3ControlBatchOperations;
import io.s3bulkrestore.adapters.sqs.SqsIngestQueue;
import io.s3bulkrestore.api.ApiSettings;
import io.s3bulkrestore.api.CreateJobHandler;
import io.s3bulkrestore.jobs.CancelJob;
import io.s3bulkrestore.jobs.RedriveIngest;
import io.s3bulkrestore.jobs.SubmitJob;
import io.s3bulkrestore.jobs.CreateJob;
import io.s3bulkrestore.jobs.JobLookup;
import io.s3bulkrestore.jobs.JobPolicy;
import io.s3bulkrestore.model.JobId;

import java.time.Clock;
import java.util.UUID;

/** ApiFunction's handler wired like ApiWiring, but over {@link SdkDefaultsClients}. */
public final class SdkDefaultsApiHandler {

    private SdkDefaultsApiHandler() {
    }

    public static CreateJobHandler create() {
        var config = ApiFunctionConfig.fromEnv(System.getenv());
        var jobs = new DynamoDbJobStore(SdkDefaultsClients.dynamoDb(), config.jobsTable());
        var batch = new S3ControlBatchOperations(SdkDefaultsClients.s3Control(), BatchOperationsSettings.from(config));
        var manifests = new S3ManifestStore(SdkDefaultsClients.s3());
        var ingestQueue = new SqsIngestQueue(SdkDefaultsClients.sqs(), config.ingestQueueUrl());
        var createJob = new CreateJob(jobs, manifests, batch, ingestQueue, config.chunkBytes(),
                new JobPolicy(config.allowedBuckets(), config.deadlineFactor()), Clock.systemUTC(),
                () -> new JobId(UUID.randomUUID().toString()));
        var redrive = new RedriveIngest(jobs, new SubmitJob(jobs, manifests, batch, ingestQueue, config.chunkBytes()));
        return new CreateJobHandler(createJob, new JobLookup(jobs), new CancelJob(jobs, batch), redrive,
                ApiSettings.withDefaultLimits(config.topicArn()));
    }
}
