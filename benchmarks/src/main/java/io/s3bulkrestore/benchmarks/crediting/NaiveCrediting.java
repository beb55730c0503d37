package io.s3bulkrestore.benchmarks.crediting;

import io.s3bulkrestore.adapters.dynamodb.ObjectItems;
import io.s3bulkrestore.adapters.dynamodb.TableDesign;
import io.s3bulkrestore.adapters.dynamodb.TallyItem;
import io.s3bulkrestore.benchmarks.RequestMeter;
import io.s3bulkrestore.benchmarks.Workers;
import io.s3bulkrestore.model.JobId;
import io.s3bulkrestore.model.ObjectId;
import io.s3bulkrestore.tracking.RestoreEvent;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveSpecification;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The obvious design the product replaces: each object item lists its jobs; each event sets the object's
 * restored time with one UpdateItem and ADDs 1 to the counter item of each of its jobs (one counter per job,
 * no shards, no transaction). It writes a hot counter once per event and counts every duplicate delivery. When a
 * job ends it sets a TTL on each of its objects' items, so that they expire (counted apart, as the expiry).
 */
final class NaiveCrediting {

    private static final String OBJECT_SK = "OBJECT";
    private static final String COUNTER_SK = TableDesign.COUNT_PREFIX + "0";
    private static final String JOBS = "jobs";
    /** The TTL the job's end sets: far enough ahead that DynamoDB Local's TTL deletes nothing during the run. */
    private static final Instant EXPIRED_AFTER_JOB = Instant.now().plus(Duration.ofDays(30));

    private NaiveCrediting() {
    }

    /**
     * The naive design's table, created and registered, ready for its events: the run in three steps, so that the
     * benchmark can time its events in rounds that alternate with ours (see {@link CreditingBenchmark}). The meter
     * holds the registration's counts when this returns.
     */
    static Prepared prepare(DynamoDbClient dynamoDb, RequestMeter meter, CreditingWorkload workload, int workers) {
        String table = "naive-crediting-" + UUID.randomUUID().toString().substring(0, 8);
        dynamoDb.createTable(b -> b.tableName(table).billingMode(BillingMode.PAY_PER_REQUEST)
                .keySchema(KeySchemaElement.builder().attributeName(TableDesign.PK).keyType(KeyType.HASH).build(),
                        KeySchemaElement.builder().attributeName(TableDesign.SK).keyType(KeyType.RANGE).build())
                .attributeDefinitions(
                        AttributeDefinition.builder().attributeName(TableDesign.PK).attributeType(ScalarAttributeType.S).build(),
                        AttributeDefinition.builder().attributeName(TableDesign.SK).attributeType(ScalarAttributeType.S).build()));
        dynamoDb.waiter().waitUntilTableExists(b -> b.tableName(table));
        dynamoDb.updateTimeToLive(b -> b.tableName(table).timeToLiveSpecification(
                TimeToLiveSpecification.builder().enabled(true).attributeName(TableDesign.TTL).build()));

        meter.reset();
        List<Runnable> registrations = new ArrayList<>();
        for (var job : workload.members().entrySet()) {
            for (ObjectId object : job.getValue()) {
                registrations.add(() -> dynamoDb.updateItem(b -> b.tableName(table).key(key(object.canonical(), OBJECT_SK))
                        .updateExpression("ADD #jobs :job")
                        .expressionAttributeNames(Map.of("#jobs", JOBS))
                        .expressionAttributeValues(Map.of(":job", AttributeValue.fromSs(List.of(job.getKey().value()))))));
            }
        }
        Workers.run(workers, registrations);
        RequestMeter.Snapshot registered = meter.snapshot();
        return new Prepared(dynamoDb, meter, workload, workers, table, registered);
    }

    /**
     * The naive design's table after registration.
     *
     * @param registered what registering the workload's objects counted
     */
    record Prepared(DynamoDbClient dynamoDb, RequestMeter meter, CreditingWorkload workload, int workers, String table,
                    RequestMeter.Snapshot registered) {

        /** Delivers these events (a run of the workload's), one task per event on the workers, and waits. */
        void deliver(List<RestoreEvent> events) {
            List<Runnable> deliveries = new ArrayList<>();
            for (RestoreEvent event : events) {
                deliveries.add(() -> apply(dynamoDb, table, event));
            }
            Workers.run(workers, deliveries);
        }

        /**
         * Ends the jobs (the expiry) and reads the final counts, once every event was delivered.
         *
         * @param applied         what delivering the events counted
         * @param eventsPerSecond their median rate, over {@code segments} timed segments
         */
        CreditingRun finish(RequestMeter.Snapshot applied, double eventsPerSecond, int segments) {
            return NaiveCrediting.finish(this, applied, eventsPerSecond, segments);
        }
    }

    private static CreditingRun finish(Prepared prepared, RequestMeter.Snapshot applied, double eventsPerSecond,
                                       int segments) {
        DynamoDbClient dynamoDb = prepared.dynamoDb();
        RequestMeter meter = prepared.meter();
        CreditingWorkload workload = prepared.workload();
        int workers = prepared.workers();
        String table = prepared.table();
        RequestMeter.Snapshot registered = prepared.registered();
        meter.reset();
        List<Runnable> expiries = new ArrayList<>();
        for (var job : workload.members().entrySet()) {
            long expiresAt = EXPIRED_AFTER_JOB.getEpochSecond();
            for (ObjectId object : job.getValue()) {
                expiries.add(() -> expire(dynamoDb, table, object, expiresAt));
            }
        }
        Workers.run(workers, expiries);
        RequestMeter.Snapshot expired = meter.snapshot();

        long error = 0;
        for (JobId job : workload.members().keySet()) {
            var counter = dynamoDb.getItem(b -> b.tableName(table).consistentRead(true)
                    .key(key(TableDesign.JOB_PREFIX + job.value(), COUNTER_SK))).item();
            long restored = counter.containsKey(TallyItem.RESTORED) ? Long.parseLong(counter.get(TallyItem.RESTORED).n()) : 0;
            error += Math.abs(restored - workload.expectedRestored(job));
        }
        return new CreditingRun(workload, registered, applied, expired, eventsPerSecond, segments, error, 0);
    }

    /** One event: set the object's restored time, then count it in each of its jobs. */
    private static void apply(DynamoDbClient dynamoDb, String table, RestoreEvent event) {
        var updated = dynamoDb.updateItem(b -> b.tableName(table).key(key(event.object().canonical(), OBJECT_SK))
                .updateExpression("SET #restoredAt = :t")
                .expressionAttributeNames(Map.of("#restoredAt", ObjectItems.RESTORED_AT))
                .expressionAttributeValues(Map.of(":t", AttributeValue.fromN(Long.toString(event.eventTime().toEpochMilli()))))
                .returnValues(ReturnValue.ALL_NEW));
        AttributeValue jobs = updated.attributes().get(JOBS);
        for (String job : jobs == null ? List.<String>of() : jobs.ss()) {
            dynamoDb.updateItem(b -> b.tableName(table).key(key(TableDesign.JOB_PREFIX + job, COUNTER_SK))
                    .updateExpression("ADD #restored :one")
                    .expressionAttributeNames(Map.of("#restored", TallyItem.RESTORED))
                    .expressionAttributeValues(Map.of(":one", AttributeValue.fromN("1"))));
        }
    }

    /**
     * When a job ends, the item of each of its objects gets a TTL (the job's end plus the retention): one UpdateItem
     * per object of the job. The items carry none before, since the design learns a job's end only when it comes;
     * an object of two jobs is written at each one's end, the later extending the first.
     */
    private static void expire(DynamoDbClient dynamoDb, String table, ObjectId object, long expiresAt) {
        dynamoDb.updateItem(b -> b.tableName(table).key(key(object.canonical(), OBJECT_SK))
                .updateExpression("SET #ttl = :ttl")
                .expressionAttributeNames(Map.of("#ttl", TableDesign.TTL))
                .expressionAttributeValues(Map.of(":ttl", AttributeValue.fromN(Long.toString(expiresAt)))));
    }

    private static Map<String, AttributeValue> key(String pk, String sk) {
        return Map.of(TableDesign.PK, AttributeValue.fromS(pk), TableDesign.SK, AttributeValue.fromS(sk));
    }
}
