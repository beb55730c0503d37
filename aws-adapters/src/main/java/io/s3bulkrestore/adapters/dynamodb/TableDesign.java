package io.s3bulkrestore.adapters.dynamodb;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.StreamSpecification;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveSpecification;

import java.util.List;

/**
 * The two tables' keys and indexes (DESIGN §3), in one place. template.yaml declares the same; a
 * contract test compares them. Tests and the sandbox create tables from here. What the items hold is laid out by one
 * codec per item type: {@link JobItem}, {@link IdempotencyItem}, {@link TallyItem}, {@link ChunkSummaryItem},
 * {@link MonitorCursorItem} in the JobsTable, {@link ObjectItems} in the ObjectsTable.
 */
public final class TableDesign {

    /** Partition key of both tables; sort key of the JobsTable. */
    public static final String PK = "pk";
    public static final String SK = "sk";

    /** JobsTable: sparse partition key of the ActiveJobs index, present while a job is not terminal. */
    public static final String ACTIVE_JOBS_INDEX = "ActiveJobs";
    public static final String ACTIVE_PK = "activePk";
    /** JobsTable: every job item, newest first, for listing. */
    public static final String JOBS_BY_CREATION_INDEX = "JobsByCreation";
    public static final String LIST_PK = "listPk";
    /** JobsTable: jobs of one status, newest first, for filtered listing. */
    public static final String JOBS_BY_STATUS_INDEX = "JobsByStatus";
    public static final String STATUS = "status";
    /** Sort key of the job indexes: creation instant then job id, so ties order stably. */
    public static final String CREATED_KEY = "createdKey";

    /** Both tables: epoch seconds after which DynamoDB may delete the item. */
    public static final String TTL = "expiresAt";

    // --- Sort keys of a job's items besides the job item (JobItem); their attributes are in their codecs. ---

    /** Partition key prefix of every JobsTable item of a job. */
    public static final String JOB_PREFIX = "JOB#";
    /**
     * JobsTable sort key prefix of a job's counters from one stream shard, {@code TALLY#<shard id>}
     * ({@link TallyItem}); a job's counts are the sum over them.
     */
    public static final String TALLY_PREFIX = "TALLY#";
    /** Counter shards written by version 1 of the tracking core; read by nothing since, kept for the benchmark's naive design. */
    public static final String COUNT_PREFIX = "COUNT#";
    /** JobsTable sort key prefix of a job's chunk summaries, {@code CHUNK#<n>} ({@link ChunkSummaryItem}). */
    public static final String CHUNK_PREFIX = "CHUNK#";

    private TableDesign() {
    }

    public static CreateTableRequest jobsTable(String tableName) {
        return CreateTableRequest.builder()
                .tableName(tableName)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .keySchema(key(PK, KeyType.HASH), key(SK, KeyType.RANGE))
                .attributeDefinitions(string(PK), string(SK), string(ACTIVE_PK), string(LIST_PK), string(STATUS),
                        string(CREATED_KEY))
                .globalSecondaryIndexes(
                        index(ACTIVE_JOBS_INDEX, ACTIVE_PK, CREATED_KEY),
                        index(JOBS_BY_CREATION_INDEX, LIST_PK, CREATED_KEY),
                        index(JOBS_BY_STATUS_INDEX, STATUS, CREATED_KEY))
                .build();
    }

    /**
     * One item per object version, keyed by its canonical id alone, with no index; its stream (old and new images)
     * feeds the tally function.
     */
    public static CreateTableRequest objectsTable(String tableName) {
        return CreateTableRequest.builder()
                .tableName(tableName)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .keySchema(key(PK, KeyType.HASH))
                .attributeDefinitions(string(PK))
                .streamSpecification(StreamSpecification.builder().streamEnabled(true)
                        .streamViewType(StreamViewType.NEW_AND_OLD_IMAGES).build())
                .build();
    }

    /** Creates both tables (and their TTL setting) if they do not exist yet. */
    public static void createIfMissing(DynamoDbClient dynamoDb, String jobsTable, String objectsTable) {
        for (CreateTableRequest request : List.of(jobsTable(jobsTable), objectsTable(objectsTable))) {
            try {
                dynamoDb.createTable(request);
                dynamoDb.waiter().waitUntilTableExists(b -> b.tableName(request.tableName()));
                dynamoDb.updateTimeToLive(b -> b.tableName(request.tableName())
                        .timeToLiveSpecification(TimeToLiveSpecification.builder().enabled(true).attributeName(TTL).build()));
            } catch (ResourceInUseException alreadyThere) {
                // created by an earlier run
            }
        }
    }

    private static KeySchemaElement key(String name, KeyType type) {
        return KeySchemaElement.builder().attributeName(name).keyType(type).build();
    }

    private static AttributeDefinition string(String name) {
        return AttributeDefinition.builder().attributeName(name).attributeType(ScalarAttributeType.S).build();
    }

    private static GlobalSecondaryIndex index(String name, String partitionKey, String sortKey) {
        return GlobalSecondaryIndex.builder()
                .indexName(name)
                .keySchema(key(partitionKey, KeyType.HASH), key(sortKey, KeyType.RANGE))
                .projection(Projection.builder().projectionType(ProjectionType.ALL).build())
                .build();
    }
}
