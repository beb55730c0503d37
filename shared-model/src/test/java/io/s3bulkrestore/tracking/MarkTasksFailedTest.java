package io.s3bulkrestore.tracking;

import io.s3bulkrestore.fakes.InMemoryRestoreLedger;
import io.s3bulkrestore.model.JobCounts;
import io.s3bulkrestore.model.JobId;
import io.s3bulkrestore.model.ObjectId;
import io.s3bulkrestore.tracking.MarkTasksFailed.FailedTask;
import io.s3bulkrestore.tracking.Membership.Settlement;
import io.s3bulkrestore.tracking.RegisterManifestObjects.ChunkEntry;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class MarkTasksFailedTest {

    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
    private static final JobId JOB = new JobId("job-a");

    private final InMemoryRestoreLedger ledger = new InMemoryRestoreLedger();
    private final Clock clock = Clock.fixed(T0, ZoneOffset.UTC);
    private final MarkTasksFailed markFailed = new MarkTasksFailed(ledger, clock);

    private static ObjectId object(int i) {
        return ObjectId.of("bucket-1", "k" + i);
    }

    @Test
    void shouldCountEachFailedTaskOnceEvenWhenReplayed() {
        new RegisterManifestObjects(ledger, clock).register(JOB, 0,
                List.of(new ChunkEntry(object(1), 0), new ChunkEntry(object(2), 10), new ChunkEntry(object(3), 20)));
        var tasks = List.of(new FailedTask(object(1), "403: AccessDenied"), new FailedTask(object(2), "404: NoSuchKey"),
                new FailedTask(object(1), "403: AccessDenied"));

        int first = markFailed.apply(JOB, tasks);
        int replay = markFailed.apply(JOB, tasks);

        assertThat(first).isEqualTo(2);
        assertThat(replay).isZero();
        assertThat(ledger.countsOf(JOB)).isEqualTo(new JobCounts(0, 2));
        assertThat(ledger.errorCode(object(2), JOB)).contains("404: NoSuchKey");
        assertThat(ledger.membership(object(3), JOB).orElseThrow().isPending()).isTrue();
    }

    @Test
    void shouldNeitherFailARestoredObjectNorCreditAFailedOne() {
        new RegisterManifestObjects(ledger, clock).register(JOB, 0,
                List.of(new ChunkEntry(object(1), 0), new ChunkEntry(object(2), 10)));
        new RecordRestoreEvents(ledger, clock).apply(List.of(RestoreEvent.completed(object(1), T0)));

        markFailed.apply(JOB, List.of(new FailedTask(object(1), "500: InternalError"),
                new FailedTask(object(2), "500: InternalError")));
        new RecordRestoreEvents(ledger, clock).apply(List.of(RestoreEvent.completed(object(2), T0)));

        assertThat(ledger.countsOf(JOB)).isEqualTo(new JobCounts(1, 1));
        assertThat(ledger.membership(object(1), JOB).orElseThrow().settlement()).isEqualTo(Settlement.CREDITED);
        assertThat(ledger.membership(object(2), JOB).orElseThrow().settlement()).isEqualTo(Settlement.FAILED);
    }

    @Test
    void shouldIgnoreAnObjectThatIsNotAMember() {
        assertThat(markFailed.apply(JOB, List.of(new FailedTask(object(7), "404: NoSuchKey")))).isZero();
        assertThat(ledger.countsOf(JOB)).isEqualTo(JobCounts.NONE);
    }
}
