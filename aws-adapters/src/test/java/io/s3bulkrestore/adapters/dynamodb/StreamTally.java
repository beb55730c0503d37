package io.s3bulkrestore.adapters.dynamodb;

import io.s3bulkrestore.tally.ObjectChange;
import io.s3bulkrestore.tally.TallyChanges;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.OperationType;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The tally function for tests that cannot use the sandbox's event source: reads everything new on the
 * ObjectsTable's stream in DynamoDB Local, shard by shard, and tallies it in batches through the real
 * {@link TallyChanges} and {@link DynamoDbTallyStore}, as Lambda would (REMOVE records filtered out).
 */
public final class StreamTally {

    private final DynamoDbStreamsClient streams;
    private final String streamArn;
    private final TallyChanges tally;
    private final Map<String, String> lastRead = new HashMap<>();

    public StreamTally(DynamoDbClient dynamoDb, DynamoDbStreamsClient streams, String objectsTable, String jobsTable) {
        this.streams = streams;
        this.streamArn = dynamoDb.describeTable(b -> b.tableName(objectsTable)).table().latestStreamArn();
        this.tally = new TallyChanges(new DynamoDbTallyStore(dynamoDb, jobsTable, Clock.systemUTC(), Duration.ofDays(60)));
    }

    /** Tallies every change written since the last call; returns how many it read. */
    public int drain() {
        int read = 0;
        for (Shard shard : streams.describeStream(b -> b.streamArn(streamArn)).streamDescription().shards()) {
            String after = lastRead.get(shard.shardId());
            String iterator = streams.getShardIterator(b -> {
                b.streamArn(streamArn).shardId(shard.shardId());
                if (after == null) {
                    b.shardIteratorType(ShardIteratorType.TRIM_HORIZON);
                } else {
                    b.shardIteratorType(ShardIteratorType.AFTER_SEQUENCE_NUMBER).sequenceNumber(after);
                }
            }).shardIterator();
            while (iterator != null) {
                String from = iterator;
                var page = streams.getRecords(b -> b.shardIterator(from).limit(1000));
                if (page.records().isEmpty()) {
                    break;
                }
                List<ObjectChange> changes = new ArrayList<>();
                for (Record record : page.records()) {
                    if (record.eventName() != OperationType.REMOVE) {
                        changes.add(ObjectsTableStream.change(record));
                    }
                }
                tally.apply(shard.shardId(), changes);
                lastRead.put(shard.shardId(), page.records().getLast().dynamodb().sequenceNumber());
                read += page.records().size();
                iterator = page.nextShardIterator();
            }
        }
        return read;
    }
}
