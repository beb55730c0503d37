package io.s3bulkrestore.monitor;

import io.s3bulkrestore.model.Job;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Phase: carries out a decided ending (DESIGN §4, "after a terminal status, the message, the report and GET agree
 * forever"): write the results report until it is complete, then send the terminal notification with the report's
 * counts, then give the job its terminal status and those counts; once that is done, take the job out of the
 * active index. Each step is recorded, so a tick that stops anywhere is finished by the next with the same
 * decision, never a different status.
 */
final class FinishJob {

    private static final Logger LOG = LoggerFactory.getLogger(FinishJob.class);

    private final MonitoredJobStore jobs;
    private final WriteResultsReport reports;
    private final SendNotification send;
    private final Clock clock;
    private final Duration retention;

    /** @param retention how long the finished job's item is kept (its TTL) */
    FinishJob(MonitoredJobStore jobs, WriteResultsReport reports, SendNotification send, Clock clock,
              Duration retention) {
        this.jobs = Objects.requireNonNull(jobs, "jobs");
        this.reports = Objects.requireNonNull(reports, "reports");
        this.send = Objects.requireNonNull(send, "send");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.retention = Objects.requireNonNull(retention, "retention");
    }

    /** Whether an earlier tick decided (or even published) the job's ending: the tick finishes with that. */
    static boolean wasDecided(MonitorState state) {
        return state.notifiedTerminal().isPresent() || state.decidedTerminal().isPresent();
    }

    /** The ending an earlier tick decided ({@link #wasDecided}). */
    static Notice.Finish decidedBefore(Job job, MonitorState state) {
        Optional<String> reason = Optional.ofNullable(job.failureReason());
        return state.decidedTerminal().orElseGet(() -> new Notice.Finish(state.notifiedTerminal().get(), reason));
    }

    /**
     * Finishes a job whose terminal status is decided: write the results report, a part at a time while the
     * budget allows (until it is complete), then stage, publish and record the terminal notification naming the
     * report and carrying its counts, then give the job its terminal status and those counts. Its items got their
     * TTL when they were written.
     */
    void finish(Job job, MonitorState state, Notice.Finish decision, TickBudget budget) {
        ReportProgress report = state.report();
        boolean notified = state.notifiedTerminal().isPresent();
        if (!notified) {
            report = reports.write(job, report, budget);
            if (!report.isComplete()) {
                return; // the notification goes out once the report is complete
            }
        }
        Notice.Finish decided = DecideNotification.settled(decision, report.tally());
        if (!notified && !send.terminal(job, state.outbox(), decided, report)) {
            return; // another tick got there first; it sends it
        }
        jobs.finish(job.id(), decided.status(), decided.reason(), report.uri(), report.tally(),
                clock.instant().plus(retention));
        LOG.info("Job {} finished {}", job.id(), decided.status().displayName());
    }

    /**
     * Takes a finished job out of the active index: its object records, chunk summaries and counters got their TTL
     * when they were written, and the job item when it finished.
     */
    void leaveActive(Job job) {
        jobs.leaveActive(job.id());
        LOG.info("Job {} leaves the active index", job.id());
    }
}
