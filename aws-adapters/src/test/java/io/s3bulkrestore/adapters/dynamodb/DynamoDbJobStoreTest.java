package io.s3bulkrestore.adapters.dynamodb;

import io.s3bulkrestore.model.ErrorCode;
import io.s3bulkrestore.model.Job;
import io.s3bulkrestore.model.JobId;
import io.s3bulkrestore.model.JobStatus;
import io.s3bulkrestore.model.ServiceException;
import io.s3bulkrestore.ports.JobStore.CreateOutcome;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.type;

/** The exact requests the adapter sends, and how it reads DynamoDB's answers, without a DynamoDB. */
class DynamoDbJobStoreTest {

    private static final String TABLE = "jobs-table";

    private final CapturingDynamoDbClient dynamoDb = new CapturingDynamoDbClient();
    private final DynamoDbJobStore store = new DynamoDbJobStore(dynamoDb, TABLE);

    @Test
    void shouldClaimTheJobAndItsIdempotencyKeyInOneConditionalTransaction() {
        // Given a job with an idempotency key
        Job job = SampleJobs.submitting("job-1", 0, "key-1");

        // When it is created
        CreateOutcome outcome = store.create(job);

        // Then one transaction puts both items, each only if it does not exist yet
        assertThat(outcome).isEqualTo(new CreateOutcome.Created(job));
        TransactWriteItemsRequest request = dynamoDb.requestsOf(TransactWriteItemsRequest.class).getFirst();
        assertThat(request.transactItems()).hasSize(2);
        Put jobPut = request.transactItems().get(0).put();
        Put keyPut = request.transactItems().get(1).put();
        assertThat(jobPut.tableName()).isEqualTo(TABLE);
        assertThat(jobPut.conditionExpression()).isEqualTo("attribute_not_exists(pk)");
        assertThat(jobPut.item()).containsEntry("pk", s("JOB#job-1")).containsEntry("sk", s("JOB"))
                .containsEntry("status", s("SUBMITTING")).containsEntry("listPk", s("JOBS"))
                .containsEntry("activePk", s("ACTIVE"))
                .containsEntry("createdKey", s(nanoIso(SampleJobs.T0) + "#job-1"));
        assertThat(keyPut.tableName()).isEqualTo(TABLE);
        assertThat(keyPut.conditionExpression()).isEqualTo("attribute_not_exists(pk)");
        assertThat(keyPut.returnValuesOnConditionCheckFailure()).isEqualTo(ReturnValuesOnConditionCheckFailure.ALL_OLD);
        assertThat(keyPut.item()).containsEntry("pk", s("IDEMPOTENCY#key-1")).containsEntry("sk", s("IDEMPOTENCY"))
                .containsEntry("jobId", s("job-1")).containsEntry("fingerprint", s(job.request().fingerprint()));
        assertThat(request.clientRequestToken()).hasSize(36);
    }

    @Test
    void shouldPutOnlyTheJobWhenThereIsNoIdempotencyKey() {
        store.create(SampleJobs.submitting("job-1", 0, null));

        TransactWriteItemsRequest request = dynamoDb.requestsOf(TransactWriteItemsRequest.class).getFirst();
        assertThat(request.transactItems()).extracting(TransactWriteItem::put)
                .extracting(Put::conditionExpression).containsExactly("attribute_not_exists(pk)");
    }

    @Test
    void shouldReturnTheKeyHolderThatTheCancelledTransactionReturned() {
        // Given the key is held by another job, returned with the cancellation
        Job holder = SampleJobs.submitting("job-holder", 0, "key-1");
        dynamoDb.onTransactWrite = request -> {
            throw keyTaken(Map.of("pk", s("IDEMPOTENCY#key-1"), "sk", s("IDEMPOTENCY"), "jobId", s("job-holder")));
        };
        dynamoDb.onQuery = request -> QueryResponse.builder().items(List.of(JobItem.toItem(holder))).build();

        // When a new job claims the same key
        CreateOutcome outcome = store.create(SampleJobs.submitting("job-2", 1, "key-1"));

        // Then the holder is read consistently from its own partition
        assertThat(outcome).isEqualTo(new CreateOutcome.KeyAlreadyUsed(holder));
        assertThat(dynamoDb.requestsOf(GetItemRequest.class)).isEmpty();
        QueryRequest read = dynamoDb.requestsOf(QueryRequest.class).getFirst();
        assertThat(read.consistentRead()).isTrue();
        assertThat(read.expressionAttributeValues()).containsEntry(":pk", s("JOB#job-holder"));
    }

    @Test
    void shouldReadTheKeyItemWhenTheCancellationDoesNotCarryIt() {
        Job holder = SampleJobs.submitting("job-holder", 0, "key-1");
        dynamoDb.onTransactWrite = request -> {
            throw keyTaken(null);
        };
        dynamoDb.onGet = request -> GetItemResponse.builder()
                .item(Map.of("pk", s("IDEMPOTENCY#key-1"), "sk", s("IDEMPOTENCY"), "jobId", s("job-holder"))).build();
        dynamoDb.onQuery = request -> QueryResponse.builder().items(List.of(JobItem.toItem(holder))).build();

        CreateOutcome outcome = store.create(SampleJobs.submitting("job-2", 1, "key-1"));

        assertThat(outcome).isEqualTo(new CreateOutcome.KeyAlreadyUsed(holder));
        GetItemRequest read = dynamoDb.requestsOf(GetItemRequest.class).getFirst();
        assertThat(read.consistentRead()).isTrue();
        assertThat(read.key()).containsEntry("pk", s("IDEMPOTENCY#key-1"));
    }

    @Test
    void shouldFailClearlyWhenTheKeyIsHeldByAJobThatIsNotRecorded() {
        dynamoDb.onTransactWrite = request -> {
            throw keyTaken(Map.of("jobId", s("job-ghost")));
        };

        assertThatThrownBy(() -> store.create(SampleJobs.submitting("job-2", 1, "key-1")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("job-ghost");
    }

    @Test
    void shouldRetryATransactionThatConflictedWithAnotherOne() {
        // Given a first attempt cancelled by a concurrent transaction
        AtomicInteger attempts = new AtomicInteger();
        dynamoDb.onTransactWrite = request -> {
            if (attempts.incrementAndGet() == 1) {
                throw TransactionCanceledException.builder().cancellationReasons(
                        reason("None"), reason("TransactionConflict")).build();
            }
            return TransactWriteItemsResponse.builder().build();
        };
        Job job = SampleJobs.submitting("job-1", 0, "key-1");

        // When the job is created
        CreateOutcome outcome = store.create(job);

        // Then the second attempt, with a token of its own, recorded it
        assertThat(outcome).isEqualTo(new CreateOutcome.Created(job));
        assertThat(dynamoDb.requestsOf(TransactWriteItemsRequest.class))
                .extracting(TransactWriteItemsRequest::clientRequestToken).doesNotHaveDuplicates().hasSize(2);
    }

    @Test
    void shouldLeaveTheActiveIndexInTheSameUpdateThatFailsAJob() {
        Job job = SampleJobs.submitting("job-1", 0, null);
        dynamoDb.onUpdate = request -> UpdateItemResponse.builder()
                .attributes(JobItem.toItem(job.failed("broken"))).build();

        Job failed = store.recordFailed(job.id(), "broken");

        assertThat(failed).isEqualTo(job.failed("broken"));
        UpdateItemRequest update = dynamoDb.requestsOf(UpdateItemRequest.class).getFirst();
        assertThat(update.key()).isEqualTo(Map.of("pk", s("JOB#job-1"), "sk", s("JOB")));
        assertThat(update.updateExpression())
                .isEqualTo("SET #status = :failed, failureReason = :reason REMOVE activePk");
        assertThat(update.conditionExpression())
                .isEqualTo("attribute_exists(pk) AND #status IN (:active0, :active1, :active2)");
        assertThat(update.expressionAttributeNames()).isEqualTo(Map.of("#status", "status"));
        assertThat(update.expressionAttributeValues()).isEqualTo(Map.of(
                ":active0", s("AWAITING_CONFIRMATION"), ":active1", s("SUBMITTING"), ":active2", s("RESTORING"),
                ":failed", s("FAILED"), ":reason", s("broken")));
        assertThat(update.returnValues()).isEqualTo(ReturnValue.ALL_NEW);
        assertThat(update.returnValuesOnConditionCheckFailure()).isEqualTo(ReturnValuesOnConditionCheckFailure.ALL_OLD);
    }

    @Test
    void shouldRecordSubmissionOnlyFromSubmitting() {
        Job job = SampleJobs.submitting("job-1", 0, null);
        dynamoDb.onUpdate = request -> UpdateItemResponse.builder()
                .attributes(JobItem.toItem(job.submitted("batch-1", 1))).build();

        store.recordSubmitted(job.id(), "batch-1", 1);

        UpdateItemRequest update = dynamoDb.requestsOf(UpdateItemRequest.class).getFirst();
        assertThat(update.updateExpression()).isEqualTo("SET #status = :restoring, batchJobId = :batchJobId, chunkCount = :chunkCount");
        assertThat(update.conditionExpression()).isEqualTo("attribute_exists(pk) AND #status = :submitting");
        assertThat(update.expressionAttributeValues()).containsEntry(":submitting", s("SUBMITTING"))
                .containsEntry(":restoring", s("RESTORING")).containsEntry(":batchJobId", s("batch-1"))
                .containsEntry(":chunkCount", AttributeValue.fromN("1"));
    }

    @Test
    void shouldFindAJobWithOneConsistentQueryOfItsRecordAndShards() {
        store.find(new JobId("job-1"));

        assertThat(dynamoDb.requests).hasSize(1);
        QueryRequest query = dynamoDb.requestsOf(QueryRequest.class).getFirst();
        assertThat(query.consistentRead()).isTrue();
        assertThat(query.indexName()).isNull();
        // TALLY# sorts after JOB, so the whole partition: the summaries, the tally shards and the job item
        assertThat(query.keyConditionExpression()).isEqualTo("#pk = :pk");
        assertThat(query.expressionAttributeValues()).isEqualTo(Map.of(":pk", s("JOB#job-1")));
    }

    @Test
    void shouldListOneStatusFromItsIndexNewestFirst() {
        store.list(Optional.of(JobStatus.RESTORING), Optional.empty(), 10);

        QueryRequest query = dynamoDb.requestsOf(QueryRequest.class).getFirst();
        assertThat(query.indexName()).isEqualTo("JobsByStatus");
        assertThat(query.keyConditionExpression()).isEqualTo("#partition = :scope");
        assertThat(query.expressionAttributeNames()).isEqualTo(Map.of("#partition", "status"));
        assertThat(query.expressionAttributeValues()).isEqualTo(Map.of(":scope", s("RESTORING")));
        assertThat(query.scanIndexForward()).isFalse();
        assertThat(query.limit()).isEqualTo(11);
    }

    @Test
    void shouldResumeFromTheJobATokenNames() {
        Job last = SampleJobs.submitting("job-9", 9, null);
        dynamoDb.onQuery = request -> QueryResponse.builder().items(List.of(
                JobItem.toItem(SampleJobs.submitting("job-10", 10, null)), JobItem.toItem(last),
                JobItem.toItem(SampleJobs.submitting("job-8", 8, null)))).build();
        String token = store.list(Optional.empty(), Optional.empty(), 2).nextPageToken().orElseThrow();

        store.list(Optional.empty(), Optional.of(token), 2);

        // (the other Queries read each listed job's counter shards)
        QueryRequest second = dynamoDb.requestsOf(QueryRequest.class).stream()
                .filter(query -> query.indexName() != null).toList().get(1);
        assertThat(second.indexName()).isEqualTo("JobsByCreation");
        assertThat(second.exclusiveStartKey()).isEqualTo(Map.of(
                "pk", s("JOB#job-9"), "sk", s("JOB"), "listPk", s("JOBS"),
                "createdKey", s(nanoIso(SampleJobs.T0.plusSeconds(9)) + "#job-9")));
    }

    @Test
    void shouldRejectAMalformedPageTokenWithoutCallingDynamoDb() {
        assertThatThrownBy(() -> store.list(Optional.empty(), Optional.of("%%%"), 10))
                .asInstanceOf(type(ServiceException.class))
                .satisfies(e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
                    assertThat(e.field()).contains("page_token");
                });
        assertThat(dynamoDb.requests).isEmpty();
    }

    @Test
    void shouldNameTheRequestIdButNotTheAwsTextWhenDynamoDbFails() {
        dynamoDb.onQuery = request -> {
            throw DynamoDbException.builder().message("internal detail of table jobs-table").requestId("req-42")
                    .statusCode(500).build();
        };

        assertThatThrownBy(() -> store.find(new JobId("job-1")))
                .asInstanceOf(type(ServiceException.class))
                .satisfies(e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.UPSTREAM_FAILED);
                    assertThat(e.getMessage()).isEqualTo("DynamoDB Query failed (AWS request id req-42)");
                });
    }

    private static TransactionCanceledException keyTaken(Map<String, AttributeValue> keyItem) {
        CancellationReason.Builder taken = CancellationReason.builder().code("ConditionalCheckFailed");
        if (keyItem != null) {
            taken.item(keyItem);
        }
        return TransactionCanceledException.builder().cancellationReasons(reason("None"), taken.build()).build();
    }

    private static CancellationReason reason(String code) {
        return CancellationReason.builder().code(code).build();
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    /** The index sort key's instant format: UTC, nine fraction digits, so that keys sort as instants do. */
    private static String nanoIso(java.time.Instant instant) {
        return java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'")
                .withZone(java.time.ZoneOffset.UTC).format(instant);
    }
}
