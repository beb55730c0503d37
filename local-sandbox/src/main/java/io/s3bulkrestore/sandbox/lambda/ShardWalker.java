package io.s3bulkrestore.sandbox.lambda;

import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.StreamDescription;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads a stream's shards in the order Lambda does: a shard only once its parent is read to its end (or
 * is no longer listed), each from its checkpoint, or from TRIM_HORIZON the first time. The checkpoints are
 * in memory: a new walker starts each shard from the beginning again.
 */
final class ShardWalker {

    /** GetRecords returns at most 1,000 records. */
    private static final int MAX_RECORDS_PER_CALL = 1_000;

    /** Receives one shard's next records; when it returns they count as handled and the checkpoint moves past them. */
    @FunctionalInterface
    interface BatchConsumer {
        void accept(String shardId, List<Record> records);
    }

    private final DynamoDbStreamsClient streams;
    private final String streamArn;
    private final int batchSize;
    private final Map<String, String> checkpoints = new ConcurrentHashMap<>();
    private final Set<String> finished = ConcurrentHashMap.newKeySet();

    ShardWalker(DynamoDbStreamsClient streams, String streamArn, int batchSize) {
        this.streams = streams;
        this.streamArn = streamArn;
        this.batchSize = batchSize;
    }

    /** Reads every shard that may be read now up to what is available, in batches of up to batchSize; returns how many records it read. */
    long readAvailable(BatchConsumer consumer) {
        List<Shard> shards = parentsFirst(listShards());
        Set<String> listed = new HashSet<>();
        shards.forEach(shard -> listed.add(shard.shardId()));
        long read = 0;
        for (Shard shard : shards) {
            String parent = shard.parentShardId();
            boolean parentPending = parent != null && listed.contains(parent) && !finished.contains(parent);
            if (!finished.contains(shard.shardId()) && !parentPending) {
                read += readShard(shard.shardId(), consumer);
            }
        }
        return read;
    }

    /** The sequence number of the last record of the shard that was handled or skipped. */
    Optional<String> checkpoint(String shardId) {
        return Optional.ofNullable(checkpoints.get(shardId));
    }

    /** Shards read to their end: closed, and every record passed on. */
    Set<String> finishedShards() {
        return Set.copyOf(finished);
    }

    private long readShard(String shardId, BatchConsumer consumer) {
        String iterator = iteratorFromCheckpoint(shardId);
        long read = 0;
        while (iterator != null) {
            List<Record> batch = new ArrayList<>();
            boolean caughtUp = false;
            while (iterator != null && batch.size() < batchSize && !caughtUp) {
                String current = iterator;
                int limit = Math.min(MAX_RECORDS_PER_CALL, batchSize - batch.size());
                GetRecordsResponse page = streams.getRecords(request -> request.shardIterator(current).limit(limit));
                batch.addAll(page.records());
                iterator = page.nextShardIterator();
                caughtUp = page.records().isEmpty();
            }
            if (!batch.isEmpty()) {
                consumer.accept(shardId, List.copyOf(batch));
                checkpoints.put(shardId, batch.getLast().dynamodb().sequenceNumber());
                read += batch.size();
            }
            if (caughtUp && iterator != null) {
                return read;
            }
        }
        finished.add(shardId);
        return read;
    }

    private String iteratorFromCheckpoint(String shardId) {
        String checkpoint = checkpoints.get(shardId);
        return streams.getShardIterator(request -> {
            request.streamArn(streamArn).shardId(shardId);
            if (checkpoint == null) {
                request.shardIteratorType(ShardIteratorType.TRIM_HORIZON);
            } else {
                request.shardIteratorType(ShardIteratorType.AFTER_SEQUENCE_NUMBER).sequenceNumber(checkpoint);
            }
        }).shardIterator();
    }

    private List<Shard> listShards() {
        List<Shard> shards = new ArrayList<>();
        String after = null;
        do {
            String exclusiveStart = after;
            StreamDescription page = streams.describeStream(request -> request.streamArn(streamArn)
                    .exclusiveStartShardId(exclusiveStart)).streamDescription();
            shards.addAll(page.shards());
            after = page.lastEvaluatedShardId();
        } while (after != null);
        return shards;
    }

    /** Listed shards with each parent before its children; a parent that is not listed (trimmed) is no constraint. */
    static List<Shard> parentsFirst(List<Shard> shards) {
        Map<String, Shard> byId = new LinkedHashMap<>();
        shards.forEach(shard -> byId.put(shard.shardId(), shard));
        List<Shard> ordered = new ArrayList<>();
        Set<String> placed = new HashSet<>();
        for (Shard shard : shards) {
            place(shard, byId, placed, ordered, new HashSet<>());
        }
        return ordered;
    }

    private static void place(Shard shard, Map<String, Shard> byId, Set<String> placed, List<Shard> ordered,
                              Set<String> visiting) {
        if (placed.contains(shard.shardId()) || !visiting.add(shard.shardId())) {
            return;
        }
        Shard parent = shard.parentShardId() == null ? null : byId.get(shard.parentShardId());
        if (parent != null) {
            place(parent, byId, placed, ordered, visiting);
        }
        placed.add(shard.shardId());
        ordered.add(shard);
    }
}
