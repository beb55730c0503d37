package io.s3bulkrestore.tally;

import io.s3bulkrestore.model.JobId;
import io.s3bulkrestore.tally.TallyStore.SequencedDelta;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The tally function's work for one batch of record changes from one stream shard (DESIGN §3): derives each
 * change's deltas per job ({@link JobDeltas}) and hands each job's deltas to the store in one call, which adds
 * those it did not add before in one write. One counter write per job per batch, whatever the batch's size, and
 * a redelivered batch adds nothing twice.
 *
 * <p>Throws when a write fails; the event source then retries the batch (or its halves), and what was added
 * already is not added again.
 */
public final class TallyChanges {

    private static final Logger LOG = LoggerFactory.getLogger(TallyChanges.class);

    private final TallyStore store;

    public TallyChanges(TallyStore store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    /**
     * What one batch did.
     *
     * @param jobs    jobs the batch moves
     * @param added   changes whose deltas this call added (per job)
     * @param skipped changes whose deltas were added before (a redelivered batch)
     * @param restored objects the batch's changes made restored for a job, less those they made no longer so (a
     *                 redelivered batch reports them again: a figure for metrics, not a count)
     */
    public record Outcome(int changes, int jobs, int added, int skipped, long restored) {
    }

    /** Tallies the batch: changes of one shard, in stream order. */
    public Outcome apply(String shard, List<ObjectChange> changes) {
        Objects.requireNonNull(shard, "shard");
        Map<JobId, List<SequencedDelta>> byJob = new TreeMap<>(Comparator.comparing(JobId::value));
        long restored = 0;
        for (ObjectChange change : changes) {
            for (Map.Entry<JobId, CountDelta> delta : JobDeltas.of(change).entrySet()) {
                byJob.computeIfAbsent(delta.getKey(), j -> new ArrayList<>())
                        .add(new SequencedDelta(change.sequenceNumber(), delta.getValue()));
                restored += delta.getValue().restored();
            }
        }
        int added = 0;
        int skipped = 0;
        for (Map.Entry<JobId, List<SequencedDelta>> job : byJob.entrySet()) {
            int count = store.add(job.getKey(), shard, job.getValue());
            added += count;
            skipped += job.getValue().size() - count;
        }
        Outcome outcome = new Outcome(changes.size(), byJob.size(), added, skipped, restored);
        if (!changes.isEmpty()) {
            LOG.info("Tallied {} changes of shard {} into {} jobs ({} changes already added)", changes.size(), shard,
                    byJob.size(), skipped);
        }
        return outcome;
    }
}
