package io.s3bulkrestore.sandbox.lambda;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.DescribeStreamRequest;
import software.amazon.awssdk.services.dynamodb.model.DescribeStreamResponse;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsRequest;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.GetShardIteratorRequest;
import software.amazon.awssdk.services.dynamodb.model.GetShardIteratorResponse;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Shard order against an in-memory stream: DynamoDB Local has one shard per stream, so parents and children are only seen here. */
class ShardWalkerTest {

    private static final String STREAM = "arn:aws:dynamodb:us-east-1:123456789012:table/objects/stream/2026-12-06T00:00:00.000";

    @Test
    void shouldPlaceEachParentBeforeItsChildrenWhateverTheListingOrder() {
        List<Shard> listed = List.of(shard("grandchild", "child"), shard("child", "root"), shard("other", "trimmed"),
                shard("root", null));

        assertThat(ShardWalker.parentsFirst(listed)).extracting(Shard::shardId)
                .containsExactly("root", "child", "grandchild", "other");
    }

    @Test
    void shouldReadAChildOnlyOnceItsParentIsClosedAndReadToItsEnd() {
        // Given an open parent with two records and a child with one
        FakeStream stream = new FakeStream();
        stream.add(shard("child", "parent"), "3");
        stream.add(shard("parent", null), "1", "2");
        List<String> read = new ArrayList<>();
        ShardWalker walker = new ShardWalker(stream, STREAM, 100);

        // When the parent is still open
        walker.readAvailable((shardId, records) -> records.forEach(record -> read.add(shardId + ":" + sequenceOf(record))));

        // Then
        assertThat(read).containsExactly("parent:1", "parent:2");
        assertThat(walker.checkpoint("parent")).contains("2");

        // When it closes
        stream.close("parent");
        walker.readAvailable((shardId, records) -> records.forEach(record -> read.add(shardId + ":" + sequenceOf(record))));

        // Then the child follows, and the parent is not read again
        assertThat(read).containsExactly("parent:1", "parent:2", "child:3");
        assertThat(walker.finishedShards()).containsExactly("parent");
    }

    private static Shard shard(String id, String parent) {
        return Shard.builder().shardId(id).parentShardId(parent).build();
    }

    private static String sequenceOf(Record record) {
        return record.dynamodb().sequenceNumber();
    }

    /** Shards of records; an iterator is "shard|position"; a closed shard ends with no next iterator. */
    private static final class FakeStream implements DynamoDbStreamsClient {

        private final Map<String, Shard> shards = new LinkedHashMap<>();
        private final Map<String, List<Record>> records = new LinkedHashMap<>();
        private final List<String> closed = new ArrayList<>();

        void add(Shard shard, String... sequenceNumbers) {
            shards.put(shard.shardId(), shard);
            records.put(shard.shardId(), List.of(sequenceNumbers).stream()
                    .map(sequence -> Record.builder().dynamodb(change -> change.sequenceNumber(sequence)).build()).toList());
        }

        void close(String shardId) {
            closed.add(shardId);
        }

        @Override
        public DescribeStreamResponse describeStream(DescribeStreamRequest request) {
            return DescribeStreamResponse.builder().streamDescription(description -> description
                    .streamArn(request.streamArn()).shards(shards.values())).build();
        }

        @Override
        public GetShardIteratorResponse getShardIterator(GetShardIteratorRequest request) {
            List<Record> inShard = records.get(request.shardId());
            int position = 0;
            if (request.shardIteratorType() == ShardIteratorType.AFTER_SEQUENCE_NUMBER) {
                while (!sequenceOf(inShard.get(position)).equals(request.sequenceNumber())) {
                    position++;
                }
                position++;
            }
            return GetShardIteratorResponse.builder().shardIterator(request.shardId() + "|" + position).build();
        }

        @Override
        public GetRecordsResponse getRecords(GetRecordsRequest request) {
            String[] iterator = request.shardIterator().split("\\|");
            List<Record> inShard = records.get(iterator[0]);
            int from = Integer.parseInt(iterator[1]);
            int to = Math.min(inShard.size(), from + request.limit());
            boolean ended = to == inShard.size() && closed.contains(iterator[0]);
            return GetRecordsResponse.builder().records(inShard.subList(from, to))
                    .nextShardIterator(ended ? null : iterator[0] + "|" + to).build();
        }

        @Override
        public String serviceName() {
            return "dynamodb";
        }

        @Override
        public void close() {
        }
    }
}
