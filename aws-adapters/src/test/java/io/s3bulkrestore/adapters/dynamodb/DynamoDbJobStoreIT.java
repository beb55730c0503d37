package io.s3bulkrestore.adapters.dynamodb;

import io.s3bulkrestore.model.ErrorCode;
import io.s3bulkrestore.model.Job;
import io.s3bulkrestore.model.JobCounts;
import io.s3bulkrestore.model.JobId;
import io.s3bulkrestore.model.JobStatus;
import io.s3bulkrestore.model.ServiceException;
import io.s3bulkrestore.ports.JobStore;
import io.s3bulkrestore.ports.JobStore.CreateOutcome;
import io.s3bulkrestore.tally.TallyStore;
import io.s3bulkrestore.tally.CountDelta;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.type;

class DynamoDbJobStoreIT {

    @RegisterExtension
    static final DynamoDbLocalExtension DYNAMODB = new DynamoDbLocalExtension();

    private String table;
    private DynamoDbJobStore store;

    @BeforeEach
    void freshTables() {
        table = DYNAMODB.freshTables().jobs();
        store = new DynamoDbJobStore(DYNAMODB.client(), table);
    }

    @Test
    void shouldReadBackEveryFieldOfAJob() {
        // Given a job with every optional field set
        Job job = SampleJobs.withEveryField("job-every-field");

        // When it is recorded and read back
        CreateOutcome outcome = store.create(job);
        Optional<Job> found = store.find(job.id());

        // Then nothing was lost or changed, down to the nanosecond and the non-ASCII tag
        assertThat(outcome).isEqualTo(new CreateOutcome.Created(job));
        assertThat(found).contains(job);
    }

    @Test
    void shouldReadBackAJobWithoutOptionalFields() {
        Job job = SampleJobs.withoutOptionals("job-bare");

        store.create(job);

        assertThat(store.find(job.id())).contains(job);
        assertThat(item(job.id())).doesNotContainKeys("clientTag", "expirationDays", "idempotencyKey", "batchJobId",
                "batchStatus", "failureReason", "totalObjects", "reportUri");
    }

    @Test
    void shouldFindNothingForAnUnknownJob() {
        assertThat(store.find(new JobId("no-such-job"))).isEmpty();
    }

    @Test
    void shouldReturnTheExistingJobWhenTheIdempotencyKeyWasUsedBefore() {
        // Given a job created under a key
        Job first = SampleJobs.submitting("job-first", 0, "key-1");
        store.create(first);

        // When another job is created under the same key
        CreateOutcome second = store.create(SampleJobs.submitting("job-second", 5, "key-1"));

        // Then the first job is returned and the second is not recorded
        assertThat(second).isEqualTo(new CreateOutcome.KeyAlreadyUsed(first));
        assertThat(store.find(new JobId("job-second"))).isEmpty();
    }

    @Test
    void shouldCreateOneJobPerDifferentIdempotencyKey() {
        Job first = SampleJobs.submitting("job-a", 0, "key-a");
        Job second = SampleJobs.submitting("job-b", 1, "key-b");

        assertThat(store.create(first)).isEqualTo(new CreateOutcome.Created(first));
        assertThat(store.create(second)).isEqualTo(new CreateOutcome.Created(second));

        assertThat(store.find(first.id())).contains(first);
        assertThat(store.find(second.id())).contains(second);
    }

    @Test
    void shouldLetExactlyOneOfEightConcurrentCreatesUnderOneKeyWin() throws Exception {
        // Given eight different jobs racing for the same key
        int racers = 8;
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(racers);
        List<Future<CreateOutcome>> futures = new ArrayList<>();
        try {
            for (int i = 0; i < racers; i++) {
                Job job = SampleJobs.submitting("job-racer-" + i, i, "shared-key");
                Callable<CreateOutcome> create = () -> {
                    go.await();
                    return store.create(job);
                };
                futures.add(pool.submit(create));
            }

            // When they start together
            go.countDown();
            List<CreateOutcome> outcomes = new ArrayList<>();
            for (Future<CreateOutcome> future : futures) {
                outcomes.add(future.get());
            }

            // Then one created its job and the seven others got that same job back
            List<Job> created = outcomes.stream().filter(CreateOutcome.Created.class::isInstance)
                    .map(o -> ((CreateOutcome.Created) o).job()).toList();
            List<Job> returned = outcomes.stream().filter(CreateOutcome.KeyAlreadyUsed.class::isInstance)
                    .map(o -> ((CreateOutcome.KeyAlreadyUsed) o).existing()).toList();
            assertThat(created).hasSize(1);
            assertThat(returned).hasSize(racers - 1).allSatisfy(job -> assertThat(job).isEqualTo(created.getFirst()));
            long recorded = IntStream.range(0, racers)
                    .filter(i -> store.find(new JobId("job-racer-" + i)).isPresent()).count();
            assertThat(recorded).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void shouldListNewestFirstAcrossPagesWithoutDuplicatesOrOmissions() {
        // Given 25 jobs created one second apart
        List<JobId> newestFirst = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            Job job = SampleJobs.submitting(String.format("job-%02d", i), i, null);
            store.create(job);
            newestFirst.addFirst(job.id());
        }

        // When they are listed ten at a time
        List<Integer> pageSizes = new ArrayList<>();
        List<JobId> listed = new ArrayList<>();
        Optional<String> token = Optional.empty();
        do {
            JobStore.JobPage page = store.list(Optional.empty(), token, 10);
            pageSizes.add(page.jobs().size());
            page.jobs().forEach(job -> listed.add(job.id()));
            token = page.nextPageToken();
        } while (token.isPresent() && pageSizes.size() < 10);

        // Then three pages hold every job exactly once, newest first
        assertThat(pageSizes).containsExactly(10, 10, 5);
        assertThat(listed).containsExactlyElementsOf(newestFirst);
    }

    @Test
    void shouldEndWithoutATokenWhenTheLastPageIsFull() {
        for (int i = 0; i < 4; i++) {
            store.create(SampleJobs.submitting("job-" + i, i, null));
        }

        JobStore.JobPage first = store.list(Optional.empty(), Optional.empty(), 2);
        JobStore.JobPage second = store.list(Optional.empty(), first.nextPageToken(), 2);

        assertThat(first.nextPageToken()).isPresent();
        assertThat(second.jobs()).extracting(job -> job.id().value()).containsExactly("job-1", "job-0");
        assertThat(second.nextPageToken()).isEmpty();
    }

    @Test
    void shouldListOnlyJobsInTheRequestedStatus() {
        // Given three jobs, two of them submitted to Batch Operations
        for (int i = 0; i < 3; i++) {
            store.create(SampleJobs.submitting("job-" + i, i, null));
        }
        store.recordSubmitted(new JobId("job-0"), "batch-0", 1);
        store.recordSubmitted(new JobId("job-2"), "batch-2", 1);

        // When the list is filtered by status
        JobStore.JobPage restoring = store.list(Optional.of(JobStatus.RESTORING), Optional.empty(), 10);
        JobStore.JobPage submitting = store.list(Optional.of(JobStatus.SUBMITTING), Optional.empty(), 10);
        JobStore.JobPage failed = store.list(Optional.of(JobStatus.FAILED), Optional.empty(), 10);

        // Then each status lists its own jobs, newest first
        assertThat(restoring.jobs()).extracting(job -> job.id().value()).containsExactly("job-2", "job-0");
        assertThat(restoring.jobs()).allSatisfy(job -> assertThat(job.status()).isEqualTo(JobStatus.RESTORING));
        assertThat(submitting.jobs()).extracting(job -> job.id().value()).containsExactly("job-1");
        assertThat(failed.jobs()).isEmpty();
        assertThat(failed.nextPageToken()).isEmpty();
    }

    @Test
    void shouldPageThroughOneStatus() {
        for (int i = 0; i < 5; i++) {
            store.create(SampleJobs.submitting("job-" + i, i, null));
        }
        store.recordFailed(new JobId("job-3"), "broken");

        JobStore.JobPage first = store.list(Optional.of(JobStatus.SUBMITTING), Optional.empty(), 2);
        JobStore.JobPage second = store.list(Optional.of(JobStatus.SUBMITTING), first.nextPageToken(), 2);

        assertThat(first.jobs()).extracting(job -> job.id().value()).containsExactly("job-4", "job-2");
        assertThat(second.jobs()).extracting(job -> job.id().value()).containsExactly("job-1", "job-0");
        assertThat(second.nextPageToken()).isEmpty();
    }

    @Test
    void shouldRejectMalformedPageTokensAsTheClientsError() {
        store.create(SampleJobs.submitting("job-0", 0, null));
        store.create(SampleJobs.submitting("job-1", 1, null));
        String tokenOfAllJobs = store.list(Optional.empty(), Optional.empty(), 1).nextPageToken().orElseThrow();

        List<String> malformed = List.of(
                "not base64 !",
                "",
                base64("hello"),
                base64("1|JOBS|2026-11-02T09:15:00.000000000Z#job-0|extra"),
                base64("2|JOBS|2026-11-02T09:15:00.000000000Z#job-0"),
                base64("1|JOBS|2026-11-02T09:15:00Z#job-0"),
                base64("1|JOBS|2026-02-30T09:15:00.000000000Z#job-0"),
                base64("1|JOBS|2026-11-02T09:15:00.000000000Z#job/0"),
                "x".repeat(5000));
        for (String token : malformed) {
            assertThatThrownBy(() -> store.list(Optional.empty(), Optional.of(token), 10))
                    .as("token %s", token)
                    .asInstanceOf(type(ServiceException.class))
                    .satisfies(e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_FAILED);
                        assertThat(e.field()).contains("page_token");
                    });
        }
        // A token is bound to the filter it was issued for.
        assertThatThrownBy(() -> store.list(Optional.of(JobStatus.SUBMITTING), Optional.of(tokenOfAllJobs), 10))
                .asInstanceOf(type(ServiceException.class))
                .satisfies(e -> assertThat(e.field()).contains("page_token"));
    }

    @Test
    void shouldRecordSubmissionOnceAndAcceptTheSameBatchJobAgain() {
        Job job = SampleJobs.submitting("job-submit", 0, null);
        store.create(job);

        Job first = store.recordSubmitted(job.id(), "batch-1", 1);
        Job again = store.recordSubmitted(job.id(), "batch-1", 1);

        assertThat(first).isEqualTo(job.submitted("batch-1", 1));
        assertThat(again).isEqualTo(first);
        assertThat(store.find(job.id())).contains(first);
    }

    @Test
    void shouldRefuseToRecordADifferentBatchJob() {
        Job job = SampleJobs.submitting("job-submit", 0, null);
        store.create(job);
        store.recordSubmitted(job.id(), "batch-1", 1);

        assertThatThrownBy(() -> store.recordSubmitted(job.id(), "batch-2", 1))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("batch-1");
        assertThat(store.find(job.id()).orElseThrow().batchJobId()).isEqualTo("batch-1");
    }

    @Test
    void shouldRefuseToUpdateAJobThatDoesNotExist() {
        JobId unknown = new JobId("no-such-job");

        assertThatThrownBy(() -> store.recordSubmitted(unknown, "batch-1", 1)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> store.recordFailed(unknown, "why")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> store.recordCancelRequested(unknown)).isInstanceOf(IllegalStateException.class);
        // and the conditional updates did not create a stub item
        assertThat(DYNAMODB.client().getItem(b -> b.tableName(table).key(JobItem.key(unknown)).consistentRead(true)).hasItem())
                .isFalse();
    }

    @Test
    void shouldLeaveATerminalJobUnchangedWhenRecordingAnotherFailure() {
        Job job = SampleJobs.submitting("job-fail", 0, null);
        store.create(job);
        Job failed = store.recordFailed(job.id(), "the manifest has no valid line");

        Job again = store.recordFailed(job.id(), "a later, different reason");

        assertThat(failed).isEqualTo(job.failed("the manifest has no valid line"));
        assertThat(again).isEqualTo(failed);
        assertThat(store.find(job.id())).contains(failed);
    }

    @Test
    void shouldKeepAJobInTheActiveIndexOnlyUntilItIsTerminal() {
        // Given an active job
        Job job = SampleJobs.submitting("job-active", 0, null);
        store.create(job);
        store.recordSubmitted(job.id(), "batch-1", 1);
        assertThat(activeJobIds()).containsExactly("JOB#job-active");

        // When it fails
        store.recordFailed(job.id(), "the batch job failed");

        // Then it left the ActiveJobs index with its activePk
        assertThat(activeJobIds()).isEmpty();
        assertThat(item(job.id())).doesNotContainKey(TableDesign.ACTIVE_PK);
    }

    @Test
    void shouldRecordACancelRequestOnlyWhileTheJobIsNotTerminal() {
        Job running = SampleJobs.submitting("job-running", 0, null);
        Job finished = SampleJobs.submitting("job-finished", 1, null);
        store.create(running);
        store.create(finished);
        store.recordSubmitted(running.id(), "batch-1", 1);
        Job failed = store.recordFailed(finished.id(), "gone");

        Job cancelled = store.recordCancelRequested(running.id());
        Job unchanged = store.recordCancelRequested(finished.id());

        assertThat(cancelled).isEqualTo(running.submitted("batch-1", 1).cancelRequestedNow());
        assertThat(store.find(running.id())).contains(cancelled);
        assertThat(unchanged).isEqualTo(failed);
        assertThat(unchanged.cancelRequested()).isFalse();
    }

    @Test
    void shouldKnowTheTotalOnceEveryChunkIsSummarizedAndNumberInvalidLinesInTheManifest() {
        // Given a job queued as two chunks
        Job job = SampleJobs.submitting("job-chunked", 0, null);
        store.create(job);
        store.recordSubmitted(job.id(), "batch-9", 2);
        var ledger = new DynamoDbRestoreLedger(DYNAMODB.client(), "unused-objects", table);
        Instant keepUntil = Instant.now().plus(Duration.ofDays(30)); // relative to now: DynamoDB Local applies TTLs

        // When the second chunk is summarized, then the first
        ledger.recordChunkSummary(job.id(), new io.s3bulkrestore.tracking.ChunkSummary(1, 7, 10, 2, List.of(
                new io.s3bulkrestore.tracking.ChunkSummary.InvalidLine(4, "the key is empty"))), keepUntil);
        Job half = store.find(job.id()).orElseThrow();
        ledger.recordChunkSummary(job.id(), new io.s3bulkrestore.tracking.ChunkSummary(0, 5, 6, 1, List.of(
                new io.s3bulkrestore.tracking.ChunkSummary.InvalidLine(6, "bucket x is not in this stack's AllowedBuckets"))), keepUntil);
        Job whole = store.find(job.id()).orElseThrow();

        // Then
        assertThat(half.totalObjects()).isNull();
        assertThat(half.invalidLineSamples()).isEmpty();
        assertThat(whole.chunkCount()).isEqualTo(2);
        assertThat(whole.totalObjects()).isEqualTo(12);
        assertThat(whole.invalidLines()).isEqualTo(3);
        assertThat(whole.invalidLineSamples()).containsExactly(
                "line 6: bucket x is not in this stack's AllowedBuckets", "line 10: the key is empty");
    }

    @Test
    void shouldNameTheChunksThatHaveNoSummaryYet() {
        JobId id = new JobId("job-c");
        store.create(SampleJobs.submitting("job-c", 0, null));
        List<Long> beforeSubmission = store.chunksWithoutSummary(id);
        store.recordSubmitted(id, "batch-c", 4);
        var ledger = new DynamoDbRestoreLedger(DYNAMODB.client(), DYNAMODB.freshTables().objects(), table);
        Instant keepUntil = Instant.now().plus(Duration.ofDays(30));
        ledger.recordChunkSummary(id, new io.s3bulkrestore.tracking.ChunkSummary(0, 5, 5, 0, List.of()), keepUntil);
        ledger.recordChunkSummary(id, new io.s3bulkrestore.tracking.ChunkSummary(2, 5, 5, 0, List.of()), keepUntil);

        assertThat(beforeSubmission).isEmpty();
        assertThat(store.chunksWithoutSummary(id)).containsExactly(1L, 3L);
    }

    @Test
    void shouldSumTheTallyShardsAndIgnoreOtherItemsOfTheJob() {
        // Given a job whose counters the tally function wrote from two stream shards (one with a negative
        // restored delta: an object that stopped counting as restored), a chunk summary beside them, and a
        // counter shard of tracking version 1 that nothing reads any more
        Job job = SampleJobs.submitting("job-counted", 0, null);
        store.create(job);
        var tally = new DynamoDbTallyStore(DYNAMODB.client(), table, Clock.systemUTC(), Duration.ofDays(30));
        tally.add(job.id(), "shard-a", List.of(
                new TallyStore.SequencedDelta("100", new CountDelta(45, 41, 2, 0)),
                new TallyStore.SequencedDelta("101", new CountDelta(0, -1, 0, 0))));
        tally.add(job.id(), "shard-b", List.of(new TallyStore.SequencedDelta("7", new CountDelta(2, 2, 0, 0))));
        putItem(Map.of("pk", s("JOB#job-counted"), "sk", s("COUNT#0"), "restored", n(900), "failed", n(90)));
        putItem(Map.of("pk", s("JOB#job-counted"), "sk", s("CHUNK#0"), "restored", n(1000), "objects", n(5000),
                "lines", n(5000), "invalidLines", n(0)));

        // When it is read, and when it is updated
        Job found = store.find(job.id()).orElseThrow();
        Job cancelled = store.recordCancelRequested(job.id());

        // Then counts are the sum of the tally shards only, and listing shows the same
        assertThat(found.counts()).isEqualTo(new JobCounts(42, 2));
        assertThat(cancelled.counts()).isEqualTo(new JobCounts(42, 2));
        assertThat(store.list(Optional.empty(), Optional.empty(), 10).jobs())
                .filteredOn(listed -> listed.id().equals(job.id()))
                .singleElement().extracting(Job::counts).isEqualTo(new JobCounts(42, 2));
    }

    @Test
    void shouldReportAFailedDynamoDbCallWithItsRequestIdButNotItsText() {
        DynamoDbJobStore nowhere = new DynamoDbJobStore(DYNAMODB.client(), "no-such-table");

        assertThatThrownBy(() -> nowhere.find(new JobId("job-1")))
                .asInstanceOf(type(ServiceException.class))
                .satisfies(e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.UPSTREAM_FAILED);
                    assertThat(e.getMessage()).startsWith("DynamoDB Query failed (")
                            .doesNotContain("non-existent", "Cannot do operations", "no-such-table");
                });
    }

    private List<String> activeJobIds() {
        return DYNAMODB.client().query(b -> b.tableName(table).indexName(TableDesign.ACTIVE_JOBS_INDEX)
                        .keyConditionExpression("activePk = :active")
                        .expressionAttributeValues(Map.of(":active", s("ACTIVE"))))
                .items().stream().map(item -> item.get("pk").s()).toList();
    }

    private Map<String, AttributeValue> item(JobId id) {
        return DYNAMODB.client().getItem(b -> b.tableName(table).key(JobItem.key(id)).consistentRead(true)).item();
    }

    private void putItem(Map<String, AttributeValue> item) {
        DYNAMODB.client().putItem(b -> b.tableName(table).item(item));
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    private static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }

    private static String base64(String plain) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }
}
