package io.s3bulkrestore.benchmarks.coldstart.launch;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.s3bulkrestore.adapters.config.RestoreEventFunctionConfig;
import io.s3bulkrestore.adapters.dynamodb.DynamoDbRestoreLedger;
import io.s3bulkrestore.adapters.s3.S3CurrentVersions;
import io.s3bulkrestore.adapters.sqs.SqsMessageRequeue;
import io.s3bulkrestore.events.RestoreEventBatch;
import io.s3bulkrestore.events.RestoreEventEnvelopes;
import io.s3bulkrestore.events.RestoreEventHandler;
import io.s3bulkrestore.tracking.RecordRestoreEvents;

import java.time.Clock;


/** RestoreEventFunction's handler wired like RestoreEventWiring, but over {@link SdkDefaultsClients}. */
public final class SdkDefaultsRestoreEventHandler {

    private SdkDefaultsRestoreEventHandler() {
    }

    public static RestoreEventHandler create() {
        var config = RestoreEventFunctionConfig.fromEnv(System.getenv());
        var ledger = new DynamoDbRestoreLedger(SdkDefaultsClients.dynamoDb(), config.objectsTable(), config.jobsTable());
        return new RestoreEventHandler(new RestoreEventBatch(new RestoreEventEnvelopes(new ObjectMapper()),
                new RecordRestoreEvents(ledger, new S3CurrentVersions(SdkDefaultsClients.s3(), Clock.systemUTC())),
                new SqsMessageRequeue(SdkDefaultsClients.sqs(), config.restoreEventsQueueUrl())));
    }
}
