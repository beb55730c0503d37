package io.s3bulkrestore.benchmarks.coldstart.launch;

import io.s3bulkrestore.adapters.config.IngestFunctionConfig;
import io.s3bulkrestore.adapters.dynamodb.DynamoDbJobStore;
import io.s3bulkrestore.adapters.dynamodb.DynamoDbRestoreLedger;
import io.s3bulkrestore.adapters.s3.S3ManifestStore;
import io.s3bulkrestore.adapters.s3.S3NotificationRouting;
import io.s3bulkrestore.api.ManifestChunkHandler;
import io.s3bulkrestore.adapters.sqs.SqsIngestQueue;
import io.s3bulkrestore.ingest.IngestBatch;
import io.s3bulkrestore.ingest.IngestManifestChunk;
import io.s3bulkrestore.tracking.RegisterManifestObjects;

import java.time.Clock;

/** IngestFunction's handler wired like IngestWiring, but over {@link SdkDefaultsClients}. */
public final class SdkDefaultsIngestHandler {

    private SdkDefaultsIngestHandler() {
    }

    public static ManifestChunkHandler create() {
        var config = IngestFunctionConfig.fromEnv(System.getenv());
        var dynamoDb = SdkDefaultsClients.dynamoDb();
        var s3 = SdkDefaultsClients.s3();
        var ledger = new DynamoDbRestoreLedger(dynamoDb, config.objectsTable(), config.jobsTable());
        var ingest = new IngestManifestChunk(new DynamoDbJobStore(dynamoDb, config.jobsTable()),
                new S3ManifestStore(s3), new RegisterManifestObjects(ledger, Clock.systemUTC(),
                        java.time.Duration.ofDays(config.retentionDays())),
                new S3NotificationRouting(s3, config.routing()), config.allowedBuckets());
        return new ManifestChunkHandler(new IngestBatch(ingest,
                new SqsIngestQueue(SdkDefaultsClients.sqs(), config.ingestQueueUrl())));
    }
}
