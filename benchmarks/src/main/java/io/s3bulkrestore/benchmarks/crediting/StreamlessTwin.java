package io.s3bulkrestore.benchmarks.crediting;

import io.s3bulkrestore.adapters.dynamodb.DynamoDbRestoreLedger;
import io.s3bulkrestore.adapters.dynamodb.TableDesign;
import io.s3bulkrestore.benchmarks.EmbeddedDynamoDb;
import io.s3bulkrestore.benchmarks.RequestMeter;
import io.s3bulkrestore.benchmarks.SegmentTimer;
import io.s3bulkrestore.benchmarks.Workers;
import io.s3bulkrestore.tracking.RecordRestoreEvents;
import io.s3bulkrestore.tracking.RestoreEvent;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.StreamSpecification;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveSpecification;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A streamless twin of an ObjectsTable, where our restore events are timed (see {@link OurCrediting} for why): a
 * table laid out as {@link TableDesign#objectsTable} lays out the ObjectsTable, TTL on, but without its stream,
 * holding a copy of every item registration left, and the workload's events in batches for
 * {@link RecordRestoreEvents} over a {@link DynamoDbRestoreLedger} on it. Its requests go to a meter of their own:
 * they are timed, not counted (the counts come from the ObjectsTable), and they may run between the naive design's,
 * whose meter must hold the naive design's requests alone. That meter still asks every request for its consumed
 * capacity, as the naive design's does, so both pay the engine the same for it.
 */
final class StreamlessTwin {

    /** Most items of one BatchWriteItem. */
    private static final int MAX_BATCH_WRITE = 25;

    private final DynamoDbRestoreLedger ledger;
    private final List<List<RestoreEvent>> batches;
    private final int workers;

    private StreamlessTwin(DynamoDbRestoreLedger ledger, List<List<RestoreEvent>> batches, int workers) {
        this.ledger = ledger;
        this.batches = batches;
        this.workers = workers;
    }

    /**
     * Creates the twin of {@code objectsTable} in the same engine and copies every item into it (Scan, then
     * BatchWriteItem), so that registration is not run twice.
     */
    static StreamlessTwin copyOf(EmbeddedDynamoDb local, String objectsTable, String jobsTable,
                                 CreditingWorkload workload, int batchSize, int workers) {
        DynamoDbClient dynamoDb = local.client(new RequestMeter());
        String twin = objectsTable + "-streamless";
        CreateTableRequest design = TableDesign.objectsTable(twin);
        dynamoDb.createTable(design.toBuilder().streamSpecification((StreamSpecification) null).build());
        dynamoDb.waiter().waitUntilTableExists(b -> b.tableName(twin));
        dynamoDb.updateTimeToLive(b -> b.tableName(twin).timeToLiveSpecification(
                TimeToLiveSpecification.builder().enabled(true).attributeName(TableDesign.TTL).build()));
        StreamSpecification stream = dynamoDb.describeTable(b -> b.tableName(twin)).table().streamSpecification();
        if (stream != null && Boolean.TRUE.equals(stream.streamEnabled())) {
            throw new IllegalStateException("the twin of " + objectsTable + " has a stream");
        }
        List<WriteRequest> pending = new ArrayList<>();
        for (Map<String, AttributeValue> item : dynamoDb.scanPaginator(b -> b.tableName(objectsTable).consistentRead(true)).items()) {
            pending.add(WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build());
            if (pending.size() == MAX_BATCH_WRITE) {
                batchWrite(dynamoDb, twin, pending);
                pending.clear();
            }
        }
        if (!pending.isEmpty()) {
            batchWrite(dynamoDb, twin, pending);
        }
        List<RestoreEvent> events = workload.events();
        List<List<RestoreEvent>> batches = new ArrayList<>();
        for (int from = 0; from < events.size(); from += batchSize) {
            batches.add(events.subList(from, Math.min(events.size(), from + batchSize)));
        }
        return new StreamlessTwin(new DynamoDbRestoreLedger(dynamoDb, twin, jobsTable), List.copyOf(batches), workers);
    }

    /** Rounds of one batch per worker, in the workload's order; the last may hold fewer. */
    int rounds() {
        return (batches.size() + workers - 1) / workers;
    }

    /** The events of a round: the next run of the workload's events. */
    List<RestoreEvent> events(int round) {
        List<RestoreEvent> events = new ArrayList<>();
        roundBatches(round).forEach(events::addAll);
        return events;
    }

    /** Whether the round gives every worker a batch, so that none idles while the others finish. */
    boolean full(int round) {
        return roundBatches(round).size() == workers;
    }

    /** Applies the round's batches, one per worker at once, and waits. */
    void apply(int round) {
        List<Runnable> tasks = new ArrayList<>();
        for (List<RestoreEvent> batch : roundBatches(round)) {
            tasks.add(() -> new RecordRestoreEvents(ledger, OurCrediting.UNVERSIONED).apply(batch));
        }
        Workers.run(workers, tasks);
    }

    /**
     * Applies every batch, {@code workers} at a time, and times them on their own: for a run whose rate is not
     * compared with the naive design's (each batch's events spread over its own time, see {@link SegmentTimer}).
     */
    SegmentTimer.Result timeAlone(int segments) {
        var timer = new SegmentTimer();
        List<Runnable> tasks = new ArrayList<>();
        for (List<RestoreEvent> batch : batches) {
            tasks.add(() -> {
                long started = System.nanoTime();
                new RecordRestoreEvents(ledger, OurCrediting.UNVERSIONED).apply(batch);
                timer.completedSince(batch.size(), started);
            });
        }
        Workers.run(workers, tasks);
        return timer.medianRate(segments);
    }

    private List<List<RestoreEvent>> roundBatches(int round) {
        return batches.subList(round * workers, Math.min(batches.size(), (round + 1) * workers));
    }

    private static void batchWrite(DynamoDbClient dynamoDb, String table, List<WriteRequest> writes) {
        Map<String, List<WriteRequest>> request = Map.of(table, List.copyOf(writes));
        while (!request.isEmpty()) {
            Map<String, List<WriteRequest>> next = request;
            var response = dynamoDb.batchWriteItem(b -> b.requestItems(next));
            request = response.hasUnprocessedItems() ? response.unprocessedItems() : Map.of();
        }
    }
}
