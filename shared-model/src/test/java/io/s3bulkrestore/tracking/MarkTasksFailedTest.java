package io.s3bulkrestore.tracking;

import io.s3bulkrestore.fakes.FakeCurrentVersions;
import io.s3bulkrestore.fakes.InMemoryRestoreLedger;
import io.s3bulkrestore.model.Job;
import io.s3bulkrestore.model.JobCounts;
import io.s3bulkrestore.model.JobId;
import io.s3bulkrestore.model.ObjectId;
import io.s3bulkrestore.tracking.MarkTasksFailed.FailedTask;
import io.s3bulkrestore.tracking.Membership.Settlement;
import io.s3bulkrestore.tracking.RegisterManifestObjects.ChunkEntry;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class MarkTasksFailedTest {

    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
    private static final JobId JOB = new JobId("job-a");

    private final InMemoryRestoreLedger ledger = new InMemoryRestoreLedger();
    private final Clock clock = Clock.fixed(T0, ZoneOffset.UTC);
    private final MarkTasksFailed markFailed = new MarkTasksFailed(ledger);
    private final RegisterManifestObjects registration = new RegisterManifestObjects(ledger, clock, Duration.ofDays(30));
    private static final Job JOB_A = RegisterManifestObjectsTest.job(JOB);

    private static ObjectId object(int i) {
        return ObjectId.of("bucket-1", "k" + i);
    }

    @Test
    void shouldCountEachFailedTaskOnceEvenWhenReplayed() {
        registration.register(JOB_A, 0,
                List.of(new ChunkEntry(object(1), 0), new ChunkEntry(object(2), 10), new ChunkEntry(object(3), 20)));
        var tasks = List.of(new FailedTask(object(1), "403: AccessDenied"), new FailedTask(object(2), "404: NoSuchKey"),
                new FailedTask(object(1), "403: AccessDenied"));

        MarkTasksFailed.Settled first = markFailed.apply(JOB, tasks);
        MarkTasksFailed.Settled replay = markFailed.apply(JOB, tasks);

        assertThat(first.failed()).isEqualTo(2);
        assertThat(replay).isEqualTo(new MarkTasksFailed.Settled(0, 0, 0));
        assertThat(ledger.countsOf(JOB)).isEqualTo(new JobCounts(0, 2));
        assertThat(ledger.errorCode(object(2), JOB)).contains("404: NoSuchKey");
        assertThat(ledger.membership(object(3), JOB).orElseThrow().isPending()).isTrue();
    }

    @Test
    void shouldLetACompletedRestoreWinOverAFailedTaskWhicheverComesFirst() {
        // Given two members; object 1's restore completes before the report is read, object 2's after
        registration.register(JOB_A, 0,
                List.of(new ChunkEntry(object(1), 0), new ChunkEntry(object(2), 10)));
        new RecordRestoreEvents(ledger, FakeCurrentVersions.neverAsked()).apply(List.of(RestoreEvent.completed(object(1), T0)));

        // When both tasks are reported failed, then object 2's restore completes (a retry, an overlapping job)
        MarkTasksFailed.Settled settled = markFailed.apply(JOB, List.of(new FailedTask(object(1), "InternalError"),
                new FailedTask(object(2), "InternalError")));
        var afterReport = ledger.countsOf(JOB);
        new RecordRestoreEvents(ledger, FakeCurrentVersions.neverAsked()).apply(List.of(RestoreEvent.completed(object(2), T0)));

        // Then neither is reported failed in the end: a restored object is never a failure
        assertThat(settled).isEqualTo(new MarkTasksFailed.Settled(2, 0, 0));
        assertThat(afterReport).isEqualTo(new JobCounts(1, 1));
        assertThat(ledger.countsOf(JOB)).isEqualTo(new JobCounts(2, 0));
        assertThat(ledger.settlement(object(1), JOB).orElseThrow()).isEqualTo(Settlement.CREDITED);
        assertThat(ledger.settlement(object(2), JOB).orElseThrow()).isEqualTo(Settlement.CREDITED);
    }

    @Test
    void shouldCountAsRestoredAFailedTaskWhoseObjectIsAlreadyRestoredWhenTheReportIsRead() {
        // Given a member whose restore is recorded
        registration.register(JOB_A, 0, List.of(new ChunkEntry(object(1), 0)));
        ledger.recordRestores(java.util.Map.of(object(1), RestoreFact.at(T0)));

        // When its task is reported failed
        MarkTasksFailed.Settled settled = markFailed.apply(JOB, List.of(new FailedTask(object(1), "503: SlowDown")));

        // Then the task's failure is kept on the membership, and the restore wins in what the job counts
        assertThat(settled).isEqualTo(new MarkTasksFailed.Settled(1, 0, 0));
        assertThat(ledger.countsOf(JOB)).isEqualTo(new JobCounts(1, 0));
        assertThat(ledger.settlement(object(1), JOB)).contains(Settlement.CREDITED);
    }

    @Test
    void shouldLeaveARestoreAlreadyInProgressPendingForItsEvent() {
        // Given an object listed twice (or in an overlapping job): its second RestoreObject answered 409
        registration.register(JOB_A, 0, List.of(new ChunkEntry(object(1), 0)));

        MarkTasksFailed.Settled settled = markFailed.apply(JOB,
                List.of(new FailedTask(object(1), "RestoreAlreadyInProgress")));
        var beforeEvent = ledger.settlement(object(1), JOB).orElseThrow();
        new RecordRestoreEvents(ledger, FakeCurrentVersions.neverAsked()).apply(List.of(RestoreEvent.completed(object(1), T0)));

        assertThat(settled).isEqualTo(new MarkTasksFailed.Settled(0, 0, 1));
        assertThat(beforeEvent).isEqualTo(Settlement.PENDING);
        assertThat(ledger.countsOf(JOB)).isEqualTo(new JobCounts(1, 0));
    }

    @Test
    void shouldCountAnObjectInAnAccessTierAsNotArchivedNotAsAFailure() {
        registration.register(JOB_A, 0,
                List.of(new ChunkEntry(object(1), 0), new ChunkEntry(object(2), 10)));

        MarkTasksFailed.Settled settled = markFailed.apply(JOB, List.of(
                new FailedTask(object(1), "ObjectAlreadyInActiveTierError"), new FailedTask(object(2), "AccessDenied")));

        assertThat(settled).isEqualTo(new MarkTasksFailed.Settled(1, 1, 0));
        assertThat(ledger.countsOf(JOB)).isEqualTo(new JobCounts(0, 1, 1));
        assertThat(ledger.settlement(object(1), JOB).orElseThrow()).isEqualTo(Settlement.SKIPPED);
        assertThat(ledger.errorCode(object(1), JOB)).contains("ObjectAlreadyInActiveTierError");
    }

    @Test
    void shouldClassifyCompletionReportCodesWhateverTheirForm() {
        assertThat(TaskErrorCode.classify("RestoreAlreadyInProgress")).isEqualTo(TaskErrorCode.STILL_PENDING);
        assertThat(TaskErrorCode.classify("409: RestoreAlreadyInProgress")).isEqualTo(TaskErrorCode.STILL_PENDING);
        assertThat(TaskErrorCode.classify("HTTP 409")).isEqualTo(TaskErrorCode.STILL_PENDING);
        assertThat(TaskErrorCode.classify("objectalreadyinactivetiererror")).isEqualTo(TaskErrorCode.NOT_ARCHIVED);
        for (String failure : List.of("AccessDenied", "NoSuchKey", "InvalidObjectState", "SlowDown", "InternalError",
                "HTTP 500", "PermanentFailure")) {
            assertThat(TaskErrorCode.classify(failure)).as(failure).isEqualTo(TaskErrorCode.FAILED);
        }
    }

    @Test
    void shouldIgnoreAnObjectThatIsNotAMember() {
        assertThat(markFailed.apply(JOB, List.of(new FailedTask(object(7), "404: NoSuchKey"))).failed()).isZero();
        assertThat(ledger.countsOf(JOB)).isEqualTo(JobCounts.NONE);
    }
}
