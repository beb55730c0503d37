package io.s3bulkrestore.tally;

import io.s3bulkrestore.model.JobId;

import java.util.List;
import java.util.Objects;

/**
 * Where the tally function adds record changes to a job's counters (DESIGN §3), once each. The changes of one
 * stream shard reach the function in order, a shard at a time, so the store keeps per job and shard the sequence
 * number of the last change it added and adds only later ones: a retried batch, a bisected half of a batch added
 * whole, a batch delivered twice or retried with more changes after it, each adds exactly what was not added.
 */
public interface TallyStore {

    /** One change's delta for a job, with the change's sequence number in its shard. */
    record SequencedDelta(String sequenceNumber, CountDelta delta) {
        public SequencedDelta {
            Objects.requireNonNull(sequenceNumber, "sequenceNumber");
            Objects.requireNonNull(delta, "delta");
        }
    }

    /**
     * Adds to the job's counters the deltas (of one shard, in stream order) whose sequence numbers come after the
     * last one added for this job and shard, in one atomic write. Returns how many of them it added (0 when every
     * one was added before).
     */
    int add(JobId job, String shard, List<SequencedDelta> deltas);

    /** Orders two stream sequence numbers (strings of digits, of any length) as the numbers they are. */
    static int compareSequences(String a, String b) {
        String x = a.replaceFirst("^0+(?=.)", "");
        String y = b.replaceFirst("^0+(?=.)", "");
        return x.length() != y.length() ? Integer.compare(x.length(), y.length()) : x.compareTo(y);
    }
}
