package io.s3bulkrestore.adapters.dynamodb;

import io.s3bulkrestore.ingest.IngestProgress;
import io.s3bulkrestore.model.Job;
import io.s3bulkrestore.model.JobCounts;
import io.s3bulkrestore.model.JobId;
import io.s3bulkrestore.model.JobStatus;
import io.s3bulkrestore.tracking.ChunkSummary;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The JobsTable as both job stores reach it ({@link DynamoDbJobStore}, {@link DynamoDbMonitoredJobStore}): the client
 * and the table's name, the consistent read of a job's partition, and the two shapes of conditional UpdateItem on a
 * job item. SDK failures other than a failed condition become {@code UPSTREAM_FAILED} with the AWS request id.
 */
final class JobsTable {

    /** STATUS is a DynamoDB reserved word. */
    static final String STATUS_NAME = "#status";

    private final DynamoDbClient dynamoDb;
    private final String name;

    JobsTable(DynamoDbClient dynamoDb, String name) {
        this.dynamoDb = Objects.requireNonNull(dynamoDb, "dynamoDb");
        this.name = Objects.requireNonNull(name, "tableName");
    }

    String name() {
        return name;
    }

    /** The client, for a call whose SDK exceptions the caller tells apart itself (see {@link #call}). */
    DynamoDbClient client() {
        return dynamoDb;
    }

    /** One call to DynamoDB; an SDK failure becomes {@code UPSTREAM_FAILED} naming {@code what}. */
    <T> T call(String what, Function<DynamoDbClient, T> request) {
        try {
            return request.apply(dynamoDb);
        } catch (SdkException e) {
            throw DynamoDbFailures.upstream(what, e);
        }
    }

    /** A job and its item as read, for the monitor's state kept on the item. */
    record Loaded(Job job, Map<String, AttributeValue> item) {
    }

    /**
     * One strongly consistent Query of the job's partition: the job item, its {@code CHUNK#<n>} summaries and its
     * {@code TALLY#<stream shard>} counters (and, for a job of tracking version 1, its old {@code COUNT#<n>} shards,
     * which are not read). Counts are the sum of the counters; total objects and invalid lines come from the
     * summaries ({@link IngestProgress}).
     */
    Optional<Loaded> load(JobId id) {
        Map<String, AttributeValue> jobItem = null;
        TallyItem.Sums counts = new TallyItem.Sums();
        List<ChunkSummary> chunks = new ArrayList<>();
        QueryRequest request = QueryRequest.builder()
                .tableName(name)
                .keyConditionExpression("#pk = :pk")
                .expressionAttributeNames(Map.of("#pk", TableDesign.PK))
                .expressionAttributeValues(Map.of(":pk", JobItem.s(JobItem.pk(id))))
                .consistentRead(true)
                .build();
        for (Map<String, AttributeValue> item : queryAll(request)) {
            String sk = item.get(TableDesign.SK).s();
            if (JobItem.JOB_SK.equals(sk)) {
                jobItem = item;
            } else if (sk.startsWith(TableDesign.TALLY_PREFIX)) {
                counts.add(item);
            } else if (sk.startsWith(TableDesign.CHUNK_PREFIX)) {
                chunks.add(ChunkSummaryItem.of(item));
            }
            // other items in the job's partition (counter shards of tracking version 1) are not part of the job record
        }
        if (jobItem == null) {
            return Optional.empty();
        }
        Job job = JobItem.toJob(jobItem, counts.counts());
        if (job.chunkCount() == null) {
            return Optional.of(new Loaded(JobItem.withFinalCounts(job, jobItem), jobItem)); // nothing planned to sum
        }
        IngestProgress progress = IngestProgress.of(job.chunkCount(), chunks);
        return Optional.of(new Loaded(JobItem.withFinalCounts(job.withIngestion(progress.totalObjects(),
                progress.invalidLines(), progress.invalidLineSamples()), jobItem), jobItem));
    }

    /** Sum of the job's counters from every stream shard, read consistently. */
    JobCounts countsOf(JobId id) {
        TallyItem.Sums counts = new TallyItem.Sums();
        for (Map<String, AttributeValue> tally : itemsOf(id, TableDesign.TALLY_PREFIX, Optional.empty())) {
            counts.add(tally);
        }
        return counts.counts();
    }

    /** The keys of the job's chunk summaries, read consistently. */
    List<Map<String, AttributeValue>> chunkSummaryKeys(JobId id) {
        return itemsOf(id, TableDesign.CHUNK_PREFIX, Optional.of("#pk, #sk"));
    }

    private List<Map<String, AttributeValue>> itemsOf(JobId id, String skPrefix, Optional<String> projection) {
        QueryRequest.Builder request = QueryRequest.builder()
                .tableName(name)
                .keyConditionExpression("#pk = :pk AND begins_with(#sk, :prefix)")
                .expressionAttributeNames(Map.of("#pk", TableDesign.PK, "#sk", TableDesign.SK))
                .expressionAttributeValues(Map.of(":pk", JobItem.s(JobItem.pk(id)), ":prefix", JobItem.s(skPrefix)))
                .consistentRead(true);
        projection.ifPresent(request::projectionExpression);
        return queryAll(request.build());
    }

    private List<Map<String, AttributeValue>> queryAll(QueryRequest first) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        QueryRequest request = first;
        while (true) {
            QueryRequest page = request;
            QueryResponse response = call("Query", db -> db.query(page));
            items.addAll(response.items());
            if (!response.hasLastEvaluatedKey() || response.lastEvaluatedKey().isEmpty()) {
                return items;
            }
            request = request.toBuilder().exclusiveStartKey(response.lastEvaluatedKey()).build();
        }
    }

    /**
     * One conditional UpdateItem of an existing job item that returns nothing to map into a job: the new
     * attributes, or null when the condition (or the job's existence) failed.
     */
    Map<String, AttributeValue> plainUpdate(JobId id, String updateExpression, String condition,
                                            Map<String, AttributeValue> values) {
        UpdateItemRequest.Builder request = UpdateItemRequest.builder()
                .tableName(name)
                .key(JobItem.key(id))
                .updateExpression(updateExpression)
                .conditionExpression(exists() + " AND (" + condition + ")")
                .returnValues(ReturnValue.UPDATED_NEW);
        if (!values.isEmpty()) {
            request.expressionAttributeValues(values);
        }
        if (condition.contains(STATUS_NAME) || updateExpression.contains(STATUS_NAME)) {
            request.expressionAttributeNames(Map.of(STATUS_NAME, TableDesign.STATUS));
        }
        try {
            Map<String, AttributeValue> updated = dynamoDb.updateItem(request.build()).attributes();
            return updated == null ? Map.of() : updated;
        } catch (ConditionalCheckFailedException e) {
            return null;
        } catch (SdkException e) {
            throw DynamoDbFailures.upstream("UpdateItem", e);
        }
    }

    /** @param changed false when the condition failed and {@code job} is the job as it was */
    record UpdateOutcome(Job job, boolean changed) {
    }

    /**
     * One conditional UpdateItem of an existing job item that returns the new item, or on a failed condition the
     * item as it was, so the outcome needs no second read of the job; its counts are read consistently from the
     * tally items. A job that does not exist is a caller's bug (IllegalStateException); a failed {@code condition}
     * is an outcome for the caller to interpret.
     */
    UpdateOutcome update(JobId id, String updateExpression, String condition, Map<String, AttributeValue> values) {
        UpdateItemRequest request = updateRequest(id, updateExpression, condition, values);
        Map<String, AttributeValue> item;
        boolean changed;
        try {
            item = dynamoDb.updateItem(request).attributes();
            changed = true;
        } catch (ConditionalCheckFailedException e) {
            item = e.hasItem() ? e.item() : Map.of();
            changed = false;
        } catch (SdkException e) {
            throw DynamoDbFailures.upstream("UpdateItem", e);
        }
        if (item.isEmpty()) {
            throw new IllegalStateException("no job " + id);
        }
        return new UpdateOutcome(JobItem.withFinalCounts(JobItem.toJob(item, countsOf(id)), item), changed);
    }

    private UpdateItemRequest updateRequest(JobId id, String updateExpression, String condition,
                                            Map<String, AttributeValue> values) {
        return UpdateItemRequest.builder()
                .tableName(name)
                .key(JobItem.key(id))
                .updateExpression(updateExpression)
                .conditionExpression(exists() + " AND " + condition)
                .expressionAttributeNames(Map.of(STATUS_NAME, TableDesign.STATUS))
                .expressionAttributeValues(values)
                .returnValues(ReturnValue.ALL_NEW)
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                .build();
    }

    /** The condition that the item exists. */
    static String exists() {
        return "attribute_exists(" + TableDesign.PK + ")";
    }

    /** The condition that the item does not exist yet. */
    static String notYetWritten() {
        return "attribute_not_exists(" + TableDesign.PK + ")";
    }

    /** {@code #status IN (:active0, :active1, ...)}: every status that is not terminal ({@link #notTerminalValues}). */
    static String notTerminalCondition() {
        List<JobStatus> statuses = notTerminal();
        return STATUS_NAME + " IN (" + IntStream.range(0, statuses.size())
                .mapToObj(i -> ":active" + i).collect(Collectors.joining(", ")) + ")";
    }

    static Map<String, AttributeValue> notTerminalValues() {
        List<JobStatus> statuses = notTerminal();
        Map<String, AttributeValue> values = new HashMap<>();
        for (int i = 0; i < statuses.size(); i++) {
            values.put(":active" + i, JobItem.s(statuses.get(i).name()));
        }
        return values;
    }

    private static List<JobStatus> notTerminal() {
        return Arrays.stream(JobStatus.values()).filter(s -> !s.isTerminal()).toList();
    }
}
