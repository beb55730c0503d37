package io.s3bulkrestore.simulation;

import io.s3bulkrestore.model.ErrorCode;
import io.s3bulkrestore.model.Job;
import io.s3bulkrestore.model.JobId;
import io.s3bulkrestore.model.ManifestColumns;
import io.s3bulkrestore.model.ObjectId;
import io.s3bulkrestore.model.ServiceException;
import io.s3bulkrestore.ports.BatchJobState;
import io.s3bulkrestore.ports.BatchOperations;
import io.s3bulkrestore.monitor.CompletionReports;
import io.s3bulkrestore.ports.BatchStatus;
import io.s3bulkrestore.ports.RestoreStatusChecker;
import io.s3bulkrestore.restore.RestoreHeader;
import io.s3bulkrestore.tracking.CurrentVersions;
import io.s3bulkrestore.tracking.MarkTasksFailed.FailedTask;
import io.s3bulkrestore.tracking.RestoreEvent;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * S3 and S3 Batch Operations as the simulation's single source of truth: which object versions exist and
 * whether they are archived, each version's restores (in progress, restored until, expired again), and each
 * batch job's tasks with the answer RestoreObject gave them, as S3 gives it: 202 starts a restore, 409
 * RestoreAlreadyInProgress while one runs, 200 while a restored copy exists (its expiry extended),
 * 403 ObjectAlreadyInActiveTierError for an object that is not archived, AccessDenied, NoSuchKey. A batch job
 * fails once more than half of its attempted tasks failed. Restores complete into "Object Restore Completed"
 * events, handed to whoever delivers them.
 */
final class SimulatedWorld implements BatchOperations, RestoreStatusChecker, CompletionReports, CurrentVersions {

    static final String IN_PROGRESS = "RestoreAlreadyInProgress";
    static final String NOT_ARCHIVED = "ObjectAlreadyInActiveTierError";
    static final String ACCESS_DENIED = "AccessDenied";
    static final String NO_SUCH_KEY = "NoSuchKey";
    /** Codes that mean the object really cannot be restored for the job. */
    static final Set<String> REAL_FAILURES = Set.of(ACCESS_DENIED, NO_SUCH_KEY);

    /** Tasks one batch job runs per tick. */
    static final int TASKS_PER_TICK = 12;
    /** Batch Operations judges the failure rate only after this many tasks. */
    static final int FAILURE_RATE_MIN_TASKS = 10;

    /** One object version and its history. */
    static final class Version {
        final ObjectId id;
        boolean archived = true;
        boolean denied;
        Duration restoreTime = Duration.ofMinutes(60);
        Duration copyLifetime = Duration.ofDays(3);
        Instant restoringUntil;
        /** Restored copies: {completedAt, expiresAt}. */
        final List<Instant[]> copies = new ArrayList<>();

        Version(ObjectId id) {
            this.id = id;
        }

        boolean copyAt(Instant at) {
            for (Instant[] copy : copies) {
                if (!copy[0].isAfter(at) && copy[1].isAfter(at)) {
                    return true;
                }
            }
            return false;
        }
    }

    /** One task's answer, kept as the truth about the job. */
    record TaskOutcome(ObjectId manifestObject, Instant at, Optional<String> errorCode) {
    }

    private static final class BatchJob {
        final String id;
        final JobId job;
        final List<ObjectId> tasks;
        final Instant startAt;
        int next;
        long succeeded;
        long failed;
        String status = "Active";
        boolean cancelRequested;
        final List<String> reasons = new ArrayList<>();
        final List<FailedTask> failures = new ArrayList<>();
        final List<TaskOutcome> outcomes = new ArrayList<>();

        BatchJob(String id, JobId job, List<ObjectId> tasks, Instant startAt) {
            this.id = id;
            this.job = job;
            this.tasks = tasks;
            this.startAt = startAt;
        }
    }

    private final Supplier<Instant> now;
    private final Duration tick;
    /** bucket + "/" + key -> versions, the current one last. */
    private final Map<String, List<Version>> keys = new LinkedHashMap<>();
    /** manifest key -> the objects its lines name, in line order (duplicates included). */
    private final Map<String, List<ObjectId>> manifests = new HashMap<>();
    private final Map<String, BatchJob> batchJobsByToken = new LinkedHashMap<>();
    private final Map<String, BatchJob> batchJobsById = new HashMap<>();

    SimulatedWorld(Supplier<Instant> now, Duration tick) {
        this.now = now;
        this.tick = tick;
    }

    Version addVersion(ObjectId id) {
        Version version = new Version(id);
        keys.computeIfAbsent(id.bucket() + "/" + id.key(), k -> new ArrayList<>()).add(version);
        return version;
    }

    void addManifest(String manifestKey, List<ObjectId> lines) {
        manifests.put(manifestKey, List.copyOf(lines));
    }

    /** The version a manifest line names: the one with its version id, or the current one; null if none. */
    Version resolve(ObjectId object) {
        List<Version> versions = keys.get(object.bucket() + "/" + object.key());
        if (versions == null || versions.isEmpty()) {
            return null;
        }
        if (object.versionId() == null) {
            return versions.getLast();
        }
        for (Version version : versions) {
            if (object.versionId().equals(version.id.versionId())) {
                return version;
            }
        }
        return null;
    }

    /**
     * Moves time on to {@code at}: restores that are due complete (each handed to {@code completed} as its
     * event), then each active batch job runs its next tasks.
     */
    void advance(Instant at, Consumer<RestoreEvent> completed) {
        for (List<Version> versions : keys.values()) {
            for (Version version : versions) {
                if (version.restoringUntil != null && !version.restoringUntil.isAfter(at)) {
                    Instant done = version.restoringUntil;
                    version.copies.add(new Instant[]{done, done.plus(version.copyLifetime)});
                    version.restoringUntil = null;
                    // the Completed event says when the copy expires, as S3's does
                    completed.accept(RestoreEvent.completed(version.id, done).withRestore(
                            done.plus(version.copyLifetime), null));
                }
            }
        }
        for (BatchJob batch : batchJobsById.values()) {
            runTasks(batch, at);
        }
    }

    private void runTasks(BatchJob batch, Instant at) {
        if (!batch.status.equals("Active") && !batch.status.equals("Cancelling")) {
            return;
        }
        if (batch.cancelRequested) {
            batch.status = "Cancelled";
            return;
        }
        if (at.isBefore(batch.startAt)) {
            return;
        }
        for (int i = 0; i < TASKS_PER_TICK && batch.next < batch.tasks.size(); i++) {
            ObjectId object = batch.tasks.get(batch.next++);
            Optional<String> error = restoreObject(object, at);
            batch.outcomes.add(new TaskOutcome(object, at, error));
            if (error.isPresent()) {
                batch.failed++;
                batch.failures.add(new FailedTask(object, error.get()));
            } else {
                batch.succeeded++;
            }
            long attempted = batch.succeeded + batch.failed;
            if (attempted >= Math.min(FAILURE_RATE_MIN_TASKS, batch.tasks.size()) && batch.failed * 2 > attempted) {
                batch.status = "Failed";
                batch.reasons.add("The task failure rate exceeded 50% (" + batch.failed + " of " + attempted + ")");
                return;
            }
        }
        if (batch.next == batch.tasks.size()) {
            batch.status = "Complete";
        }
    }

    /** RestoreObject as S3 answers it; empty for 200/202. */
    private Optional<String> restoreObject(ObjectId object, Instant at) {
        Version version = resolve(object);
        if (version == null) {
            return Optional.of(NO_SUCH_KEY);
        }
        if (version.denied) {
            return Optional.of(ACCESS_DENIED);
        }
        if (!version.archived) {
            return Optional.of(NOT_ARCHIVED);
        }
        if (version.restoringUntil != null) {
            return Optional.of(IN_PROGRESS);
        }
        for (Instant[] copy : version.copies) {
            if (!copy[0].isAfter(at) && copy[1].isAfter(at)) {
                copy[1] = max(copy[1], at.plus(version.copyLifetime)); // 200: the copy's expiry is extended
                return Optional.empty();
            }
        }
        version.restoringUntil = at.plus(version.restoreTime);
        return Optional.empty();
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    // ---- the truth the invariants are checked against ----

    /**
     * Whether the object a job's manifest line names was restored for that job by {@code at}: a restored copy
     * of the version it names existed at some moment between the job's creation and {@code at}.
     */
    boolean restoredFor(Instant jobCreated, ObjectId manifestObject, Instant at) {
        Version version = resolve(manifestObject);
        if (version == null) {
            return false;
        }
        for (Instant[] copy : version.copies) {
            if (!copy[0].isAfter(at) && copy[1].isAfter(jobCreated)) {
                return true;
            }
        }
        return false;
    }

    /** The answers the job's batch tasks got for this object (one per manifest line that names it). */
    List<TaskOutcome> taskOutcomes(JobId job, ObjectId manifestObject) {
        BatchJob batch = batchJobsByToken.get(job.value());
        if (batch == null) {
            return List.of();
        }
        return batch.outcomes.stream().filter(o -> o.manifestObject().equals(manifestObject)).toList();
    }

    /** Whether the object really could not be restored for the job: a task got AccessDenied or NoSuchKey. */
    boolean reallyFailed(JobId job, ObjectId manifestObject) {
        return taskOutcomes(job, manifestObject).stream()
                .anyMatch(o -> o.errorCode().map(REAL_FAILURES::contains).orElse(false));
    }

    Optional<String> batchStatusOf(JobId job) {
        return Optional.ofNullable(batchJobsByToken.get(job.value())).map(b -> b.status);
    }

    int tasksRun(JobId job) {
        BatchJob batch = batchJobsByToken.get(job.value());
        return batch == null ? 0 : batch.next;
    }

    // ---- BatchOperations ----

    @Override
    public String createRestoreJob(Job job, Optional<ManifestColumns> csvColumns) {
        BatchJob existing = batchJobsByToken.get(job.id().value()); // ClientRequestToken
        if (existing != null) {
            return existing.id;
        }
        List<ObjectId> lines = manifests.get(job.manifest().key());
        if (lines == null) {
            throw new ServiceException(ErrorCode.UPSTREAM_FAILED, "no manifest " + job.manifest().key());
        }
        BatchJob batch = new BatchJob("batch-" + (batchJobsById.size() + 1), job.id(), lines, now.get().plus(tick));
        batchJobsByToken.put(job.id().value(), batch);
        batchJobsById.put(batch.id, batch);
        return batch.id;
    }

    @Override
    public String createSourceJob(Job job, io.s3bulkrestore.model.SourceStorageClass storageClass) {
        throw new UnsupportedOperationException("source jobs are not scripted here: see RecordingBatchOperations");
    }

    @Override
    public String createFollowUpJob(Job job, io.s3bulkrestore.model.ManifestLocation manifest) {
        throw new UnsupportedOperationException("follow-up jobs are not scripted here: see RecordingBatchOperations");
    }

    @Override
    public void confirm(String batchJobId) {
        throw new UnsupportedOperationException("source jobs are not scripted here: see RecordingBatchOperations");
    }

    @Override
    public BatchJobState describe(String batchJobId) {
        BatchJob batch = batchJobsById.get(batchJobId);
        if (batch == null) {
            throw new ServiceException(ErrorCode.UPSTREAM_FAILED, "no batch job " + batchJobId);
        }
        return new BatchJobState(BatchStatus.of(batch.status), batch.tasks.size(), batch.succeeded, batch.failed,
                List.copyOf(batch.reasons), Optional.of("reports"), Optional.of("batch/" + batch.id));
    }

    @Override
    public CancelOutcome cancel(String batchJobId) {
        BatchJob batch = batchJobsById.get(batchJobId);
        if (batch == null) {
            throw new ServiceException(ErrorCode.UPSTREAM_FAILED, "no batch job " + batchJobId);
        }
        switch (batch.status) {
            case "Complete", "Failed" -> {
                return CancelOutcome.ALREADY_FINISHED;
            }
            case "Active", "Cancelling" -> {
                batch.status = "Cancelling";
                batch.cancelRequested = true;
            }
            default -> {
                // already cancelled
            }
        }
        return CancelOutcome.CANCELLING;
    }

    // ---- HeadObject ----

    /** HeadObject without a version id: the current version's id (the last one written). */
    @Override
    public Map<ObjectId, Optional<String>> currentVersions(Set<ObjectId> objects) {
        Map<ObjectId, Optional<String>> answers = new LinkedHashMap<>();
        for (ObjectId object : objects) {
            Version current = resolve(object);
            answers.put(object, current == null ? Optional.empty()
                    : Optional.of(current.id.versionId() == null ? CurrentVersions.NULL_VERSION : current.id.versionId()));
        }
        return answers;
    }

    @Override
    public Optional<RestoreHeader> restoreStatus(ObjectId object) {
        Version version = resolve(object);
        if (version == null) {
            return Optional.empty();
        }
        if (version.restoringUntil != null) {
            return Optional.of(RestoreHeader.inProgress());
        }
        Instant at = now.get();
        for (Instant[] copy : version.copies) {
            if (!copy[0].isAfter(at) && copy[1].isAfter(at)) {
                return Optional.of(RestoreHeader.restoredUntil(copy[1]));
            }
        }
        return Optional.empty();
    }

    // ---- completion reports ----

    /** Batches of 10, so that the monitor's one-step budget reads a report over several ticks. */
    @Override
    public Reading forEachFailedTask(String batchJobId, BatchJobState state, long skip,
                                     Predicate<List<FailedTask>> batches) {
        BatchJob batch = batchJobsById.get(batchJobId);
        if (batch == null || batch.failures.isEmpty()) {
            return new Reading(skip, true);
        }
        List<FailedTask> failures = List.copyOf(batch.failures);
        int handled = (int) skip;
        while (handled < failures.size()) {
            List<FailedTask> next = failures.subList(handled, Math.min(failures.size(), handled + 10));
            handled += next.size();
            if (!batches.test(next)) {
                return new Reading(handled, handled >= failures.size());
            }
        }
        return new Reading(handled, true);
    }
}
