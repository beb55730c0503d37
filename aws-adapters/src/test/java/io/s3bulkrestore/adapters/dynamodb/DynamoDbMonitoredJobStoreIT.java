package io.s3bulkrestore.adapters.dynamodb;

import io.s3bulkrestore.model.JobId;
import io.s3bulkrestore.ports.BatchStatus;
import io.s3bulkrestore.tracking.ChunkSummary;
import io.s3bulkrestore.model.JobStatus;
import io.s3bulkrestore.monitor.ActiveJob;
import io.s3bulkrestore.monitor.MonitorState;
import io.s3bulkrestore.monitor.Notice;
import io.s3bulkrestore.monitor.PendingNotification;
import io.s3bulkrestore.monitor.ReportProgress;
import io.s3bulkrestore.monitor.ReportTally;
import io.s3bulkrestore.ports.BatchJobState;
import io.s3bulkrestore.tally.TallyStore;
import io.s3bulkrestore.tally.CountDelta;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class DynamoDbMonitoredJobStoreIT {

    @RegisterExtension
    static final DynamoDbLocalExtension DYNAMODB = new DynamoDbLocalExtension();

    private String table;
    private DynamoDbMonitoredJobStore store;

    @BeforeEach
    void freshTables() {
        table = DYNAMODB.freshTables().jobs();
        store = new DynamoDbMonitoredJobStore(DYNAMODB.client(), table);
    }

    @Test
    void shouldListActiveJobsOldestFirstWithTheirMonitorState() {
        store.create(SampleJobs.submitting("job-b", 20, null));
        store.create(SampleJobs.submitting("job-a", 10, null));
        store.create(SampleJobs.submitting("job-c", 30, null));

        List<ActiveJob> active = store.activeJobs(2);

        assertThat(active).extracting(a -> a.job().id().value()).containsExactly("job-a", "job-b");
        assertThat(active.getFirst().state()).isEqualTo(MonitorState.INITIAL);
        assertThat(store.activeJobs(Optional.of(active.getLast().job()), 2))
                .extracting(a -> a.job().id().value()).containsExactly("job-c");
    }

    @Test
    void shouldRememberWhatTheMonitorRecorded() {
        JobId id = new JobId("job-m");
        store.create(SampleJobs.submitting("job-m", 0, null));
        Instant seen = Instant.now().truncatedTo(ChronoUnit.SECONDS);

        store.recordBatchState(id, new BatchJobState(BatchStatus.FAILED, 1, 0, 1, List.of("bad manifest"), Optional.empty(),
                Optional.empty()), seen);
        store.recordBatchState(id, new BatchJobState(BatchStatus.FAILED, 1, 0, 1, List.of("bad manifest"), Optional.empty(),
                Optional.empty()), seen.plusSeconds(60));
        store.recordReportRead(id);
        store.recordReconcilePass(id, Optional.of("token-1"), false);
        PendingNotification step10 = PendingNotification.of("job-m", JobStatus.RESTORING, 10);
        boolean first = store.stageNotification(id, step10);
        boolean whileInOutbox = store.stageNotification(id, PendingNotification.of("job-m", JobStatus.RESTORING, 20));
        MonitorState staged = store.activeJobs(10).getFirst().state();
        boolean sent = store.recordNotificationSent(id, step10);
        boolean sentAgain = store.recordNotificationSent(id, step10);
        boolean again = store.stageNotification(id, step10);
        Notice.Finish decided = store.decideTerminal(id, new Notice.Finish(JobStatus.FAILED, Optional.of("why")));
        Notice.Finish later = store.decideTerminal(id, new Notice.Finish(JobStatus.TIMEOUT, Optional.empty()));
        ReportProgress started = ReportProgress.started("upload-1");
        boolean reportStarted = store.recordReportProgress(id, ReportProgress.NOT_STARTED, started);
        boolean startedTwice = store.recordReportProgress(id, ReportProgress.NOT_STARTED, ReportProgress.started("u-2"));
        ReportProgress part1 = started.partWritten(Optional.of("cursor-1"));
        store.recordReportProgress(id, started, part1);
        boolean stalePart = store.recordReportProgress(id, started, part1.partWritten(Optional.empty()));
        ReportProgress done = part1.partWritten(Optional.empty()).completed("s3://r/results/job-m.csv");
        store.recordReportProgress(id, part1, done);
        PendingNotification failed = PendingNotification.of("job-m", JobStatus.FAILED, 100);
        store.stageNotification(id, failed);
        boolean notified = store.recordNotificationSent(id, failed);
        boolean stagedAfterTerminal = store.stageNotification(id, failed);

        MonitorState state = store.activeJobs(10).getFirst().state();
        assertThat(staged.outbox()).contains(step10);
        assertThat(state).isEqualTo(new MonitorState(List.of("bad manifest"), Optional.of(seen), true, 10,
                Optional.of(new Notice.Finish(JobStatus.FAILED, Optional.of("why"))), Optional.of(JobStatus.FAILED),
                Optional.of("token-1"), false, Optional.empty(), done));
        assertThat(first).isTrue();
        assertThat(whileInOutbox).isFalse();
        assertThat(sent).isTrue();
        assertThat(sentAgain).isFalse();
        assertThat(again).isFalse();
        assertThat(reportStarted).isTrue();
        assertThat(startedTwice).isFalse();
        assertThat(stalePart).isFalse();
        assertThat(stagedAfterTerminal).isFalse();
        assertThat(later).isEqualTo(decided);
        assertThat(notified).isTrue();
        assertThat(store.find(id).orElseThrow().batchStatus()).isEqualTo("Failed");
    }

    @Test
    void shouldFinishAJobWithATtlAndItsCountsFrozenThenTakeItOutOfTheActiveIndex() {
        JobId id = new JobId("job-f");
        store.create(SampleJobs.submitting("job-f", 0, null));
        // counters of three stream shards: each got its TTL when written (a day after its last write)
        var tally = new DynamoDbTallyStore(DYNAMODB.client(), table, Clock.systemUTC(), Duration.ofDays(1));
        for (int shard = 0; shard < 3; shard++) {
            tally.add(id, "shard-" + shard, List.of(new TallyStore.SequencedDelta("1", new CountDelta(1, 1, 0, 0))));
        }
        // relative to now: DynamoDB Local deletes an item whose TTL has passed
        Instant expires = Instant.now().truncatedTo(ChronoUnit.SECONDS).plus(Duration.ofDays(30));

        ReportTally reported = new ReportTally(5, 2, 1, 3);
        store.finish(id, JobStatus.TIMEOUT, Optional.of("deadline passed"), Optional.of("s3://r/results/job-f.csv"),
                reported, expires);
        store.finish(id, JobStatus.CANCELLED, Optional.of("later"), Optional.of("s3://r/results/other.csv"),
                new ReportTally(9, 9, 9, 9), expires);
        var job = store.find(id).orElseThrow();
        boolean stillActive = store.activeJobs(10).stream().anyMatch(a -> a.job().id().equals(id));
        store.leaveActive(id);

        assertThat(job.status()).isEqualTo(JobStatus.TIMEOUT);
        assertThat(job.reportUri()).isEqualTo("s3://r/results/job-f.csv");
        // the counts its report held, not the counters' (which say 3 restored): frozen when it finished
        assertThat(job.counts()).isEqualTo(new io.s3bulkrestore.model.JobCounts(5, 2, 1));
        assertThat(job.totalObjects()).isEqualTo(11);
        assertThat(job.failureReason()).isEqualTo("deadline passed");
        assertThat(stillActive).isTrue();
        assertThat(store.activeJobs(10)).isEmpty();
        Map<String, AttributeValue> item = DYNAMODB.client().getItem(b -> b.tableName(table).key(JobItem.key(id))).item();
        assertThat(item).doesNotContainKey("activePk");
        assertThat(item.get("expiresAt").n()).isEqualTo(Long.toString(expires.getEpochSecond()));
        for (int shard = 0; shard < 3; shard++) {
            int n = shard;
            assertThat(DYNAMODB.client().getItem(b -> b.tableName(table).key(Map.of("pk", JobItem.s("JOB#job-f"),
                    "sk", JobItem.s("TALLY#shard-" + n)))).item()).containsKey("expiresAt");
        }
    }

    @Test
    void shouldTellAJobOfTrackingVersionOneAndForgetItsChunkSummariesWhenItsObjectsAreRegisteredAgain() {
        // Given a job written by version 1 (no tracking attribute) with two chunk summaries, and a job of this version
        JobId old = new JobId("job-v1");
        store.create(SampleJobs.submitting("job-v1", 0, null));
        store.recordSubmitted(old, "batch-v1", 2);
        DYNAMODB.client().updateItem(b -> b.tableName(table).key(JobItem.key(old)).updateExpression("REMOVE tracking"));
        var ledger = new DynamoDbRestoreLedger(DYNAMODB.client(), "unused-objects", table);
        Instant keep = Instant.now().plus(Duration.ofDays(30));
        ledger.recordChunkSummary(old, new ChunkSummary(0, 5, 5, 0), keep);
        ledger.recordChunkSummary(old, new ChunkSummary(1, 3, 3, 0), keep);
        store.create(SampleJobs.submitting("job-v2", 1, null));
        store.recordSubmitted(new JobId("job-v2"), "batch-v2", 1);
        Map<String, Boolean> recordedBefore = new java.util.HashMap<>();
        store.activeJobs(10).forEach(a -> recordedBefore.put(a.job().id().value(), a.recorded()));
        long totalBefore = store.find(old).orElseThrow().total().orElseThrow();

        // When the monitor forgets the old job's summaries and marks it
        store.forgetChunkSummaries(old);
        store.recordRecorded(old);

        // Then
        assertThat(recordedBefore).isEqualTo(Map.of("job-v1", false, "job-v2", true));
        assertThat(totalBefore).isEqualTo(8);
        assertThat(store.find(old).orElseThrow().total()).isEmpty();
        assertThat(store.chunksWithoutSummary(old)).containsExactly(0L, 1L);
        assertThat(store.activeJobs(10)).allMatch(ActiveJob::recorded);
    }

    @Test
    void shouldRecordTheFirstFailureAskedForOnAJobThatIsNotTerminal() {
        JobId id = new JobId("job-r");
        store.create(SampleJobs.submitting("job-r", 0, null));
        store.recordSubmitted(id, "batch-r", 3);

        store.requestFailure(id, "restore events of bucket b cannot be routed");
        store.requestFailure(id, "a later reason");
        Optional<String> asked = store.activeJobs(10).getFirst().state().failureRequested();
        store.finish(id, JobStatus.FAILED, asked, Optional.empty(), ReportTally.NONE,
                Instant.now().plus(Duration.ofDays(30)));
        store.requestFailure(id, "after the end"); // a finished job is left as it is

        assertThat(asked).contains("restore events of bucket b cannot be routed");
        assertThat(store.find(id).orElseThrow().failureReason()).isEqualTo("restore events of bucket b cannot be routed");
    }

    @Test
    void shouldShowAFinishedJobsFrozenCountsInTheListAsInFind() {
        JobId id = new JobId("job-l");
        store.create(SampleJobs.submitting("job-l", 0, null));
        new DynamoDbTallyStore(DYNAMODB.client(), table, Clock.systemUTC(), Duration.ofDays(1)).add(id, "shard-0",
                List.of(new TallyStore.SequencedDelta("1", new CountDelta(7, 7, 0, 0))));

        store.finish(id, JobStatus.CANCELLED, Optional.of("cancelled on request"), Optional.of("s3://r/results/job-l.csv"),
                new ReportTally(5, 0, 0, 4), Instant.now().plus(Duration.ofDays(30)));

        var listed = store.list(Optional.empty(), Optional.empty(), 10).jobs().getFirst();
        assertThat(listed.counts()).isEqualTo(new io.s3bulkrestore.model.JobCounts(5, 0, 0));
        assertThat(listed.totalObjects()).isEqualTo(9);
        assertThat(store.find(id).orElseThrow().counts()).isEqualTo(listed.counts());
    }

    @Test
    void shouldKeepTheMonitorsRoundCursor() {
        Optional<JobId> none = store.monitorCursor();
        store.recordMonitorCursor(Optional.of(new JobId("job-7")));
        Optional<JobId> seven = store.monitorCursor();
        store.recordMonitorCursor(Optional.empty());

        assertThat(none).isEmpty();
        assertThat(seven).contains(new JobId("job-7"));
        assertThat(store.monitorCursor()).isEmpty();
        assertThat(store.list(Optional.empty(), Optional.empty(), 10).jobs()).as("not a job").isEmpty();
        assertThat(store.activeJobs(10)).as("not an active job").isEmpty();
    }

    @Test
    void shouldKeepWhereReadingTheCompletionReportStandsAndNeverMoveItBack() {
        JobId id = new JobId("job-p");
        store.create(SampleJobs.submitting("job-p", 0, null));

        store.recordCompletionReportHandled(id, 500);
        store.recordCompletionReportHandled(id, 1_000);
        store.recordCompletionReportHandled(id, 500); // a stale tick

        assertThat(store.activeJobs(10).getFirst().state().completionReportHandled()).isEqualTo(1_000);
    }

    @Test
    void shouldAddAFollowUpBatchJobOnceAndFollowTheGroupAsRunningAgain() {
        JobId id = new JobId("job-f");
        store.create(SampleJobs.submitting("job-f", 0, null));
        store.recordSubmitted(id, "batch-1", 1);
        Instant seen = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        store.recordBatchState(id, new BatchJobState(BatchStatus.COMPLETE, 6, 2, 4, List.of(), Optional.empty(),
                Optional.empty()), seen);
        store.recordCompletionReportHandled(id, 4);

        boolean added = store.recordFollowUpBatchJob(id, "batch-1", "batch-1,batch-2", 1L << 40);
        boolean again = store.recordFollowUpBatchJob(id, "batch-1", "batch-1,batch-3", 1L << 40);

        assertThat(added).isTrue();
        assertThat(again).isFalse();
        var job = store.find(id).orElseThrow();
        assertThat(job.batchJobId()).isEqualTo("batch-1,batch-2");
        assertThat(job.batchStatus()).isNull();
        MonitorState state = store.activeJobs(10).getFirst().state();
        assertThat(state.batchFinishedAt()).isEmpty();
        assertThat(state.reportRead()).isFalse();
        assertThat(state.completionReportHandled()).isEqualTo(1L << 40);
    }
}
