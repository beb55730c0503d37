package io.s3bulkrestore.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.s3bulkrestore.adapters.AwsClients;
import io.s3bulkrestore.adapters.config.RestoreEventFunctionConfig;
import io.s3bulkrestore.adapters.dynamodb.DynamoDbRestoreLedger;
import io.s3bulkrestore.adapters.s3.S3CurrentVersions;
import io.s3bulkrestore.adapters.sqs.SqsMessageRequeue;
import io.s3bulkrestore.tracking.RecordRestoreEvents;

import java.time.Clock;
import java.util.Map;

/** Builds the restore-event function's object graph from its environment: clients once, at init. */
public record RestoreEventWiring(RestoreEventBatch batch) {

    public static RestoreEventWiring fromEnvironment(Map<String, String> env) {
        var config = RestoreEventFunctionConfig.fromEnv(env);
        return from(config, AwsClients.fromEnvironment(env));
    }

    public static RestoreEventWiring from(RestoreEventFunctionConfig config, AwsClients clients) {
        var ledger = new DynamoDbRestoreLedger(clients.dynamoDb(), config.objectsTable(), config.jobsTable());
        var record = new RecordRestoreEvents(ledger, new S3CurrentVersions(clients.s3(), Clock.systemUTC()));
        // SQS only takes back the events that did not fit in time: its client is built when first needed.
        var requeue = new SqsMessageRequeue(clients.sqsWhenFirstUsed(), config.restoreEventsQueueUrl());
        return new RestoreEventWiring(new RestoreEventBatch(new RestoreEventEnvelopes(new ObjectMapper()), record,
                requeue));
    }
}
