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
 * contract test compares them. Tests and the sandbox create tables from here.
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

    // --- Restore tracking items (DESIGN §3). Instants are epoch millis (N). ---

    /** ObjectsTable: the latest completed restore of the object (see {@link ObjectItems}). */
    public static final String RESTORED_AT = "restoredAt";
    public static final String RESTORE_EXPIRES_AT = "restoreExpiresAt";
    public static final String SOURCE_CLASS = "sourceClass";
    /** Partition key prefix of every JobsTable item of a job. */
    public static final String JOB_PREFIX = "JOB#";
    /**
     * JobsTable sort key prefix of a job's counters from one stream shard, {@code TALLY#<shard id>}, written by the
     * tally function (ADD only, each guarded by {@link #LAST_SEQUENCE}); a job's counts are the sum over them. A
     * counter may be negative: an object's change from failed to restored lands on whichever shard has it.
     */
    public static final String TALLY_PREFIX = "TALLY#";
    /** Tally item: the last stream sequence number added, zero-padded to {@link #SEQUENCE_DIGITS} so it sorts. */
    public static final String LAST_SEQUENCE = "lastSequence";
    /** DynamoDB Streams sequence numbers are at most 40 digits (StreamRecord SequenceNumber, API reference). */
    public static final int SEQUENCE_DIGITS = 40;
    /** Tally counters. */
    public static final String REGISTERED = "registered";
    public static final String RESTORED = "restored";
    public static final String FAILED = "failed";
    public static final String SKIPPED = "skipped";
    /** Tally counters of a job that copies its objects (restored objects copied; copies failed or too late). */
    public static final String COPIED = "copied";
    public static final String COPY_FAILED = "copyFailed";
    /** Counter shards written by version 1 of the tracking core; read by nothing since, kept for the benchmark's naive design. */
    public static final String COUNT_PREFIX = "COUNT#";
    /** JobsTable sort key prefix of a job's chunk summaries, {@code CHUNK#<n>}. */
    public static final String CHUNK_PREFIX = "CHUNK#";
    /** Chunk summary numbers; a job's total objects is the sum of {@link #OBJECTS} over its chunks. */
    public static final String OBJECTS = "objects";
    public static final String LINES = "lines";
    public static final String INVALID_LINES = "invalidLines";
    /** Chunk summary: the first invalid lines, a list of maps {@code {line: N, reason: S}} (line within the chunk). */
    public static final String INVALID_SAMPLES = "invalidSamples";
    public static final String SAMPLE_LINE = "line";
    public static final String SAMPLE_REASON = "reason";

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
