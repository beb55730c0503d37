package io.s3bulkrestore.adapters.dynamodb;

import io.s3bulkrestore.adapters.dynamodb.JobsTable.UpdateOutcome;
import io.s3bulkrestore.model.Job;
import io.s3bulkrestore.model.JobId;
import io.s3bulkrestore.model.JobStatus;
import io.s3bulkrestore.model.ManifestLocation;
import io.s3bulkrestore.model.Quote;
import io.s3bulkrestore.ports.JobStore;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import static io.s3bulkrestore.adapters.dynamodb.JobsTable.STATUS_NAME;
import static io.s3bulkrestore.adapters.dynamodb.JobsTable.notTerminalCondition;
import static io.s3bulkrestore.adapters.dynamodb.JobsTable.notTerminalValues;

/**
 * The {@link JobStore} on the JobsTable (DESIGN §3; keys and indexes in {@link TableDesign}, item layout in
 * {@link JobItem}), as the API and the ingest and copy workers use it.
 *
 * <ul>
 *   <li>{@link #create} is one TransactWriteItems ({@link JobCreation}).</li>
 *   <li>{@link #find} is one strongly consistent Query of the job's partition, which holds the job item, its
 *       {@code CHUNK#<n>} summaries and its {@code TALLY#<stream shard>} counters ({@link JobsTable#load}). The
 *       summaries are small (at most ten sample lines each), so a job of thousands of chunks still reads in a few
 *       pages.</li>
 *   <li>{@link #list} queries the JobsByCreation or JobsByStatus index newest first. Global secondary
 *       indexes are eventually consistent: a job created or changed a moment ago may be missing from a
 *       page or listed under its previous status. The counters are not in the indexes, so each listed job's
 *       counts cost one consistent Query of its counters.</li>
 *   <li>The {@code record...} updates are conditional on the job's current status, return the new item,
 *       and on a failed condition return the item as it was, so the outcome needs no second read of the
 *       job. The job they return has its counts read consistently from the counters.</li>
 * </ul>
 * SDK failures other than the conditions become {@code UPSTREAM_FAILED} with the AWS request id.
 *
 * <p>Not final: {@link DynamoDbMonitoredJobStore} is this store plus the monitor's writes, as its port extends this
 * one.
 */
public class DynamoDbJobStore implements JobStore {

    /** Far above what the API allows; guards the one-extra-item lookahead of {@link #list}. */
    static final int MAX_PAGE_SIZE = 1000;

    final JobsTable table;
    private final JobCreation creation;

    public DynamoDbJobStore(DynamoDbClient dynamoDb, String tableName) {
        this.table = new JobsTable(dynamoDb, tableName);
        this.creation = new JobCreation(table, this::find);
    }

    @Override
    public CreateOutcome create(Job job) {
        return creation.create(job);
    }

    @Override
    public Optional<Job> find(JobId id) {
        return table.load(id).map(JobsTable.Loaded::job);
    }

    /**
     * {@inheritDoc}
     *
     * <p>Reads from a global secondary index, so eventually consistent (see the class comment). Asks for one
     * job more than {@code limit} to know whether another page exists, so a last full page has no token
     * that would lead to an empty page.
     *
     * @throws io.s3bulkrestore.model.ServiceException VALIDATION_FAILED on {@code page_token} when the token
     *         is not one this store returned for the same status filter
     */
    @Override
    public JobPage list(Optional<JobStatus> status, Optional<String> pageToken, int limit) {
        if (limit < 1 || limit > MAX_PAGE_SIZE) {
            throw new IllegalArgumentException("limit must be from 1 to " + MAX_PAGE_SIZE + ": " + limit);
        }
        String scope = status.map(Enum::name).orElse(JobItem.LIST_PK_VALUE);
        String partition = status.isPresent() ? TableDesign.STATUS : TableDesign.LIST_PK;
        String index = status.isPresent() ? TableDesign.JOBS_BY_STATUS_INDEX : TableDesign.JOBS_BY_CREATION_INDEX;
        Optional<Map<String, AttributeValue>> startKey = pageToken.map(t -> JobPageToken.decode(t, scope, partition));

        QueryRequest.Builder request = QueryRequest.builder()
                .tableName(table.name())
                .indexName(index)
                .keyConditionExpression("#partition = :scope")
                .expressionAttributeNames(Map.of("#partition", partition))
                .expressionAttributeValues(Map.of(":scope", JobItem.s(scope)))
                .scanIndexForward(false)
                .limit(limit + 1);
        startKey.ifPresent(request::exclusiveStartKey);
        QueryResponse response = table.call("Query", db -> db.query(request.build()));

        List<Map<String, AttributeValue>> items = response.items();
        List<Map<String, AttributeValue>> page = items.subList(0, Math.min(limit, items.size()));
        // More items than asked for, or DynamoDB stopped early (1 MB per response): there is a next page.
        boolean more = items.size() > limit || (response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty());
        Optional<String> next = more && !page.isEmpty()
                ? Optional.of(JobPageToken.encode(scope, page.getLast().get(TableDesign.CREATED_KEY).s()))
                : Optional.empty();
        // Counts live in the counter items, which the indexes do not hold: one small consistent Query
        // per listed job (at most the page size) keeps listed progress equal to GET /jobs/{id}.
        List<Job> jobs = page.stream()
                .map(item -> JobItem.withFinalCounts(JobItem.toJob(item,
                        table.countsOf(new JobId(item.get(JobItem.JOB_ID).s()))), item))
                .toList();
        return new JobPage(jobs, next);
    }

    @Override
    public Job recordSubmitted(JobId id, String batchJobId, int chunkCount) {
        Objects.requireNonNull(batchJobId, "batchJobId");
        if (chunkCount < 0) {
            throw new IllegalArgumentException("chunk count cannot be negative: " + chunkCount);
        }
        UpdateOutcome outcome = table.update(id,
                "SET " + STATUS_NAME + " = :restoring, " + JobItem.BATCH_JOB_ID + " = :batchJobId, "
                        + JobItem.CHUNK_COUNT + " = :chunkCount",
                STATUS_NAME + " = :submitting",
                Map.of(":restoring", JobItem.s(JobStatus.RESTORING.name()),
                        ":submitting", JobItem.s(JobStatus.SUBMITTING.name()),
                        ":batchJobId", JobItem.s(batchJobId),
                        ":chunkCount", JobItem.n(chunkCount)));
        Job job = outcome.job();
        if (!outcome.changed() && !batchJobId.equals(job.batchJobId())) {
            throw new IllegalStateException("job " + id + " is " + job.status() + " with batch job "
                    + job.batchJobId() + "; cannot record batch job " + batchJobId);
        }
        // Unchanged with the same batch job id: a replay of a call that already succeeded.
        return job;
    }

    @Override
    public Job recordSourceJobs(JobId id, String batchJobIds) {
        Objects.requireNonNull(batchJobIds, "batchJobIds");
        UpdateOutcome outcome = table.update(id, "SET " + JobItem.BATCH_JOB_ID + " = :ids",
                STATUS_NAME + " = :awaiting AND (attribute_not_exists(" + JobItem.BATCH_JOB_ID + ") OR "
                        + JobItem.BATCH_JOB_ID + " = :ids)",
                Map.of(":awaiting", JobItem.s(JobStatus.AWAITING_CONFIRMATION.name()),
                        ":ids", JobItem.s(batchJobIds)));
        Job job = outcome.job();
        if (!outcome.changed() && job.status() == JobStatus.AWAITING_CONFIRMATION
                && !batchJobIds.equals(job.batchJobId())) {
            throw new IllegalStateException("job " + id + " counts its objects with batch jobs " + job.batchJobId()
                    + "; cannot record " + batchJobIds);
        }
        return job;
    }

    @Override
    public Job recordQuote(JobId id, Quote quote, ManifestLocation listed) {
        Objects.requireNonNull(quote, "quote");
        return table.update(id,
                "SET " + SourceJobAttributes.QUOTE + " = :quote, " + JobItem.MANIFEST_BUCKET + " = :bucket, "
                        + JobItem.MANIFEST_KEY + " = :key, " + JobItem.MANIFEST_ETAG + " = :etag, "
                        + JobItem.MANIFEST_SIZE + " = :size",
                STATUS_NAME + " = :awaiting AND attribute_not_exists(" + SourceJobAttributes.QUOTE + ")",
                Map.of(":awaiting", JobItem.s(JobStatus.AWAITING_CONFIRMATION.name()),
                        ":quote", SourceJobAttributes.quote(quote),
                        ":bucket", JobItem.s(listed.bucket()),
                        ":key", JobItem.s(listed.key()),
                        ":etag", JobItem.s(listed.etag()),
                        ":size", JobItem.n(listed.sizeBytes()))).job();
    }

    @Override
    public Job recordConfirmRequested(JobId id) {
        return table.update(id, "SET " + SourceJobAttributes.CONFIRM_REQUESTED + " = :true",
                STATUS_NAME + " = :awaiting AND attribute_not_exists(" + MonitorStateAttributes.DECIDED_TERMINAL + ")",
                Map.of(":awaiting", JobItem.s(JobStatus.AWAITING_CONFIRMATION.name()),
                        ":true", AttributeValue.fromBool(true))).job();
    }

    @Override
    public Job recordStarted(JobId id, String batchJobIds, int chunkCount, Instant deadline) {
        Objects.requireNonNull(batchJobIds, "batchJobIds");
        if (chunkCount < 0) {
            throw new IllegalArgumentException("chunk count cannot be negative: " + chunkCount);
        }
        UpdateOutcome outcome = table.update(id,
                "SET " + STATUS_NAME + " = :restoring, " + JobItem.BATCH_JOB_ID + " = :ids, "
                        + JobItem.CHUNK_COUNT + " = :chunkCount, " + JobItem.DEADLINE + " = :deadline",
                STATUS_NAME + " = :awaiting",
                Map.of(":restoring", JobItem.s(JobStatus.RESTORING.name()),
                        ":awaiting", JobItem.s(JobStatus.AWAITING_CONFIRMATION.name()),
                        ":ids", JobItem.s(batchJobIds),
                        ":chunkCount", JobItem.n(chunkCount),
                        ":deadline", JobItem.s(JobItem.instant(deadline))));
        Job job = outcome.job();
        if (!outcome.changed() && !batchJobIds.equals(job.batchJobId())) {
            throw new IllegalStateException("job " + id + " is " + job.status() + " with batch jobs "
                    + job.batchJobId() + "; cannot record it started with " + batchJobIds);
        }
        return job;
    }

    @Override
    public Job recordFailed(JobId id, String reason) {
        Objects.requireNonNull(reason, "reason");
        Map<String, AttributeValue> values = new HashMap<>(notTerminalValues());
        values.put(":failed", JobItem.s(JobStatus.FAILED.name()));
        values.put(":reason", JobItem.s(reason));
        // Terminal: leave the ActiveJobs index in the same write.
        return table.update(id,
                "SET " + STATUS_NAME + " = :failed, " + JobItem.FAILURE_REASON + " = :reason REMOVE "
                        + TableDesign.ACTIVE_PK,
                notTerminalCondition(), values).job();
    }

    @Override
    public Job recordCancelRequested(JobId id) {
        Map<String, AttributeValue> values = new HashMap<>(notTerminalValues());
        values.put(":true", AttributeValue.fromBool(true));
        // A job that finished in the meantime is returned as it is: there is nothing left to cancel.
        return table.update(id, "SET " + JobItem.CANCEL_REQUESTED + " = :true", notTerminalCondition(), values).job();
    }

    @Override
    public void requestFailure(JobId id, String reason) {
        Objects.requireNonNull(reason, "reason");
        Map<String, AttributeValue> values = new HashMap<>(notTerminalValues());
        values.put(":reason", JobItem.s(reason));
        // The first reason stays; a finished job is left as it is (a failed condition is that, not an error).
        table.update(id, "SET " + MonitorStateAttributes.FAILURE_REQUESTED + " = :reason",
                notTerminalCondition() + " AND attribute_not_exists(" + MonitorStateAttributes.FAILURE_REQUESTED + ")",
                values);
    }

    @Override
    public List<Long> chunksWithoutSummary(JobId id) {
        Optional<Job> job = find(id);
        if (job.isEmpty() || job.get().chunkCount() == null) {
            return List.of();
        }
        Set<Long> summarized = table.chunkSummaryKeys(id).stream().map(ChunkSummaryItem::chunkOf)
                .collect(Collectors.toSet());
        List<Long> missing = new ArrayList<>();
        for (long chunk = 0; chunk < job.get().chunkCount(); chunk++) {
            if (!summarized.contains(chunk)) {
                missing.add(chunk);
            }
        }
        return missing;
    }
}
