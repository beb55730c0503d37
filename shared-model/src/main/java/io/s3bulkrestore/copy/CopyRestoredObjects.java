package io.s3bulkrestore.copy;

import io.s3bulkrestore.model.CopySpec;
import io.s3bulkrestore.model.Job;
import io.s3bulkrestore.model.JobId;
import io.s3bulkrestore.model.ObjectId;
import io.s3bulkrestore.model.ServiceException;
import io.s3bulkrestore.tracking.CopyResult;
import io.s3bulkrestore.tracking.CurrentVersions;
import io.s3bulkrestore.tracking.MemberOutcome;
import io.s3bulkrestore.tracking.ObjectRecord;
import io.s3bulkrestore.tracking.RestoreLedger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The copy worker's work for one task (DESIGN §1, copy-after-restore): copy the object's restored version to
 * where its job's {@code copy} option says, then record how it ended on the object's membership, once.
 *
 * <p>Exactly once under duplicate tasks and crashes: the object's record is read first, and a copy already
 * recorded is not made again; the copy itself is idempotent (a destination that holds this source version's copy
 * is found, not rewritten), so a crash between the copy and the record is mended by the task's redelivery, which
 * finds the copy and records it. The copied count comes from the records, so it is exact whatever is redelivered.
 *
 * <p>A copy that fails for a reason that may pass (throttling, an S3 error, a restore running again) is
 * retried through the queue's redelivery until {@code maxAttempts}; then, or at once for a reason that will not
 * pass (access denied, no such bucket), its failure is recorded with S3's code. A restored copy that expired
 * before it could be copied is recorded as such, never dropped.
 *
 * <p>Any size: a copy too large for one delivery's time stops between parts with what it copied kept
 * ({@link CopyOutcome.Unfinished}). Progress is not failure: when the delivery copied at least one part, a new task
 * carrying the copier's resume token is queued ({@link CopyTask#continuedFrom}) and this delivery is done, so the
 * new task's deliveries are counted from 1 again (SQS's receive count never falls, and it is what both
 * {@code maxAttempts} and the queue's dead-letter redrive count). A delivery that copied nothing counts as a failed
 * attempt, as any passing failure does; the task comes back with its token; at the last attempt the failure is
 * recorded and the unfinished copy abandoned. A copy that never progresses therefore ends after {@code maxAttempts}
 * deliveries, and one that always does ends after at most one delivery per part.
 */
public final class CopyRestoredObjects {

    private static final Logger LOG = LoggerFactory.getLogger(CopyRestoredObjects.class);

    /** Our code for an object without a version id whose current version cannot be found any more. */
    public static final String NO_CURRENT_VERSION = "NoCurrentVersion";
    /** Our code for a key the copy's prefix rule gives no destination (not under source_prefix, or too long). */
    public static final String NO_DESTINATION_KEY = "NoDestinationKey";

    private final Function<JobId, Optional<Job>> jobs;
    private final RestoreLedger ledger;
    private final CurrentVersions currentVersions;
    private final ObjectCopier copier;
    private final CopyQueue continuations;
    private final int maxAttempts;

    /**
     * @param jobs        the job of a task (a cache is fine: what is read, the copy option and whether the job
     *                    ended, changes once at most)
     * @param continuations where the task that continues an unfinished copy is queued: the copy queue itself
     * @param maxAttempts how many deliveries of a task may fail for a passing reason before its failure is recorded
     */
    public CopyRestoredObjects(Function<JobId, Optional<Job>> jobs, RestoreLedger ledger,
                               CurrentVersions currentVersions, ObjectCopier copier, CopyQueue continuations,
                               int maxAttempts) {
        this.jobs = Objects.requireNonNull(jobs, "jobs");
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.currentVersions = Objects.requireNonNull(currentVersions, "currentVersions");
        this.copier = Objects.requireNonNull(copier, "copier");
        this.continuations = Objects.requireNonNull(continuations, "continuations");
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, got " + maxAttempts);
        }
        this.maxAttempts = maxAttempts;
    }

    /** What became of a task. */
    public enum Result {
        /** Copied and recorded now. */
        COPIED,
        /** Its failure (or the restored copy's expiry) recorded now. */
        FAILED,
        /** Nothing to do: recorded before, no longer restored for the job, or its job ended or is gone. */
        NOTHING_TO_DO,
        /** Failed for a reason that may pass: deliver it again later. */
        RETRY,
        /** Copied in part, what was copied kept: a task that continues it is queued, and this one is done. */
        CONTINUED
    }

    /** As {@link #copy(CopyTask, int, TimeLeft)} with no time limit. */
    public Result copy(CopyTask task, int attempt) {
        return copy(task, attempt, TimeLeft.unlimited());
    }

    /**
     * @param attempt  which delivery of the task this is, from 1 (SQS's ApproximateReceiveCount)
     * @param timeLeft how long the copy may run
     */
    public Result copy(CopyTask task, int attempt, TimeLeft timeLeft) {
        Optional<Job> job = jobs.apply(task.job());
        Optional<CopySpec> spec = job.flatMap(j -> j.request().copyValue());
        if (spec.isEmpty()) {
            LOG.warn("Copy of {} for job {}: the job is gone or does not copy; nothing done", task.object(),
                    task.job());
            return Result.NOTHING_TO_DO;
        }
        if (job.get().status().isTerminal()) {
            LOG.info("Copy of {} for job {}: the job ended {} before it; not copied", task.object(), task.job(),
                    job.get().status());
            abandonUnfinished(task, spec.get());
            return Result.NOTHING_TO_DO;
        }
        ObjectRecord record = ledger.records(List.of(task.object())).get(task.object());
        boolean awaits = record != null && record.outcome(task.job()).map(MemberOutcome::awaitsCopy).orElse(false);
        if (!awaits) {
            abandonUnfinished(task, spec.get());
            return Result.NOTHING_TO_DO; // a duplicate task, or the object no longer counts restored for the job
        }
        Optional<ObjectId> pinned = pinned(task.object());
        if (pinned.isEmpty()) {
            return recordFailure(task, CopyResult.failed(NO_CURRENT_VERSION));
        }
        Optional<CopyRequest> request = requestOf(pinned.get(), task.object(), spec.get());
        if (request.isEmpty()) {
            return recordFailure(task, CopyResult.failed(NO_DESTINATION_KEY));
        }
        // Always through the destination check: a first delivery may be a duplicate of a task whose copy was made and
        // not recorded (the tally's retried batch, the monitor queueing a lost copy again)
        CopyOutcome outcome = copier.copy(request.get(), task.resume(), timeLeft);
        return switch (outcome) {
            case CopyOutcome.Copied copied -> record(task, CopyResult.copied(), Result.COPIED);
            case CopyOutcome.AlreadyCopied found -> {
                abandonUnfinished(task, request.get()); // another delivery's copy is there: ours is not needed
                yield record(task, CopyResult.copied(), Result.COPIED);
            }
            case CopyOutcome.SourceRestoreExpired expired -> {
                abandonUnfinished(task, request.get());
                yield recordFailure(task, CopyResult.expired(expired.code()));
            }
            case CopyOutcome.Unfinished unfinished when unfinished.progressed() -> {
                LOG.info("Copy of {} for job {}: {} of {} parts copied ({} now), stopped ({}): continued by a new task",
                        task.object(), task.job(), unfinished.partsDone(), unfinished.parts(),
                        unfinished.partsCopiedNow(), unfinished.code());
                continuations.enqueue(List.of(task.continuedFrom(unfinished.resumeToken())));
                yield Result.CONTINUED;
            }
            case CopyOutcome.Unfinished stalled when attempt < maxAttempts -> {
                LOG.info("Copy of {} for job {} copied no part ({}; {} of {} done), attempt {} of {}: tried again later",
                        task.object(), task.job(), stalled.code(), stalled.partsDone(), stalled.parts(), attempt,
                        maxAttempts);
                yield Result.RETRY;
            }
            case CopyOutcome.Unfinished stalled -> {
                copier.abandon(request.get(), stalled.resumeToken());
                yield recordFailure(task, CopyResult.failed(stalled.code()));
            }
            case CopyOutcome.Failed failed when failed.retryable() && attempt < maxAttempts -> {
                LOG.info("Copy of {} for job {} failed ({}), attempt {} of {}: tried again later", task.object(),
                        task.job(), failed.code(), attempt, maxAttempts);
                yield Result.RETRY;
            }
            case CopyOutcome.Failed failed -> {
                abandonUnfinished(task, request.get());
                yield recordFailure(task, CopyResult.failed(failed.code()));
            }
        };
    }

    /** The copy of {@code source} (its version pinned) the job's copy option asks for; empty when the key has none. */
    private static Optional<CopyRequest> requestOf(ObjectId source, ObjectId object, CopySpec copy) {
        try {
            return CopyRequest.of(source, copy.destinationBucketOf(object), copy.keys(), copy.storageClass(),
                    copy.keepMetadataAndTags(), copy.kmsKeyId());
        } catch (ServiceException invalid) {
            return Optional.empty();
        }
    }

    /**
     * A task that continues a copy which will not be continued (its job ended, the copy was recorded or found made
     * meanwhile, or it failed for good): what the unfinished copy holds is freed rather than left until the bucket's
     * lifecycle rule removes it.
     */
    private void abandonUnfinished(CopyTask task, CopySpec copy) {
        if (task.resume().isPresent()) {
            pinned(task.object()).flatMap(source -> requestOf(source, task.object(), copy))
                    .ifPresent(request -> abandonUnfinished(task, request));
        }
    }

    private void abandonUnfinished(CopyTask task, CopyRequest request) {
        task.resume().ifPresent(token -> copier.abandon(request, token));
    }

    /** The object with its version pinned: its own, else the current one ("null" in a bucket never versioned). */
    private Optional<ObjectId> pinned(ObjectId object) {
        if (object.version().isPresent()) {
            return Optional.of(object);
        }
        return currentVersions.currentVersions(Set.of(object)).getOrDefault(object, Optional.empty())
                .map(version -> new ObjectId(object.bucket(), object.key(), version));
    }

    private Result recordFailure(CopyTask task, CopyResult result) {
        LOG.warn("Copy of {} for job {} ended {} ({})", task.object(), task.job(), result.kind(),
                result.code().orElse(""));
        return record(task, result, Result.FAILED);
    }

    private Result record(CopyTask task, CopyResult result, Result done) {
        return ledger.recordCopy(task.job(), task.object(), result) ? done : Result.NOTHING_TO_DO;
    }
}
