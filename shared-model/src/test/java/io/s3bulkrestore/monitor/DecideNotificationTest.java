package io.s3bulkrestore.monitor;

import io.s3bulkrestore.model.JobCounts;
import io.s3bulkrestore.model.JobStatus;
import io.s3bulkrestore.ports.BatchStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DecideNotificationTest {

    private static final Instant DEADLINE = Instant.parse("2026-11-24T10:00:00Z");
    private static final Instant BEFORE = DEADLINE.minusSeconds(60);
    private static final Instant AFTER = DEADLINE.plusSeconds(60);

    private final DecideNotification rule = new DecideNotification(10);

    /** total -1 = unknown; notified "" = none; batch "" = not seen yet. */
    private static JobSnapshot job(long total, long restored, long failed, String batch, boolean cancel,
                                   int lastStep, String notified, boolean reconciled) {
        return new JobSnapshot(JobStatus.RESTORING, total < 0 ? Optional.empty() : Optional.of(total),
                new JobCounts(restored, failed), batch.isEmpty() ? Optional.empty() : Optional.of(BatchStatus.of(batch)),
                batch.equals("Failed") ? List.of("ManifestNotFound: the manifest was deleted") : List.of(), cancel,
                DEADLINE, lastStep, notified.isEmpty() ? Optional.empty() : Optional.of(JobStatus.valueOf(notified)),
                reconciled);
    }

    private static String describe(Notice notice) {
        return switch (notice) {
            case Notice.Nothing n -> "nothing";
            case Notice.Progress p -> "Restoring " + p.step();
            case Notice.ReconcileFirst r -> "reconcile";
            case Notice.Finish f -> f.status().displayName();
            case Notice.IngestIncomplete i -> i.cancelled() ? "ingest incomplete, cancelled" : "ingest incomplete";
        };
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', textBlock = """
            # case                                   | total | rest | fail | batch     | cancel | last | notified  | recon | when   | expected
            job starts, total unknown                 | -1    | 0    | 0    | Active    | false  | -1   |           | false | before | Restoring 0
            started once already, total unknown       | -1    | 0    | 0    | Active    | false  | 0    |           | false | before | nothing
            objects settle before total is known      | -1    | 50   | 0    | Active    | false  | 0    |           | false | before | nothing
            0 percent with a total                    | 100   | 0    | 0    | Active    | false  | -1   |           | false | before | Restoring 0
            9 percent is still step 0                 | 100   | 9    | 0    | Active    | false  | 0    |           | false | before | nothing
            crossing 10 percent                       | 100   | 10   | 0    | Active    | false  | 0    |           | false | before | Restoring 10
            failures count as progress                | 100   | 5    | 6    | Active    | false  | 0    |           | false | before | Restoring 10
            jump over several steps: latest only      | 100   | 57   | 0    | Complete  | false  | 10   |           | false | before | Restoring 50
            same step again                           | 100   | 59   | 0    | Complete  | false  | 50   |           | false | before | nothing
            99 percent                                | 100   | 99   | 0    | Complete  | false  | 80   |           | false | before | Restoring 90
            everything restored                       | 100   | 100  | 0    | Complete  | false  | 90   |           | false | before | Complete
            restored before batch reports complete    | 100   | 100  | 0    | Active    | false  | 90   |           | false | before | Complete
            everything settled, some failed           | 100   | 97   | 3    | Complete  | false  | 90   |           | false | before | Complete
            everything failed                         | 100   | 0    | 100  | Complete  | false  | 0    |           | false | before | Failed
            one object, restored                      | 1     | 1    | 0    | Complete  | false  | 0    |           | false | before | Complete
            one object, failed                        | 1     | 0    | 1    | Complete  | false  | 0    |           | false | before | Failed
            one object, pending                       | 1     | 0    | 0    | Complete  | false  | -1   |           | false | before | Restoring 0
            empty manifest                            | 0     | 0    | 0    | Complete  | false  | -1   |           | false | before | Complete
            batch job failed: reconcile first         | 100   | 3    | 0    | Failed    | false  | 0    |           | false | before | reconcile
            batch job failed, reconciled              | 100   | 3    | 0    | Failed    | false  | 0    |           | true  | before | Failed
            batch job failed beats completion         | 100   | 100  | 0    | Failed    | false  | 90   |           | false | before | Failed
            batch job cancelled: reconcile first      | 100   | 30   | 0    | Cancelled | true   | 30   |           | false | before | reconcile
            batch job cancelled on request            | 100   | 30   | 0    | Cancelled | true   | 30   |           | true  | before | Cancelled
            cancelling is not yet cancelled           | 100   | 30   | 0    | Cancelling| true   | 30   |           | false | before | nothing
            past deadline, not reconciled             | 100   | 60   | 0    | Complete  | false  | 60   |           | false | after  | reconcile
            past deadline, reconciled                 | 100   | 60   | 0    | Complete  | false  | 60   |           | true  | after  | Timeout
            past deadline but all settled             | 100   | 100  | 0    | Complete  | false  | 90   |           | false | after  | Complete
            past deadline, total unknown              | -1    | 0    | 0    | Active    | false  | 0    |           | true  | after  | ingest incomplete
            past deadline, total unknown, cancelled   | -1    | 0    | 0    | Cancelled | true   | 0    |           | true  | after  | ingest incomplete, cancelled
            ingest incomplete: reconcile first        | -1    | 0    | 0    | Active    | false  | 0    |           | false | after  | reconcile
            cancelled before ingest finished: wait    | -1    | 5    | 0    | Cancelled | true   | 0    |           | false | before | nothing
            batch failed before ingest finished: wait | -1    | 5    | 0    | Failed    | false  | 0    |           | false | before | nothing
            first message is 0 even when ahead        | 100   | 30   | 0    | Active    | false  | -1   |           | false | before | Restoring 0
            terminal already published                | 100   | 100  | 0    | Complete  | false  | 90   | COMPLETE  | false | before | nothing
            terminal published, batch fails later     | 100   | 100  | 0    | Failed    | false  | 90   | COMPLETE  | false | after  | nothing
            """)
    void shouldDecideEachTransition(String name, long total, long restored, long failed, String batch, boolean cancel,
                                    int last, String notified, boolean reconciled, String when, String expected) {
        Notice notice = rule.decide(job(total, restored, failed, batch == null ? "" : batch, cancel, last,
                notified == null ? "" : notified, reconciled), when.equals("after") ? AFTER : BEFORE);

        assertThat(describe(notice)).isEqualTo(expected);
    }

    @Test
    void shouldFailAJobAWorkerAskedToFailBeforeAnythingElse() {
        JobSnapshot asked = new JobSnapshot(JobStatus.RESTORING, Optional.empty(), JobCounts.NONE, Optional.of(BatchStatus.ACTIVE),
                List.of(), false, DEADLINE, 0, Optional.empty(), true,
                Optional.of("restore events of bucket b cannot be routed"));

        assertThat(rule.decide(asked, BEFORE)).isEqualTo(new Notice.Finish(JobStatus.FAILED,
                Optional.of("restore events of bucket b cannot be routed")));
    }

    @Test
    void shouldCountSkippedObjectsAsSettledButNotAsFailed() {
        JobSnapshot allSkipped = new JobSnapshot(JobStatus.RESTORING, Optional.of(10L), new JobCounts(0, 0, 10),
                Optional.of(BatchStatus.COMPLETE), List.of(), false, DEADLINE, 0, Optional.empty(), false);
        JobSnapshot mixed = new JobSnapshot(JobStatus.RESTORING, Optional.of(10L), new JobCounts(0, 4, 6),
                Optional.of(BatchStatus.COMPLETE), List.of(), false, DEADLINE, 0, Optional.empty(), false);

        assertThat(rule.decide(allSkipped, BEFORE)).isEqualTo(new Notice.Finish(JobStatus.COMPLETE, Optional.empty()));
        assertThat(rule.decide(mixed, BEFORE)).isEqualTo(new Notice.Finish(JobStatus.COMPLETE, Optional.empty()));
    }

    @Test
    void shouldCarryBatchFailureReasons() {
        Notice notice = rule.decide(job(100, 0, 0, "Failed", false, -1, "", true), BEFORE);

        assertThat(notice).isInstanceOfSatisfying(Notice.Finish.class, finish ->
                assertThat(finish.reason()).hasValueSatisfying(r -> assertThat(r).contains("ManifestNotFound")));
    }

    @Test
    void shouldSendAtMostElevenNotificationsForAJobThatProgressesOneObjectAtATime() {
        List<String> published = new ArrayList<>();
        int lastStep = -1;
        Optional<JobStatus> terminal = Optional.empty();
        for (int restored = 0; restored <= 1_000; restored++) {
            JobSnapshot snapshot = new JobSnapshot(JobStatus.RESTORING, Optional.of(1_000L), new JobCounts(restored, 0),
                    Optional.of(BatchStatus.ACTIVE), List.of(), false, DEADLINE, lastStep, terminal, false);
            for (int tick = 0; tick < 2; tick++) { // two ticks see the same state: no duplicate
                Notice notice = rule.decide(snapshot, BEFORE);
                if (notice instanceof Notice.Progress progress) {
                    lastStep = progress.step();
                    snapshot = new JobSnapshot(JobStatus.RESTORING, snapshot.totalObjects(), snapshot.counts(),
                            snapshot.batchStatus(), List.of(), false, DEADLINE, lastStep, terminal, false);
                    published.add(describe(notice));
                } else if (notice instanceof Notice.Finish finish) {
                    terminal = Optional.of(finish.status());
                    snapshot = new JobSnapshot(JobStatus.RESTORING, snapshot.totalObjects(), snapshot.counts(),
                            snapshot.batchStatus(), List.of(), false, DEADLINE, lastStep, terminal, false);
                    published.add(describe(notice));
                }
            }
        }
        assertThat(published).containsExactly("Restoring 0", "Restoring 10", "Restoring 20", "Restoring 30",
                "Restoring 40", "Restoring 50", "Restoring 60", "Restoring 70", "Restoring 80", "Restoring 90", "Complete");
    }

    @Test
    void shouldRefuseStepsThatDoNotDivideAHundred() {
        assertThatThrownBy(() -> new DecideNotification(7)).hasMessageContaining("divide 100");
        assertThatThrownBy(() -> new DecideNotification(0)).hasMessageContaining("divide 100");
        assertThat(new DecideNotification(25).decide(job(100, 49, 0, "Active", false, 0, "", false), BEFORE))
                .isEqualTo(new Notice.Progress(25));
    }

    @Test
    void shouldReadCompleteOrFailedAgainFromTheCompleteReport() {
        var everyFailed = new Notice.Finish(JobStatus.FAILED, Optional.of(DecideNotification.EVERY_OBJECT_FAILED));
        var complete = new Notice.Finish(JobStatus.COMPLETE, Optional.empty());

        // a restore completed after the decision: the report has one restored object
        assertThat(DecideNotification.settled(everyFailed, new ReportTally(1, 9, 0, 0))).isEqualTo(complete);
        assertThat(DecideNotification.settled(complete, new ReportTally(0, 10, 0, 0))).isEqualTo(everyFailed);
        assertThat(DecideNotification.settled(complete, new ReportTally(3, 7, 0, 0, 0, 3))).isEqualTo(
                new Notice.Finish(JobStatus.FAILED, Optional.of(DecideNotification.EVERY_OBJECT_FAILED_OR_NOT_COPIED)));
        assertThat(DecideNotification.settled(everyFailed, ReportTally.NONE)).isEqualTo(complete);
    }

    @Test
    void shouldKeepEndingsThatAreNotSettlementsWhateverTheReportSays() {
        var timeout = new Notice.Finish(JobStatus.TIMEOUT, Optional.of("the deadline passed"));
        var batchFailed = new Notice.Finish(JobStatus.FAILED, Optional.of("the S3 Batch Operations job failed"));

        assertThat(DecideNotification.settled(timeout, new ReportTally(10, 0, 0, 0))).isEqualTo(timeout);
        assertThat(DecideNotification.settled(batchFailed, new ReportTally(10, 0, 0, 0))).isEqualTo(batchFailed);
    }

    @Test
    void shouldNameWhatIsMissingWhenIngestIsIncompleteAtTheDeadline() {
        Notice.Finish failed = DecideNotification.ingestIncomplete(new Notice.IngestIncomplete(false), DEADLINE,
                "its chunks were never queued");
        Notice.Finish cancelled = DecideNotification.ingestIncomplete(new Notice.IngestIncomplete(true), DEADLINE,
                "its chunks were never queued");

        assertThat(failed.status()).isEqualTo(JobStatus.FAILED);
        assertThat(failed.reason()).hasValue("INGEST_INCOMPLETE: the deadline " + DEADLINE + " passed before the"
                + " manifest was wholly ingested: its chunks were never queued; the report lists only the objects of"
                + " the ingested chunks");
        assertThat(cancelled.status()).isEqualTo(JobStatus.CANCELLED);
        assertThat(cancelled.reason()).hasValue("cancelled on request; " + failed.reason().orElseThrow());
    }
}
