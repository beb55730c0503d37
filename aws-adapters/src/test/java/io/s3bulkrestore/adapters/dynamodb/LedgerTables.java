package io.s3bulkrestore.adapters.dynamodb;

import io.s3bulkrestore.model.JobCounts;
import io.s3bulkrestore.model.JobId;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.List;
import java.util.Map;

/** Reads the ledger's items straight from the tables, as the job store and an operator would. */
final class LedgerTables {

    private final DynamoDbClient dynamoDb;
    private final String objectsTable;
    private final String jobsTable;

    LedgerTables(DynamoDbClient dynamoDb, String objectsTable, String jobsTable) {
        this.dynamoDb = dynamoDb;
        this.objectsTable = objectsTable;
        this.jobsTable = jobsTable;
    }

    /** Sum of the job's tally shards (as the job store sums them, without its floor at zero). */
    JobCounts counts(JobId job) {
        long restored = 0;
        long failed = 0;
        long skipped = 0;
        for (Map<String, AttributeValue> item : jobItems(job, TableDesign.TALLY_PREFIX)) {
            restored += number(item, TallyItem.RESTORED);
            failed += number(item, TallyItem.FAILED);
            skipped += number(item, TallyItem.SKIPPED);
        }
        return new JobCounts(restored, failed, skipped);
    }

    /** Sum of the job's tally shards' registered counters. */
    long registered(JobId job) {
        return jobItems(job, TableDesign.TALLY_PREFIX).stream().mapToLong(item -> number(item, TallyItem.REGISTERED)).sum();
    }

    /** Sum of the job's chunk summaries' objects. */
    long totalObjects(JobId job) {
        return jobItems(job, TableDesign.CHUNK_PREFIX).stream().mapToLong(item -> number(item, ChunkSummaryItem.OBJECTS)).sum();
    }

    List<Map<String, AttributeValue>> jobItems(JobId job, String skPrefix) {
        return dynamoDb.queryPaginator(b -> b.tableName(jobsTable).consistentRead(true)
                        .keyConditionExpression("pk = :pk AND begins_with(sk, :p)")
                        .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(JobItem.pk(job)),
                                ":p", AttributeValue.fromS(skPrefix))))
                .items().stream().toList();
    }

    /** Every item of the ObjectsTable. */
    List<Map<String, AttributeValue>> objectItems() {
        return dynamoDb.scanPaginator(b -> b.tableName(objectsTable).consistentRead(true)).items().stream().toList();
    }

    /** One object's item as stored, or an empty map. */
    Map<String, AttributeValue> objectItem(io.s3bulkrestore.model.ObjectId object) {
        return dynamoDb.getItem(b -> b.tableName(objectsTable).consistentRead(true)
                .key(Map.of(TableDesign.PK, AttributeValue.fromS(object.canonical())))).item();
    }

    private static long number(Map<String, AttributeValue> item, String attribute) {
        AttributeValue value = item.get(attribute);
        return value == null ? 0 : Long.parseLong(value.n());
    }
}
