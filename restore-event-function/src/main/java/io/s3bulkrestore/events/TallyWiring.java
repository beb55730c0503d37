package io.s3bulkrestore.events;

import io.s3bulkrestore.adapters.AwsClients;
import io.s3bulkrestore.adapters.config.TallyFunctionConfig;
import io.s3bulkrestore.adapters.dynamodb.DynamoDbTallyStore;
import io.s3bulkrestore.adapters.sqs.SqsCopyQueue;
import io.s3bulkrestore.copy.QueueCopies;
import io.s3bulkrestore.tally.TallyChanges;

import java.time.Clock;
import java.util.Map;

/** Builds the tally function's object graph from its environment: clients once, at init. */
public record TallyWiring(TallyChanges tally, QueueCopies copies) {

    public static TallyWiring fromEnvironment(Map<String, String> env) {
        return from(TallyFunctionConfig.fromEnv(env), AwsClients.fromEnvironment(env));
    }

    public static TallyWiring from(TallyFunctionConfig config, AwsClients clients) {
        return new TallyWiring(new TallyChanges(new DynamoDbTallyStore(clients.dynamoDb(), config.jobsTable(),
                Clock.systemUTC(), config.counterRetention())),
                // the SQS client is built at the first copy to queue: most batches (jobs without copy) queue none
                config.copyQueueUrl().map(url -> new QueueCopies(new SqsCopyQueue(clients.sqsWhenFirstUsed(), url)))
                        .orElseGet(QueueCopies::none));
    }
}
