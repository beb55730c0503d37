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
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveSpecification;

import java.util.List;

/**
 * The two tables' keys and indexes (DESIGN §3), in one place. template.yaml declares the same; a
 * contract test compares them. Tests and the sandbox create tables from here.
 */
public final class TableDesign {

    /** Partition and sort key of both tables. */
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

    /** ObjectsTable: sparse partition key of PendingByJob, the job id while a membership is neither credited nor failed. */
    public static final String PENDING_BY_JOB_INDEX = "PendingByJob";
    public static final String PENDING_JOB = "pendingJob";

    /**
     * ObjectsTable: every membership of a job, settled or not (partition key {@link #MEMBER_JOB}, the job id,
     * written once at registration and never changed). Keys only: settling and TTL updates do not touch
     * it, so it costs one index write per membership, at registration. For the results report and for
     * expiring a finished job's memberships.
     */
    public static final String MEMBERS_BY_JOB_INDEX = "MembersByJob";
    public static final String MEMBER_JOB = "memberJob";

    /** Both tables: epoch seconds after which DynamoDB may delete the item. */
    public static final String TTL = "expiresAt";

    // --- Restore tracking items (DESIGN §3; written by DynamoDbRestoreLedger). Instants are epoch millis (N). ---

    /** ObjectsTable sort key of an object's STATE item; memberships use {@link #JOB_PREFIX} + job id. */
    public static final String STATE_SK = "STATE";
    /** Partition key prefix of every JobsTable item of a job, and sort key prefix of an object's memberships. */
    public static final String JOB_PREFIX = "JOB#";
    /** JobsTable sort key prefix of a job's counter shards, {@code COUNT#<n>}. */
    public static final String COUNT_PREFIX = "COUNT#";
    /** JobsTable sort key prefix of a job's chunk summaries, {@code CHUNK#<n>}. */
    public static final String CHUNK_PREFIX = "CHUNK#";
    /** STATE: latest instant S3 reported the restore completed / initiated / the restored copy expired. */
    public static final String RESTORED_AT = "restoredAt";
    public static final String INITIATED_AT = "initiatedAt";
    public static final String EXPIRED_AT = "expiredAt";
    /** Membership: when registered, the manifest line that created it ({@code chunk#byteOffset}), settlement. */
    public static final String REGISTERED_AT = "registeredAt";
    public static final String ORIGIN = "origin";
    /** Membership: when its job was created (a restore that completed before then does not count for it). */
    public static final String JOB_CREATED_AT = "jobCreatedAt";
    public static final String CREDITED_AT = "creditedAt";
    public static final String FAILED_AT = "failedAt";
    public static final String SKIPPED_AT = "skippedAt";
    public static final String ERROR_CODE = "errorCode";
    /**
     * Counter shard numbers (ADD only); a job's progress is the sum over its shards. A shard's {@code failed} may
     * be negative: a failed membership later credited takes one from whichever shard the credit lands on.
     */
    public static final String RESTORED = "restored";
    public static final String FAILED = "failed";
    public static final String SKIPPED = "skipped";
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

    public static CreateTableRequest objectsTable(String tableName) {
        return CreateTableRequest.builder()
                .tableName(tableName)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .keySchema(key(PK, KeyType.HASH), key(SK, KeyType.RANGE))
                .attributeDefinitions(string(PK), string(SK), string(PENDING_JOB), string(MEMBER_JOB))
                .globalSecondaryIndexes(index(PENDING_BY_JOB_INDEX, PENDING_JOB, PK),
                        index(MEMBERS_BY_JOB_INDEX, MEMBER_JOB, PK, ProjectionType.KEYS_ONLY))
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
        return index(name, partitionKey, sortKey, ProjectionType.ALL);
    }

    private static GlobalSecondaryIndex index(String name, String partitionKey, String sortKey, ProjectionType projection) {
        return GlobalSecondaryIndex.builder()
                .indexName(name)
                .keySchema(key(partitionKey, KeyType.HASH), key(sortKey, KeyType.RANGE))
                .projection(Projection.builder().projectionType(projection).build())
                .build();
    }
}
