package io.s3bulkrestore.adapters.dynamodb;

import io.s3bulkrestore.emulators.DynamoDbLocalServer;
import io.s3bulkrestore.tally.ObjectChange;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.StreamDescription;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the ObjectsTable's stream from its start, as the tally function's event source mapping would, and turns
 * each record's images into an {@link ObjectChange} (as the tally function does from the Lambda event). aws-adapters
 * cannot use the sandbox's poller (dependency direction), so this is the small part of it these tests need.
 */
final class ObjectsTableStream implements AutoCloseable {

    private final DynamoDbClient dynamoDb;
    private final DynamoDbStreamsClient streams;
    private final String objectsTable;

    ObjectsTableStream(DynamoDbLocalServer server, DynamoDbClient dynamoDb, String objectsTable) {
        this.dynamoDb = dynamoDb;
        this.objectsTable = objectsTable;
        this.streams = DynamoDbStreamsClient.builder()
                .endpointOverride(server.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    /** Every record the stream holds now, by shard id (parents before children), each shard in stream order. */
    Map<String, List<Record>> records() {
        String arn = dynamoDb.describeTable(b -> b.tableName(objectsTable)).table().latestStreamArn();
        List<Shard> shards = new ArrayList<>();
        String lastShard = null;
        do {
            String from = lastShard;
            StreamDescription description = streams.describeStream(b -> b.streamArn(arn).exclusiveStartShardId(from))
                    .streamDescription();
            shards.addAll(description.shards());
            lastShard = description.lastEvaluatedShardId();
        } while (lastShard != null);
        Map<String, List<Record>> byShard = new LinkedHashMap<>();
        for (Shard shard : shards) {
            List<Record> records = new ArrayList<>();
            String iterator = streams.getShardIterator(b -> b.streamArn(arn).shardId(shard.shardId())
                    .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
            while (iterator != null) {
                String at = iterator;
                GetRecordsResponse page = streams.getRecords(b -> b.shardIterator(at));
                records.addAll(page.records());
                // an open shard always hands back a next iterator: stop at the first empty page (all there is now)
                iterator = page.records().isEmpty() ? null : page.nextShardIterator();
            }
            byShard.put(shard.shardId(), records);
        }
        return byShard;
    }

    /** Every change the stream holds now, by shard id, each shard in stream order. */
    Map<String, List<ObjectChange>> changes() {
        Map<String, List<ObjectChange>> changes = new LinkedHashMap<>();
        records().forEach((shard, records) -> changes.put(shard, records.stream().map(ObjectsTableStream::change).toList()));
        return changes;
    }

    /** How many records the stream holds now. */
    int size() {
        return records().values().stream().mapToInt(List::size).sum();
    }

    static ObjectChange change(Record record) {
        var data = record.dynamodb();
        return new ObjectChange(data.sequenceNumber(), image(data.oldImage()), image(data.newImage()));
    }

    private static Optional<io.s3bulkrestore.tracking.ObjectRecord> image(Map<String, AttributeValue> image) {
        return image == null || image.isEmpty() ? Optional.empty() : Optional.of(ObjectItems.record(image));
    }

    @Override
    public void close() {
        streams.close();
    }
}
