package io.s3bulkrestore.monitor;

import io.s3bulkrestore.jobs.BatchJobIds;
import io.s3bulkrestore.jobs.QuoteCalculator;
import io.s3bulkrestore.jobs.SourceJobs;
import io.s3bulkrestore.manifest.ManifestStore;
import io.s3bulkrestore.manifest.ManifestStore.ManifestChanged;
import io.s3bulkrestore.model.ErrorCode;
import io.s3bulkrestore.model.Job;
import io.s3bulkrestore.model.ServiceException;
import io.s3bulkrestore.ports.BatchJobState;
import io.s3bulkrestore.ports.BatchOperations;
import io.s3bulkrestore.ports.BatchStatus;
import io.s3bulkrestore.ports.ObjectArchiveStates;
import io.s3bulkrestore.ports.ObjectSizes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The monitor's step for a job that waits for confirmation (status AwaitingConfirmation): make sure Batch
 * Operations was asked to count its objects; once every batch job has counted (Suspended, awaiting confirmation),
 * list the objects they found as one manifest and record the quote; then start the job once it is confirmed (or at
 * once with {@code confirm: auto}). It ends the job, without restoring anything, when the user cancels, when the
 * quote expires unconfirmed, when a batch job fails to list, or when counting takes past the job's deadline.
 *
 * <p>This class is the waiting job's lifecycle (when to count, quote, start or end it); how a quote is made from
 * what Batch Operations counted is {@link QuoteSourceJob}'s and {@link QuoteManifestJob}'s.
 */
public final class AwaitConfirmation {

    private static final Logger LOG = LoggerFactory.getLogger(AwaitConfirmation.class);

    /** Objects whose size is read for the quote, per storage class: all of them when there are no more. */
    public static final int DEFAULT_SIZE_SAMPLE = 100;

    private final MonitoredJobStore jobs;
    private final BatchOperations batch;
    private final SourceJobs sourceJobs;
    private final QuoteSourceJob sourceQuotes;
    private final QuoteManifestJob manifestQuotes; // null where manifest jobs are not quoted
    private final Clock clock;
    private final Duration submitGrace;
    private final Duration quoteValidity;

    /**
     * @param batch         Batch Operations for groups ({@link io.s3bulkrestore.jobs.GroupedBatchOperations})
     * @param submitGrace   how long after creation the API may still be asking Batch Operations to count
     * @param quoteValidity how long a quote waits for confirmation before the job is cancelled
     */
    public AwaitConfirmation(MonitoredJobStore jobs, BatchOperations batch, SourceJobs sourceJobs, ManifestStore manifests,
                             ObjectSizes sizes, QuoteCalculator calculator, Clock clock, Duration submitGrace,
                             Duration quoteValidity, int sizeSample) {
        this(jobs, batch, sourceJobs, manifests, sizes, null, calculator, clock, submitGrace, quoteValidity, sizeSample);
    }

    /**
     * @param classes what HeadObject says of a manifest job's first objects (class, tier, size), for its quote; null
     *                where manifest jobs are not quoted (such a job then ends Failed, nothing restored)
     */
    public AwaitConfirmation(MonitoredJobStore jobs, BatchOperations batch, SourceJobs sourceJobs, ManifestStore manifests,
                             ObjectSizes sizes, ObjectArchiveStates classes, QuoteCalculator calculator, Clock clock,
                             Duration submitGrace, Duration quoteValidity, int sizeSample) {
        this.jobs = Objects.requireNonNull(jobs, "jobs");
        this.batch = Objects.requireNonNull(batch, "batch");
        this.sourceJobs = Objects.requireNonNull(sourceJobs, "sourceJobs");
        if (sizeSample < 1) {
            throw new IllegalArgumentException("the size sample must be positive");
        }
        this.sourceQuotes = new QuoteSourceJob(jobs, manifests, sizes, calculator, quoteValidity, sizeSample);
        this.manifestQuotes = classes == null ? null
                : new QuoteManifestJob(jobs, manifests, classes, calculator, quoteValidity, sizeSample);
        this.clock = Objects.requireNonNull(clock, "clock");
        this.submitGrace = Objects.requireNonNull(submitGrace, "submitGrace");
        this.quoteValidity = Objects.requireNonNull(quoteValidity, "quoteValidity");
    }

    /**
     * One step for a waiting job. An ending is decided only while the job is unconfirmed
     * ({@link MonitoredJobStore#decideWaitingEnding}), and its batch jobs are cancelled only once it is: a confirm
     * that got in first wins, and the job starts instead.
     *
     * @return how the job ends (decided: nothing was restored), or empty while it waits or once it started
     */
    public Optional<Notice.Finish> step(Job job) {
        Instant now = clock.instant();
        if (job.cancelRequested() && job.confirmRequested()) {
            // Confirmed, then cancelled before it was recorded as started (a crash in between): its batch jobs may
            // have begun restoring, so it ends as a started job does, with every listed object in its report.
            return startOrWait(job);
        }
        if (job.cancelRequested()) {
            return end(job, DecideNotification.cancelledUnconfirmed());
        }
        if (job.batchJobId() == null) {
            // As for a manifest job's submission (ResumeSubmission.GIVE_UP): an hour of refusals or outages ends it.
            if (now.isAfter(job.createdAt().plus(ResumeSubmission.GIVE_UP))) {
                return end(job, DecideNotification.neverCounted(ResumeSubmission.GIVE_UP));
            }
            if (Duration.between(job.createdAt(), now).compareTo(submitGrace) >= 0) {
                countAgain(job);
            }
            return Optional.empty();
        }
        if (job.quote() == null) {
            Optional<Notice.Finish> ending = quoteOrEnding(job, now);
            if (ending.isPresent() || (job = reread(job)).quote() == null) {
                return ending;
            }
        }
        if (job.confirmRequested() || job.request().confirm() == io.s3bulkrestore.model.ConfirmMode.AUTO) {
            return startOrWait(job);
        }
        if (now.isAfter(job.quote().expiresAt())) {
            return end(job, DecideNotification.quoteExpired(quoteValidity));
        }
        return Optional.empty();
    }

    /** Decides the ending of an unconfirmed job, then stops its batch jobs; empty when a confirm got in first. */
    private Optional<Notice.Finish> end(Job job, Notice.Finish ending) {
        Optional<Notice.Finish> decided = jobs.decideWaitingEnding(job.id(), ending);
        decided.ifPresent(ignored -> stopCounting(job));
        return decided;
    }

    /**
     * Starts a confirmed job. An AWS call that failed is tried again next tick, until the job's deadline; a listing
     * that cannot be read (it is read before the batch jobs are confirmed, so nothing has run) ends it Failed.
     */
    private Optional<Notice.Finish> startOrWait(Job job) {
        String problem;
        try {
            sourceJobs.start(job);
            return Optional.empty();
        } catch (ServiceException e) {
            if (e.code() == ErrorCode.UPSTREAM_FAILED && !clock.instant().isAfter(job.deadline())) {
                LOG.warn("Job {} is confirmed but could not be started this tick; retried next tick: {}", job.id(),
                        e.getMessage());
                return Optional.empty();
            }
            problem = e.getMessage();
        } catch (ManifestChanged e) {
            problem = e.getMessage();
        }
        Notice.Finish decided = jobs.decideTerminal(job.id(), DecideNotification.notStarted(problem));
        stopCounting(job);
        return Optional.of(decided);
    }

    private void countAgain(Job job) {
        try {
            sourceJobs.count(job);
        } catch (ServiceException e) {
            LOG.warn("Job {}: Batch Operations could not be asked to count its objects; retried next tick: {}",
                    job.id(), e.getMessage());
        }
    }

    /** Records the quote once every batch job has counted; an ending when one cannot. */
    private Optional<Notice.Finish> quoteOrEnding(Job job, Instant now) {
        List<String> ids = BatchJobIds.split(job.batchJobId());
        List<BatchJobState> states = new ArrayList<>();
        for (String id : ids) {
            states.add(batch.describe(id));
        }
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            BatchJobState state = states.get(i);
            if (state.isTerminal() && !isEmptyClass(state)) {
                failures.add("batch job " + ids.get(i) + " is " + state.status()
                        + (state.failureReasons().isEmpty() ? "" : ": " + String.join("; ", state.failureReasons())));
            }
        }
        if (!failures.isEmpty()) {
            return end(job, DecideNotification.listingFailed(failures));
        }
        if (!states.stream().allMatch(state -> state.awaitsConfirmation() || isEmptyClass(state))) {
            if (now.isAfter(job.deadline())) {
                return end(job, DecideNotification.notCountedBy(job.deadline()));
            }
            return Optional.empty(); // still listing
        }
        if (job.request().sourceValue().isEmpty()) {
            if (manifestQuotes == null) {
                return end(job, DecideNotification.manifestNotQuotable());
            }
            manifestQuotes.quote(job, states.get(0), now);
        } else {
            sourceQuotes.quote(job, ids, states, now);
        }
        return Optional.empty();
    }

    /**
     * A batch job whose generator found no object and that completed on its own: its class is empty. Whether AWS
     * completes such a job or leaves it Suspended with no task is not documented; either is an empty class here. A
     * job that Failed stays a failure, with its reasons.
     */
    private static boolean isEmptyClass(BatchJobState state) {
        return state.status() == BatchStatus.COMPLETE && state.totalTasks() == 0;
    }

    /** Cancels the batch jobs that count (or wait with) the job's objects, so nothing is restored. */
    private void stopCounting(Job job) {
        if (job.batchJobId() != null) {
            batch.cancel(job.batchJobId());
        }
    }

    private Job reread(Job job) {
        return jobs.find(job.id()).orElseThrow();
    }
}
