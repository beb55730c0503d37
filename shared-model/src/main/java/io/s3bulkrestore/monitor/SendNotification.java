package io.s3bulkrestore.monitor;

import io.s3bulkrestore.model.Job;
import io.s3bulkrestore.model.JobCounts;
import io.s3bulkrestore.model.JobId;
import io.s3bulkrestore.model.JobStatus;

import java.time.Clock;
import java.util.Objects;
import java.util.Optional;

/**
 * Phase: publishes what {@link DecideNotification} decided, outbox first (DESIGN §4): a notification is recorded on
 * the job as about to be sent (with its NotificationId), then published, then marked sent. A crash between
 * publishing and recording re-sends it with the same NotificationId: at-least-once, deduplicable, never skipped.
 * This class also renders the message: a Restoring one with the job's live counts, a terminal one with the counts
 * of its complete results report.
 */
final class SendNotification {

    private final MonitoredJobStore jobs;
    private final Notifier notifier;
    private final Clock clock;

    SendNotification(MonitoredJobStore jobs, Notifier notifier, Clock clock) {
        this.jobs = Objects.requireNonNull(jobs, "jobs");
        this.notifier = Objects.requireNonNull(notifier, "notifier");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Sends again a Restoring step a tick left in the outbox (it may have been published), with the same id. */
    void resend(Job job, PendingNotification staged) {
        publish(job, staged, Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** Sends Restoring at {@code step}, unless another tick staged a notification first. */
    void progress(Job job, int step) {
        PendingNotification staged = PendingNotification.of(job.id().value(), JobStatus.RESTORING, step);
        if (jobs.stageNotification(job.id(), staged)) {
            publish(job, staged, Optional.empty(), Optional.empty(), Optional.empty());
        }
    }

    /**
     * Sends the job's terminal notification, naming its complete results report and carrying that report's counts,
     * unless another tick staged a different notification first.
     *
     * @param outbox the job's outbox as the tick found it (a crash may have left this very notification there)
     * @return whether it was sent (false: another tick staged one first; it sends it)
     */
    boolean terminal(Job job, Optional<PendingNotification> outbox, Notice.Finish decided, ReportProgress report) {
        PendingNotification terminal = PendingNotification.of(job.id().value(), decided.status(), 100);
        boolean staged = outbox.map(terminal::equals).orElse(false) || jobs.stageNotification(job.id(), terminal);
        if (staged) {
            publish(job, terminal, report.uri(), decided.reason(), Optional.of(report.tally()));
        }
        return staged;
    }

    /** Publishes a notification that is in the outbox, then marks it sent. */
    private void publish(Job job, PendingNotification staged, Optional<String> reportUri, Optional<String> reason,
                         Optional<ReportTally> finalCounts) {
        notifier.publish(notification(job, staged, reportUri, reason, finalCounts));
        jobs.recordNotificationSent(job.id(), staged);
    }

    /**
     * The notification for a job: a Restoring one with the job's live counts; a terminal one with the counts of
     * its complete results report ({@code finalCounts}), which the job keeps from then on.
     */
    private JobNotification notification(Job job, PendingNotification staged, Optional<String> reportUri,
                                         Optional<String> reason, Optional<ReportTally> finalCounts) {
        JobStatus status = staged.status();
        boolean copies = job.request().copyValue().isPresent();
        int percent;
        JobCounts counts;
        Optional<Long> total;
        Optional<Long> pending;
        if (finalCounts.isPresent()) {
            ReportTally tally = finalCounts.get();
            counts = tally.counts();
            total = Optional.of(tally.total());
            pending = Optional.of(tally.missing());
            percent = tally.total() == 0 ? 100 : (int) (counts.finished(copies) * 100 / tally.total());
        } else {
            counts = job.counts();
            total = job.total();
            pending = total.map(t -> Math.max(0, t - counts.finished(copies)));
            percent = job.progressPercent().orElse(0);
        }
        Optional<JobNotification.Copies> copied = copies
                ? Optional.of(new JobNotification.Copies(counts.copied(), counts.copyFailed()))
                : Optional.empty();
        JobId id = job.id();
        return new JobNotification(staged.notificationId(), id.value(), job.batchJobId(), status, percent,
                counts.failed(), job.request().clientTagValue(), total, counts.restored(), counts.skipped(), pending,
                job.request().tier().name(), reportUri, clock.instant(), reason, copied);
    }
}
