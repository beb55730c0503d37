package io.s3bulkrestore.api;

import io.s3bulkrestore.adapters.AwsClients;
import io.s3bulkrestore.adapters.config.IngestFunctionConfig;
import io.s3bulkrestore.adapters.dynamodb.DynamoDbJobStore;
import io.s3bulkrestore.adapters.dynamodb.DynamoDbRestoreLedger;
import io.s3bulkrestore.adapters.s3.S3ManifestStore;
import io.s3bulkrestore.adapters.s3.S3NotificationRouting;
import io.s3bulkrestore.adapters.sqs.SqsIngestQueue;
import io.s3bulkrestore.ingest.IngestBatch;
import io.s3bulkrestore.ingest.IngestManifestChunk;
import io.s3bulkrestore.tracking.RegisterManifestObjects;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/** Builds the ingest worker's object graph: configuration read and clients built once, at init. */
public final class IngestWiring {

    private IngestWiring() {
    }

    static IngestBatch fromEnvironment(Map<String, String> env) {
        return batch(IngestFunctionConfig.fromEnv(env), AwsClients.fromEnvironment(env), Clock.systemUTC());
    }

    /** A batch of ingest messages over real adapters: the chunks that fit in time, the others queued again. */
    public static IngestBatch batch(IngestFunctionConfig config, AwsClients clients, Clock clock) {
        // SQS only takes back the chunks that did not fit in time: its client is built when first needed.
        return new IngestBatch(ingest(config, clients, clock),
                new SqsIngestQueue(clients.sqsWhenFirstUsed(), config.ingestQueueUrl()));
    }

    /** The use case over real adapters; the sandbox and tests call this with their own endpoints and clock. */
    public static IngestManifestChunk ingest(IngestFunctionConfig config, AwsClients clients, Clock clock) {
        var dynamoDb = clients.dynamoDb();
        var s3 = clients.s3();
        var ledger = new DynamoDbRestoreLedger(dynamoDb, config.objectsTable(), config.jobsTable());
        return new IngestManifestChunk(new DynamoDbJobStore(dynamoDb, config.jobsTable()), new S3ManifestStore(s3),
                new RegisterManifestObjects(ledger, clock, Duration.ofDays(config.retentionDays())), new S3NotificationRouting(s3, config.routing()),
                config.allowedBuckets());
    }
}
