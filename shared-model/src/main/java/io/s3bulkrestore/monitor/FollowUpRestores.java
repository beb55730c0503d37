package io.s3bulkrestore.monitor;

import io.s3bulkrestore.jobs.BatchJobIds;
import io.s3bulkrestore.model.Job;
import io.s3bulkrestore.model.ManifestLocation;
import io.s3bulkrestore.model.ObjectId;
import io.s3bulkrestore.ports.BatchOperations;
import io.s3bulkrestore.ports.FollowUpManifests;
import io.s3bulkrestore.ports.ObjectArchiveStates;
import io.s3bulkrestore.restore.ArchiveClass;
import io.s3bulkrestore.restore.ObjectArchiveState;
import io.s3bulkrestore.tracking.MarkTasksFailed.FailedTask;
import io.s3bulkrestore.tracking.TaskErrorCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A CSV or inventory manifest may mix objects one RestoreObject request cannot serve together: Glacier classes restore
 * for a number of days, Intelligent-Tiering archive tiers refuse one, and objects of other classes are not archived at
 * all. A manifest job is one batch job with one request shape, so S3 tells us, in its completion report, which objects
 * did not fit; only those are asked about (HeadObject), never every object of the manifest:
 * <ul>
 *   <li>an object whose task failed with a code that leaves its class open ({@link TaskErrorCode#leavesClassOpen})
 *       and that HeadObject shows readable as it is (STANDARD, an Intelligent-Tiering access tier, ...) is skipped,
 *       "not archived" ({@link TaskErrorCode#NOT_ARCHIVED_CODE});</li>
 *   <li>an Intelligent-Tiering archive object of a job that sent days (storage GLACIER) stays pending: it is written
 *       to the job's follow-up manifest, and once the first batch job's report is read, a follow-up batch job restores
 *       those objects without days, as part of the same job ({@link BatchJobIds}: one status, one report);</li>
 *   <li>a Glacier object of a job that sent no days (storage INTELLIGENT_TIERING) fails, its code saying to restore it
 *       with storage GLACIER and expiration_days (a number of days is the user's decision, not ours to guess);</li>
 *   <li>an object S3 no longer has, or will not describe, keeps its task's code: a failure.</li>
 * </ul>
 * Only the first batch job's report is read this way: the follow-up's codes are final. Every step is safe to repeat:
 * a batch's data file is named after its position in the report (the same batch writes the same file), the manifest
 * listing them is the same for the same files, the follow-up's token is derived from the job id, and it is recorded
 * only while the job has its first batch job alone. A tick that stops between creating and recording finds the same
 * batch job again the next tick.
 */
public final class FollowUpRestores {

    private static final Logger LOG = LoggerFactory.getLogger(FollowUpRestores.class);

    private final MonitoredJobStore jobs;
    private final BatchOperations batch;
    private final ObjectArchiveStates states;
    private final FollowUpManifests manifests;

    public FollowUpRestores(MonitoredJobStore jobs, BatchOperations batch, ObjectArchiveStates states,
                            FollowUpManifests manifests) {
        this.jobs = Objects.requireNonNull(jobs, "jobs");
        this.batch = Objects.requireNonNull(batch, "batch");
        this.states = Objects.requireNonNull(states, "states");
        this.manifests = Objects.requireNonNull(manifests, "manifests");
    }

    /**
     * Whether the job's failed tasks are sorted here: a manifest job (a source job's batch jobs each select one class),
     * whose report is its first batch job's.
     */
    public boolean applies(Job job) {
        return job.request().sourceValue().isEmpty() && job.batchJobId() != null
                && !BatchJobIds.isGroup(job.batchJobId());
    }

    /**
     * The failed tasks of one batch of the first batch job's report, as they are to be settled: a task whose code
     * leaves the class open gets a code that says what HeadObject found, or is left out (an Intelligent-Tiering
     * archive object to follow up, written to the data file of {@code position}).
     *
     * @param position  where the batch begins in the report
     * @param followingUp whether Intelligent-Tiering archive objects are followed up; when not (the batch job was
     *                    cancelled or failed, and the job ends), their tasks settle as failed with their codes
     */
    public List<FailedTask> sort(Job job, long position, List<FailedTask> tasks, boolean followingUp) {
        List<ObjectId> open = tasks.stream()
                .filter(task -> TaskErrorCode.leavesClassOpen(task.errorCode()))
                .map(FailedTask::object)
                .distinct()
                .toList();
        if (open.isEmpty()) {
            return tasks;
        }
        Map<ObjectId, ObjectArchiveState> found = states.statesOf(open);
        boolean sentDays = job.request().storage().takesExpirationDays();
        boolean followsUp = sentDays && followingUp;
        List<FailedTask> settle = new ArrayList<>(tasks.size());
        Set<ObjectId> followUp = new LinkedHashSet<>();
        int notArchived = 0;
        for (FailedTask task : tasks) {
            ObjectArchiveState state = TaskErrorCode.leavesClassOpen(task.errorCode()) ? found.get(task.object()) : null;
            if (state == null) {
                settle.add(task); // its code is final, or S3 would not say more: it stands
            } else if (state.archive() == ArchiveClass.NOT_ARCHIVED) {
                settle.add(new FailedTask(task.object(), TaskErrorCode.NOT_ARCHIVED_CODE + ": " + describe(state)
                        + " is readable as it is (RestoreObject answered " + task.errorCode() + ")"));
                notArchived++;
            } else if (state.archive().isIntelligentTiering() && followsUp) {
                followUp.add(task.object());
            } else if (!state.archive().isIntelligentTiering() && !sentDays) {
                settle.add(new FailedTask(task.object(), task.errorCode() + ": a " + state.storageClass()
                        + " object is restored for a number of days; restore it with a job of storage GLACIER and"
                        + " expiration_days"));
            } else {
                settle.add(task);
            }
        }
        if (!followUp.isEmpty()) {
            manifests.writePart(job.id(), position, List.copyOf(followUp));
        }
        LOG.info("Job {}: of {} failed tasks at {} of its first batch job's report, {} asked about: {} not archived,"
                        + " {} Intelligent-Tiering archive objects to restore without days", job.id(), tasks.size(),
                position, open.size(), notArchived, followUp.size());
        return settle;
    }

    private static String describe(ObjectArchiveState state) {
        return state.storageClass().equals("INTELLIGENT_TIERING")
                ? "an INTELLIGENT_TIERING object in an access tier"
                : "a " + state.storageClass() + " object";
    }

    /**
     * Once the first batch job's report is wholly read: creates the follow-up batch job over the objects written to
     * the follow-up manifest, and adds it to the job's batch jobs.
     *
     * @return true when the job has a follow-up batch job (its report is read on from the follow-up's); false when
     *         it has none to follow up (the reading has ended)
     */
    public boolean followUp(Job job) {
        Optional<ManifestLocation> manifest = manifests.writeManifest(job.id());
        if (manifest.isEmpty()) {
            return false;
        }
        String followUpId = batch.createFollowUpJob(job, manifest.get());
        String group = BatchJobIds.join(List.of(job.batchJobId(), followUpId));
        boolean recorded = jobs.recordFollowUpBatchJob(job.id(), job.batchJobId(), group,
                GroupedCompletionReports.startOf(1));
        LOG.info("Job {}: batch job {} restores its Intelligent-Tiering archive objects without days ({}){}", job.id(),
                followUpId, manifest.get().uri(), recorded ? "" : "; recorded before");
        return true;
    }
}
