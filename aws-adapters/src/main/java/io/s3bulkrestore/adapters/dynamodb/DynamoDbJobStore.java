package io.s3bulkrestore.adapters.dynamodb;

import io.s3bulkrestore.ingest.IngestProgress;
import io.s3bulkrestore.model.Job;
import io.s3bulkrestore.model.ManifestLocation;
import io.s3bulkrestore.model.Quote;
import io.s3bulkrestore.model.JobCounts;
import io.s3bulkrestore.model.JobId;
import io.s3bulkrestore.model.JobStatus;
import io.s3bulkrestore.monitor.ActiveJob;
import io.s3bulkrestore.monitor.MonitorState;
import io.s3bulkrestore.monitor.Notice;
import io.s3bulkrestore.monitor.PendingNotification;
import io.s3bulkrestore.monitor.ReportProgress;
import io.s3bulkrestore.monitor.ReportTally;
import io.s3bulkrestore.ports.BatchJobState;
import io.s3bulkrestore.monitor.MonitoredJobStore;
import io.s3bulkrestore.tracking.ChunkSummary;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.IdempotentParameterMismatchException;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The {@link JobStore} on the JobsTable (DESIGN §3; keys and indexes in {@link TableDesign}, item layout in
 * {@link JobItem}).
 *
 * <ul>
 *   <li>{@link #create} is one TransactWriteItems: the job and, when it has one, its Idempotency-Key
 *       item, both conditional on not existing yet.</li>
 *   <li>{@link #find} is one strongly consistent Query of the job's partition, which holds the job item, its
 *       {@code CHUNK#<n>} summaries and its {@code TALLY#<stream shard>} counters (and, for a job of tracking
 *       version 1, its old {@code COUNT#<n>} shards, which are not read); counts are the sum of the counters,
 *       total objects and invalid lines come from the summaries
 *       ({@link IngestProgress}). The summaries are small (at most ten sample lines each), so a job of
 *       thousands of chunks still reads in a few pages.</li>
 *   <li>{@link #list} queries the JobsByCreation or JobsByStatus index newest first. Global secondary
 *       indexes are eventually consistent: a job created or changed a moment ago may be missing from a
 *       page or listed under its previous status. The shards are not in the indexes, so each listed job's
 *       counts cost one consistent Query of its shards.</li>
 *   <li>The {@code record...} updates are conditional on the job's current status, return the new item,
 *       and on a failed condition return the item as it was, so the outcome needs no second read of the
 *       job. The job they return has its counts read consistently from the shards.</li>
 * </ul>
 * SDK failures other than the conditions become {@code UPSTREAM_FAILED} with the AWS request id.
 */
public final class DynamoDbJobStore implements MonitoredJobStore {

    private static final Logger LOG = LoggerFactory.getLogger(DynamoDbJobStore.class);

    /** Concurrent transactions on the same Idempotency-Key can be cancelled with TransactionConflict. */
    private static final int CREATE_ATTEMPTS = 5;
    private static final long CONFLICT_BACKOFF_MILLIS = 20;
    /** Far above what the API allows; guards the one-extra-item lookahead of {@link #list}. */
    static final int MAX_PAGE_SIZE = 1000;
    private static final String CONDITIONAL_CHECK_FAILED = "ConditionalCheckFailed";
    private static final String TRANSACTION_CONFLICT = "TransactionConflict";
    /** STATUS is a DynamoDB reserved word. */
    private static final String STATUS_NAME = "#status";
    private static final String NOT_YET_WRITTEN = "attribute_not_exists(" + TableDesign.PK + ")";

    private final DynamoDbClient dynamoDb;
    private final String tableName;

    public DynamoDbJobStore(DynamoDbClient dynamoDb, String tableName) {
        this.dynamoDb = Objects.requireNonNull(dynamoDb, "dynamoDb");
        this.tableName = Objects.requireNonNull(tableName, "tableName");
    }

    @Override
    public CreateOutcome create(Job job) {
        for (int attempt = 1; ; attempt++) {
            try {
                dynamoDb.transactWriteItems(createRequest(job, attempt));
                LOG.debug("job {} recorded", job.id());
                return new CreateOutcome.Created(job);
            } catch (TransactionCanceledException e) {
                List<CancellationReason> reasons = e.hasCancellationReasons() ? e.cancellationReasons() : List.of();
                if (reasons.size() > 1 && CONDITIONAL_CHECK_FAILED.equals(reasons.get(1).code())) {
                    return new CreateOutcome.KeyAlreadyUsed(holderOf(job.idempotencyKey(), reasons.get(1)));
                }
                if (!reasons.isEmpty() && CONDITIONAL_CHECK_FAILED.equals(reasons.get(0).code())) {
                    throw new IllegalStateException("job id " + job.id() + " is already recorded");
                }
                boolean conflict = reasons.stream().anyMatch(r -> TRANSACTION_CONFLICT.equals(r.code()));
                if (!conflict || attempt == CREATE_ATTEMPTS) {
                    throw DynamoDbFailures.upstream("TransactWriteItems", e);
                }
                LOG.info("recording job {} conflicted with another transaction (attempt {}); retrying", job.id(),
                        attempt);
                backOff(attempt);
            } catch (IdempotentParameterMismatchException e) {
                // The token of this id and attempt was used within 10 minutes for a different job.
                throw new IllegalStateException("job id " + job.id() + " was recorded before with other values", e);
            } catch (SdkException e) {
                throw DynamoDbFailures.upstream("TransactWriteItems", e);
            }
        }
    }

    /**
     * The transaction that records a job. Each attempt has its own ClientRequestToken, derived from the
     * table and the job id, so that the SDK's own retry of an attempt that did commit is not mistaken for a
     * second job. (DynamoDB remembers tokens for 10 minutes across the account's tables.)
     */
    TransactWriteItemsRequest createRequest(Job job, int attempt) {
        List<TransactWriteItem> writes = new ArrayList<>(2);
        writes.add(TransactWriteItem.builder().put(Put.builder()
                .tableName(tableName)
                .item(JobItem.toItem(job))
                .conditionExpression(NOT_YET_WRITTEN)
                .build()).build());
        if (job.idempotencyKey() != null) {
            writes.add(TransactWriteItem.builder().put(Put.builder()
                    .tableName(tableName)
                    .item(IdempotencyItem.toItem(job))
                    .conditionExpression(NOT_YET_WRITTEN)
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                    .build()).build());
        }
        String token = UUID.nameUUIDFromBytes((tableName + "/" + job.id().value() + "#" + attempt)
                .getBytes(StandardCharsets.UTF_8)).toString();
        return TransactWriteItemsRequest.builder().transactItems(writes).clientRequestToken(token).build();
    }

    /** The job that holds an Idempotency-Key, from the key item returned by the cancelled transaction. */
    private Job holderOf(String idempotencyKey, CancellationReason reason) {
        Optional<JobId> holder = IdempotencyItem.jobIdOf(reason.hasItem() ? reason.item() : null);
        if (holder.isEmpty()) {
            // Not every DynamoDB returns the old item in a cancellation reason: read it.
            holder = IdempotencyItem.jobIdOf(readIdempotencyItem(idempotencyKey));
        }
        JobId jobId = holder.orElseThrow(() -> new IllegalStateException(
                "Idempotency-Key item " + idempotencyKey + " has no job id"));
        return find(jobId).orElseThrow(() -> new IllegalStateException("Idempotency-Key " + idempotencyKey
                + " is held by job " + jobId + ", which is not recorded; they are written in one transaction"));
    }

    private Map<String, AttributeValue> readIdempotencyItem(String idempotencyKey) {
        try {
            return dynamoDb.getItem(b -> b.tableName(tableName).key(IdempotencyItem.key(idempotencyKey))
                    .consistentRead(true)).item();
        } catch (SdkException e) {
            throw DynamoDbFailures.upstream("GetItem", e);
        }
    }

    @Override
    public Optional<Job> find(JobId id) {
        return load(id).map(Loaded::job);
    }

    /** A job and its item as read, for the monitor's state kept on the item. */
    private record Loaded(Job job, Map<String, AttributeValue> item) {
    }

    private Optional<Loaded> load(JobId id) {
        Map<String, AttributeValue> jobItem = null;
        TallyItem.Sums counts = new TallyItem.Sums();
        List<ChunkSummary> chunks = new ArrayList<>();
        QueryRequest request = QueryRequest.builder()
                .tableName(tableName)
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
    private JobCounts countsOf(JobId id) {
        QueryRequest request = QueryRequest.builder()
                .tableName(tableName)
                .keyConditionExpression("#pk = :pk AND begins_with(#sk, :shard)")
                .expressionAttributeNames(Map.of("#pk", TableDesign.PK, "#sk", TableDesign.SK))
                .expressionAttributeValues(Map.of(
                        ":pk", JobItem.s(JobItem.pk(id)),
                        ":shard", JobItem.s(TableDesign.TALLY_PREFIX)))
                .consistentRead(true)
                .build();
        TallyItem.Sums counts = new TallyItem.Sums();
        for (Map<String, AttributeValue> shard : queryAll(request)) {
            counts.add(shard);
        }
        return counts.counts();
    }

    private List<Map<String, AttributeValue>> queryAll(QueryRequest first) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        QueryRequest request = first;
        try {
            while (true) {
                QueryResponse page = dynamoDb.query(request);
                items.addAll(page.items());
                if (!page.hasLastEvaluatedKey() || page.lastEvaluatedKey().isEmpty()) {
                    return items;
                }
                request = request.toBuilder().exclusiveStartKey(page.lastEvaluatedKey()).build();
            }
        } catch (SdkException e) {
            throw DynamoDbFailures.upstream("Query", e);
        }
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
                .tableName(tableName)
                .indexName(index)
                .keyConditionExpression("#partition = :scope")
                .expressionAttributeNames(Map.of("#partition", partition))
                .expressionAttributeValues(Map.of(":scope", JobItem.s(scope)))
                .scanIndexForward(false)
                .limit(limit + 1);
        startKey.ifPresent(request::exclusiveStartKey);
        QueryResponse response;
        try {
            response = dynamoDb.query(request.build());
        } catch (SdkException e) {
            throw DynamoDbFailures.upstream("Query", e);
        }

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
                .map(item -> JobItem.withFinalCounts(JobItem.toJob(item, countsOf(new JobId(item.get(JobItem.JOB_ID).s()))),
                        item))
                .toList();
        return new JobPage(jobs, next);
    }

    @Override
    public Job recordSubmitted(JobId id, String batchJobId, int chunkCount) {
        Objects.requireNonNull(batchJobId, "batchJobId");
        if (chunkCount < 0) {
            throw new IllegalArgumentException("chunk count cannot be negative: " + chunkCount);
        }
        UpdateOutcome outcome = update(id,
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
        UpdateOutcome outcome = update(id, "SET " + JobItem.BATCH_JOB_ID + " = :ids",
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
        return update(id,
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
        return update(id, "SET " + SourceJobAttributes.CONFIRM_REQUESTED + " = :true",
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
        UpdateOutcome outcome = update(id,
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
        return update(id,
                "SET " + STATUS_NAME + " = :failed, " + JobItem.FAILURE_REASON + " = :reason REMOVE "
                        + TableDesign.ACTIVE_PK,
                notTerminalCondition(), values).job();
    }

    @Override
    public Job recordCancelRequested(JobId id) {
        Map<String, AttributeValue> values = new HashMap<>(notTerminalValues());
        values.put(":true", AttributeValue.fromBool(true));
        // A job that finished in the meantime is returned as it is: there is nothing left to cancel.
        return update(id, "SET " + JobItem.CANCEL_REQUESTED + " = :true", notTerminalCondition(), values).job();
    }

    // ---- MonitoredJobStore ----

    /**
     * {@inheritDoc}
     *
     * <p>One Query of the ActiveJobs index (its ids), then one consistent Query of each listed job's
     * partition (counts, chunk summaries and the monitor's state, which the index may show stale).
     */
    @Override
    public List<ActiveJob> activeJobs(Optional<Job> after, int limit) {
        QueryRequest.Builder request = QueryRequest.builder()
                .tableName(tableName)
                .indexName(TableDesign.ACTIVE_JOBS_INDEX)
                .keyConditionExpression("#active = :active")
                .expressionAttributeNames(Map.of("#active", TableDesign.ACTIVE_PK))
                .expressionAttributeValues(Map.of(":active", JobItem.s(JobItem.ACTIVE_PK_VALUE)))
                .projectionExpression(JobItem.JOB_ID)
                .scanIndexForward(true)
                .limit(limit);
        after.ifPresent(last -> request.exclusiveStartKey(JobItem.indexPosition(TableDesign.ACTIVE_PK,
                JobItem.ACTIVE_PK_VALUE, last.id(), JobItem.createdKey(last.createdAt(), last.id()))));
        QueryResponse response;
        try {
            response = dynamoDb.query(request.build());
        } catch (SdkException e) {
            throw DynamoDbFailures.upstream("Query", e);
        }
        List<ActiveJob> active = new ArrayList<>();
        for (Map<String, AttributeValue> item : response.items()) {
            // a terminal job still in the index has items left to expire
            load(new JobId(item.get(JobItem.JOB_ID).s()))
                    .ifPresent(loaded -> active.add(new ActiveJob(loaded.job(), MonitorStateAttributes.monitorStateOf(loaded.item()),
                            JobItem.isRecorded(loaded.item()))));
        }
        return active;
    }

    @Override
    public void recordBatchState(JobId id, BatchJobState state, Instant seenAt) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":batchStatus", JobItem.s(state.status()));
        values.put(":reasons", AttributeValue.fromL(state.failureReasons().stream().map(JobItem::s).toList()));
        String update = "SET " + JobItem.BATCH_STATUS + " = :batchStatus, " + MonitorStateAttributes.BATCH_FAILURE_REASONS + " = :reasons";
        if (state.isTerminal()) {
            values.put(":seenAt", JobItem.s(JobItem.instant(seenAt)));
            update += ", " + MonitorStateAttributes.BATCH_FINISHED_AT + " = if_not_exists(" + MonitorStateAttributes.BATCH_FINISHED_AT + ", :seenAt)";
        }
        plainUpdate(id, update, "attribute_exists(" + TableDesign.PK + ")", values);
    }

    @Override
    public void recordCompletionReportHandled(JobId id, long handled) {
        // Never moves back: a tick that read less (a stale state) leaves the position where a later one put it.
        plainUpdate(id, "SET " + MonitorStateAttributes.COMPLETION_REPORT_HANDLED + " = :handled",
                "attribute_not_exists(" + MonitorStateAttributes.COMPLETION_REPORT_HANDLED + ") OR "
                        + MonitorStateAttributes.COMPLETION_REPORT_HANDLED + " < :handled",
                Map.of(":handled", JobItem.n(handled)));
    }

    @Override
    public boolean recordFollowUpBatchJob(JobId id, String following, String group, long reportPosition) {
        // One write: the group, where its report is read on from, and no batch status or finish time (it runs again).
        // Only while the job has the batch job it follows alone, so a second tick (or a replay) changes nothing.
        Map<String, AttributeValue> updated = plainUpdate(id,
                "SET " + JobItem.BATCH_JOB_ID + " = :group, " + MonitorStateAttributes.COMPLETION_REPORT_HANDLED + " = :position"
                        + " REMOVE " + JobItem.BATCH_STATUS + ", " + MonitorStateAttributes.BATCH_FINISHED_AT + ", "
                        + MonitorStateAttributes.BATCH_FAILURE_REASONS,
                JobItem.BATCH_JOB_ID + " = :following",
                Map.of(":group", JobItem.s(group), ":following", JobItem.s(following),
                        ":position", JobItem.n(reportPosition)));
        return updated != null;
    }

    @Override
    public void recordReportRead(JobId id) {
        plainUpdate(id, "SET " + MonitorStateAttributes.REPORT_READ + " = :true", "attribute_exists(" + TableDesign.PK + ")",
                Map.of(":true", AttributeValue.fromBool(true)));
    }

    @Override
    public void recordReconcilePass(JobId id, Optional<String> nextToken, boolean finallyReconciled) {
        Map<String, AttributeValue> values = new HashMap<>();
        StringBuilder set = new StringBuilder();
        nextToken.ifPresent(token -> {
            values.put(":token", JobItem.s(token));
            set.append(MonitorStateAttributes.RECONCILE_TOKEN).append(" = :token");
        });
        if (finallyReconciled) {
            values.put(":true", AttributeValue.fromBool(true));
            set.append(set.isEmpty() ? "" : ", ").append(MonitorStateAttributes.RECONCILED_AFTER_DEADLINE).append(" = :true");
        }
        String update = (set.isEmpty() ? "" : "SET " + set + " ")
                + (nextToken.isEmpty() ? "REMOVE " + MonitorStateAttributes.RECONCILE_TOKEN : "");
        plainUpdate(id, update.trim(), "attribute_exists(" + TableDesign.PK + ")", values);
    }

    @Override
    public Notice.Finish decideTerminal(JobId id, Notice.Finish finish) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":status", JobItem.s(finish.status().name()));
        String update = "SET " + MonitorStateAttributes.DECIDED_TERMINAL + " = :status";
        if (finish.reason().isPresent()) {
            values.put(":reason", JobItem.s(finish.reason().get()));
            update += ", " + MonitorStateAttributes.DECIDED_REASON + " = :reason";
        }
        Map<String, AttributeValue> earlier = plainUpdate(id, update,
                "attribute_not_exists(" + MonitorStateAttributes.DECIDED_TERMINAL + ")", values);
        if (earlier != null) {
            return finish;
        }
        return MonitorStateAttributes.monitorStateOf(load(id).orElseThrow(() -> new IllegalStateException("no job " + id)).item())
                .decidedTerminal().orElseThrow();
    }

    @Override
    public Optional<Notice.Finish> decideWaitingEnding(JobId id, Notice.Finish finish) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":status", JobItem.s(finish.status().name()));
        values.put(":awaiting", JobItem.s(JobStatus.AWAITING_CONFIRMATION.name()));
        String update = "SET " + MonitorStateAttributes.DECIDED_TERMINAL + " = :status";
        if (finish.reason().isPresent()) {
            values.put(":reason", JobItem.s(finish.reason().get()));
            update += ", " + MonitorStateAttributes.DECIDED_REASON + " = :reason";
        }
        Map<String, AttributeValue> decided = plainUpdate(id, update, "attribute_not_exists("
                + MonitorStateAttributes.DECIDED_TERMINAL + ") AND " + STATUS_NAME + " = :awaiting AND attribute_not_exists("
                + SourceJobAttributes.CONFIRM_REQUESTED + ")", values);
        if (decided != null) {
            return Optional.of(finish);
        }
        return MonitorStateAttributes.monitorStateOf(load(id).orElseThrow(() -> new IllegalStateException("no job " + id)).item())
                .decidedTerminal();
    }

    @Override
    public boolean stageNotification(JobId id, PendingNotification notification) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":id", JobItem.s(notification.notificationId()));
        values.put(":status", JobItem.s(notification.status().name()));
        values.put(":step", JobItem.n(notification.step()));
        String notStale = notification.isTerminal()
                ? "attribute_not_exists(" + MonitorStateAttributes.NOTIFIED_TERMINAL + ")"
                : "(attribute_not_exists(" + MonitorStateAttributes.LAST_NOTIFIED_STEP + ") OR " + MonitorStateAttributes.LAST_NOTIFIED_STEP + " < :step)";
        return plainUpdate(id, "SET " + MonitorStateAttributes.OUTBOX_ID + " = :id, " + MonitorStateAttributes.OUTBOX_STATUS + " = :status, "
                        + MonitorStateAttributes.OUTBOX_STEP + " = :step",
                "attribute_not_exists(" + MonitorStateAttributes.OUTBOX_ID + ") AND " + notStale, values) != null;
    }

    @Override
    public boolean recordNotificationSent(JobId id, PendingNotification notification) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":id", JobItem.s(notification.notificationId()));
        String set = notification.isTerminal()
                ? MonitorStateAttributes.NOTIFIED_TERMINAL + " = :status"
                : MonitorStateAttributes.LAST_NOTIFIED_STEP + " = :step";
        values.put(notification.isTerminal() ? ":status" : ":step", notification.isTerminal()
                ? JobItem.s(notification.status().name()) : JobItem.n(notification.step()));
        return plainUpdate(id, "SET " + set + " REMOVE " + MonitorStateAttributes.OUTBOX_ID + ", " + MonitorStateAttributes.OUTBOX_STATUS + ", "
                + MonitorStateAttributes.OUTBOX_STEP, MonitorStateAttributes.OUTBOX_ID + " = :id", values) != null;
    }

    @Override
    public boolean recordReportProgress(JobId id, ReportProgress from, ReportProgress to) {
        Map<String, AttributeValue> values = new HashMap<>();
        String condition = "attribute_not_exists(" + MonitorStateAttributes.REPORT_WRITTEN_URI + ") AND "
                + (from.uploadId().isEmpty()
                ? "attribute_not_exists(" + MonitorStateAttributes.REPORT_UPLOAD_ID + ")"
                : MonitorStateAttributes.REPORT_UPLOAD_ID + " = :fromUpload AND " + MonitorStateAttributes.REPORT_NEXT_PART + " = :fromPart");
        from.uploadId().ifPresent(upload -> {
            values.put(":fromUpload", JobItem.s(upload));
            values.put(":fromPart", JobItem.n(from.nextPart()));
        });
        List<String> set = new ArrayList<>();
        List<String> remove = new ArrayList<>();
        to.uploadId().ifPresentOrElse(upload -> {
            values.put(":upload", JobItem.s(upload));
            set.add(MonitorStateAttributes.REPORT_UPLOAD_ID + " = :upload");
        }, () -> remove.add(MonitorStateAttributes.REPORT_UPLOAD_ID));
        values.put(":part", JobItem.n(to.nextPart()));
        set.add(MonitorStateAttributes.REPORT_NEXT_PART + " = :part");
        to.cursor().ifPresentOrElse(cursor -> {
            values.put(":cursor", JobItem.s(cursor));
            set.add(MonitorStateAttributes.REPORT_CURSOR + " = :cursor");
        }, () -> remove.add(MonitorStateAttributes.REPORT_CURSOR));
        to.uri().ifPresent(uri -> {
            values.put(":uri", JobItem.s(uri));
            set.add(MonitorStateAttributes.REPORT_WRITTEN_URI + " = :uri");
        });
        values.put(":rRestored", JobItem.n(to.tally().restored()));
        values.put(":rFailed", JobItem.n(to.tally().failed()));
        values.put(":rSkipped", JobItem.n(to.tally().skipped()));
        values.put(":rMissing", JobItem.n(to.tally().missing()));
        set.add(MonitorStateAttributes.REPORT_RESTORED + " = :rRestored");
        set.add(MonitorStateAttributes.REPORT_FAILED + " = :rFailed");
        set.add(MonitorStateAttributes.REPORT_SKIPPED + " = :rSkipped");
        set.add(MonitorStateAttributes.REPORT_MISSING + " = :rMissing");
        if (to.tally().copied() > 0 || to.tally().copyFailed() > 0) {
            values.put(":rCopied", JobItem.n(to.tally().copied()));
            values.put(":rCopyFailed", JobItem.n(to.tally().copyFailed()));
            set.add(MonitorStateAttributes.REPORT_COPIED + " = :rCopied");
            set.add(MonitorStateAttributes.REPORT_COPY_FAILED + " = :rCopyFailed");
        }
        String update = "SET " + String.join(", ", set) + (remove.isEmpty() ? "" : " REMOVE " + String.join(", ", remove));
        return plainUpdate(id, update, condition, values) != null;
    }

    /**
     * {@inheritDoc}
     *
     * <p>Sets the TTL on the job item; the job keeps its place in the ActiveJobs index until
     * {@link #leaveActive}.
     */
    @Override
    public void finish(JobId id, JobStatus status, Optional<String> reason, Optional<String> reportUri,
                       ReportTally counts, Instant expiresAt) {
        Map<String, AttributeValue> values = new HashMap<>(notTerminalValues());
        values.put(":terminal", JobItem.s(status.name()));
        values.put(":expires", JobItem.n(expiresAt.getEpochSecond()));
        values.put(":fRestored", JobItem.n(counts.restored()));
        values.put(":fFailed", JobItem.n(counts.failed()));
        values.put(":fSkipped", JobItem.n(counts.skipped()));
        values.put(":fTotal", JobItem.n(counts.total()));
        String update = "SET " + STATUS_NAME + " = :terminal, " + TableDesign.TTL + " = :expires, "
                + JobItem.FINAL_RESTORED + " = :fRestored, " + JobItem.FINAL_FAILED + " = :fFailed, "
                + JobItem.FINAL_SKIPPED + " = :fSkipped, " + JobItem.FINAL_TOTAL + " = :fTotal";
        if (counts.copied() > 0 || counts.copyFailed() > 0) {
            values.put(":fCopied", JobItem.n(counts.copied()));
            values.put(":fCopyFailed", JobItem.n(counts.copyFailed()));
            update += ", " + JobItem.FINAL_COPIED + " = :fCopied, " + JobItem.FINAL_COPY_FAILED + " = :fCopyFailed";
        }
        if (reportUri.isPresent()) {
            values.put(":report", JobItem.s(reportUri.get()));
            update += ", " + JobItem.REPORT_URI + " = :report";
        }
        if (reason.isPresent()) {
            values.put(":reason", JobItem.s(reason.get()));
            update += ", " + JobItem.FAILURE_REASON + " = :reason";
        }
        update(id, update, notTerminalCondition(), values);
    }

    @Override
    public Optional<JobId> monitorCursor() {
        try {
            return MonitorCursorItem.jobIdOf(dynamoDb.getItem(b -> b.tableName(tableName).key(MonitorCursorItem.KEY)
                    .consistentRead(true)).item());
        } catch (SdkException e) {
            throw DynamoDbFailures.upstream("GetItem (monitor cursor)", e);
        }
    }

    @Override
    public void recordMonitorCursor(Optional<JobId> lastLookedAt) {
        try {
            dynamoDb.putItem(b -> b.tableName(tableName).item(MonitorCursorItem.toItem(lastLookedAt)));
        } catch (SdkException e) {
            throw DynamoDbFailures.upstream("PutItem (monitor cursor)", e);
        }
    }

    @Override
    public void requestFailure(JobId id, String reason) {
        Objects.requireNonNull(reason, "reason");
        Map<String, AttributeValue> values = new HashMap<>(notTerminalValues());
        values.put(":reason", JobItem.s(reason));
        // The first reason stays; a finished job is left as it is (a failed condition is that, not an error).
        update(id, "SET " + MonitorStateAttributes.FAILURE_REQUESTED + " = :reason",
                notTerminalCondition() + " AND attribute_not_exists(" + MonitorStateAttributes.FAILURE_REQUESTED + ")", values);
    }

    @Override
    public List<Long> chunksWithoutSummary(JobId id) {
        Optional<Job> job = find(id);
        if (job.isEmpty() || job.get().chunkCount() == null) {
            return List.of();
        }
        QueryRequest request = QueryRequest.builder()
                .tableName(tableName)
                .keyConditionExpression("#pk = :pk AND begins_with(#sk, :chunk)")
                .expressionAttributeNames(Map.of("#pk", TableDesign.PK, "#sk", TableDesign.SK))
                .expressionAttributeValues(Map.of(":pk", JobItem.s(JobItem.pk(id)),
                        ":chunk", JobItem.s(TableDesign.CHUNK_PREFIX)))
                .projectionExpression("#sk")
                .consistentRead(true)
                .build();
        java.util.Set<Long> summarized = new java.util.HashSet<>();
        for (Map<String, AttributeValue> item : queryAll(request)) {
            summarized.add(ChunkSummaryItem.chunkOf(item));
        }
        List<Long> missing = new ArrayList<>();
        for (long chunk = 0; chunk < job.get().chunkCount(); chunk++) {
            if (!summarized.contains(chunk)) {
                missing.add(chunk);
            }
        }
        return missing;
    }

    @Override
    public void leaveActive(JobId id) {
        plainUpdate(id, "REMOVE " + TableDesign.ACTIVE_PK, "attribute_exists(" + TableDesign.PK + ")", Map.of());
    }

    /** One Query of the job's chunk summaries (keys only), then one DeleteItem each. */
    @Override
    public void forgetChunkSummaries(JobId id) {
        QueryRequest request = QueryRequest.builder()
                .tableName(tableName)
                .keyConditionExpression("#pk = :pk AND begins_with(#sk, :chunk)")
                .expressionAttributeNames(Map.of("#pk", TableDesign.PK, "#sk", TableDesign.SK))
                .expressionAttributeValues(Map.of(":pk", JobItem.s(JobItem.pk(id)),
                        ":chunk", JobItem.s(TableDesign.CHUNK_PREFIX)))
                .projectionExpression("#pk, #sk")
                .consistentRead(true)
                .build();
        for (Map<String, AttributeValue> key : queryAll(request)) {
            try {
                dynamoDb.deleteItem(b -> b.tableName(tableName).key(key));
            } catch (SdkException e) {
                throw DynamoDbFailures.upstream("DeleteItem (chunk summary)", e);
            }
        }
    }

    @Override
    public void recordRecorded(JobId id) {
        plainUpdate(id, "SET " + JobItem.TRACKING + " = :version", "attribute_exists(" + TableDesign.PK + ")",
                Map.of(":version", JobItem.n(JobItem.TRACKING_VERSION)));
    }

    /**
     * One conditional UpdateItem that returns nothing to map into a job: the new item, or null when the
     * condition failed.
     */
    private Map<String, AttributeValue> plainUpdate(JobId id, String updateExpression, String condition,
                                                    Map<String, AttributeValue> values) {
        UpdateItemRequest.Builder request = UpdateItemRequest.builder()
                .tableName(tableName)
                .key(JobItem.key(id))
                .updateExpression(updateExpression)
                .conditionExpression("attribute_exists(" + TableDesign.PK + ") AND (" + condition + ")")
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
    private record UpdateOutcome(Job job, boolean changed) {
    }

    /**
     * One conditional UpdateItem of an existing job item. A job that does not exist is a caller's bug
     * (IllegalStateException); a failed {@code condition} is an outcome for the caller to interpret.
     */
    private UpdateOutcome update(JobId id, String updateExpression, String condition,
                                 Map<String, AttributeValue> values) {
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

    UpdateItemRequest updateRequest(JobId id, String updateExpression, String condition,
                                    Map<String, AttributeValue> values) {
        return UpdateItemRequest.builder()
                .tableName(tableName)
                .key(JobItem.key(id))
                .updateExpression(updateExpression)
                .conditionExpression("attribute_exists(" + TableDesign.PK + ") AND " + condition)
                .expressionAttributeNames(Map.of(STATUS_NAME, TableDesign.STATUS))
                .expressionAttributeValues(values)
                .returnValues(ReturnValue.ALL_NEW)
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                .build();
    }

    private static List<JobStatus> notTerminal() {
        return Arrays.stream(JobStatus.values()).filter(s -> !s.isTerminal()).toList();
    }

    /** {@code #status IN (:active0, :active1, ...)}: every status that is not terminal. */
    private static String notTerminalCondition() {
        List<JobStatus> statuses = notTerminal();
        return STATUS_NAME + " IN (" + IntStream.range(0, statuses.size())
                .mapToObj(i -> ":active" + i).collect(Collectors.joining(", ")) + ")";
    }

    private static Map<String, AttributeValue> notTerminalValues() {
        List<JobStatus> statuses = notTerminal();
        Map<String, AttributeValue> values = new HashMap<>();
        for (int i = 0; i < statuses.size(); i++) {
            values.put(":active" + i, JobItem.s(statuses.get(i).name()));
        }
        return values;
    }

    private static void backOff(int attempt) {
        long ceiling = CONFLICT_BACKOFF_MILLIS << (attempt - 1);
        try {
            Thread.sleep(ceiling / 2 + ThreadLocalRandom.current().nextLong(ceiling / 2 + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while retrying a conflicting transaction", e);
        }
    }
}
