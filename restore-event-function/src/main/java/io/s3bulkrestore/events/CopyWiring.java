package io.s3bulkrestore.events;

import io.s3bulkrestore.adapters.AwsClients;
import io.s3bulkrestore.adapters.config.CopyFunctionConfig;
import io.s3bulkrestore.adapters.dynamodb.DynamoDbJobStore;
import io.s3bulkrestore.adapters.dynamodb.DynamoDbRestoreLedger;
import io.s3bulkrestore.adapters.s3.S3CurrentVersions;
import io.s3bulkrestore.adapters.s3.S3ObjectCopier;
import io.s3bulkrestore.adapters.sqs.SqsCopyQueue;
import io.s3bulkrestore.adapters.sqs.SqsRetryDelay;
import io.s3bulkrestore.copy.CopyRestoredObjects;
import io.s3bulkrestore.model.Job;
import io.s3bulkrestore.model.JobId;
import io.s3bulkrestore.ports.JobStore;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/** Builds the copy function's object graph from its environment: clients once, at init. */
public record CopyWiring(CopyRestoredObjects copies, CopyHandler.RetryDelay retryDelay) {

    /**
     * How long a job read for its copy option is reused. The option never changes; whether the job ended does, and a
     * task of an ended job copied within this time after the ending only costs a copy.
     */
    static final Duration JOB_CACHE = Duration.ofMinutes(1);

    public static CopyWiring fromEnvironment(Map<String, String> env) {
        return from(CopyFunctionConfig.fromEnv(env), AwsClients.fromEnvironment(env), Clock.systemUTC());
    }

    public static CopyWiring from(CopyFunctionConfig config, AwsClients clients, Clock clock) {
        var ledger = new DynamoDbRestoreLedger(clients.dynamoDb(), config.objectsTable(), config.jobsTable());
        var jobs = cached(new DynamoDbJobStore(clients.dynamoDb(), config.jobsTable()), clock);
        var s3 = clients.s3AnyRegion(); // a copy's destination may be in another Region
        var sqs = clients.sqsWhenFirstUsed(); // only a retry or a copy continued needs it
        var delays = new SqsRetryDelay(sqs, config.copyQueueUrl());
        // a copy continued is a new message on the copy queue itself (CopyRestoredObjects: progress is not failure)
        var continuations = new SqsCopyQueue(sqs, config.copyQueueUrl());
        return new CopyWiring(new CopyRestoredObjects(jobs, ledger, new S3CurrentVersions(s3, clock),
                new S3ObjectCopier(s3, config.copySettings()), continuations, config.maxAttempts()), delays::delay);
    }

    /** The job store's jobs, each read at most once per {@link #JOB_CACHE} per execution environment. */
    static Function<JobId, Optional<Job>> cached(JobStore store, Clock clock) {
        record Read(Optional<Job> job, Instant at) {
        }
        Map<JobId, Read> reads = new ConcurrentHashMap<>();
        return id -> {
            Instant now = clock.instant();
            Read read = reads.get(id);
            if (read == null || now.isAfter(read.at().plus(JOB_CACHE))) {
                read = new Read(store.find(id), now);
                reads.put(id, read);
            }
            return read.job();
        };
    }
}
