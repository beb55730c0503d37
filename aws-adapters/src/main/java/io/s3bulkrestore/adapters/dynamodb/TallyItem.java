package io.s3bulkrestore.adapters.dynamodb;

import io.s3bulkrestore.model.JobCounts;
import io.s3bulkrestore.model.JobId;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.Map;

/**
 * A job's counters from one stream shard, the {@code JOB#<id>} / {@code TALLY#<shard id>} item of the JobsTable
 * (DESIGN §3): written by {@link DynamoDbTallyStore} (ADD only, each batch guarded by {@link #LAST_SEQUENCE}), summed
 * by the job stores into a job's counts. Only this class knows the item's attribute names.
 * <pre>
 *   registered, restored, failed, skipped   N, may be negative (see {@link Sums})
 *   copied, copyFailed                      N, only on a job that copies its objects
 *   lastSequence                            S, the last stream sequence number added, zero-padded
 *   expiresAt                               N, the TTL
 * </pre>
 */
public final class TallyItem {

    /** The last stream sequence number added, zero-padded to {@link #SEQUENCE_DIGITS} so that it sorts as text. */
    static final String LAST_SEQUENCE = "lastSequence";
    /** DynamoDB Streams sequence numbers are at most 40 digits (StreamRecord SequenceNumber, API reference). */
    static final int SEQUENCE_DIGITS = 40;
    /** The counters. */
    public static final String REGISTERED = "registered";
    public static final String RESTORED = "restored";
    public static final String FAILED = "failed";
    public static final String SKIPPED = "skipped";
    /** Counters of a job that copies its objects (restored objects copied; copies failed or too late). */
    public static final String COPIED = "copied";
    public static final String COPY_FAILED = "copyFailed";

    private TallyItem() {
    }

    static Map<String, AttributeValue> key(JobId job, String shard) {
        return Map.of(TableDesign.PK, AttributeValue.fromS(JobItem.pk(job)),
                TableDesign.SK, AttributeValue.fromS(TableDesign.TALLY_PREFIX + shard));
    }

    /** The sequence number left-padded with zeros to {@link #SEQUENCE_DIGITS}, so strings sort as numbers. */
    static String padded(String sequence) {
        if (sequence.length() > SEQUENCE_DIGITS || !sequence.chars().allMatch(Character::isDigit)) {
            throw new IllegalArgumentException("not a stream sequence number: " + sequence);
        }
        return "0".repeat(SEQUENCE_DIGITS - sequence.length()) + sequence;
    }

    /**
     * Sums a job's tally items. One may hold a negative count (an object that moves from failed to restored in one
     * stream shard, registered in another), so they are summed before they are counts.
     */
    static final class Sums {
        private long restored;
        private long failed;
        private long skipped;
        private long copied;
        private long copyFailed;

        void add(Map<String, AttributeValue> tally) {
            restored += orZero(tally, RESTORED);
            failed += orZero(tally, FAILED);
            skipped += orZero(tally, SKIPPED);
            copied += orZero(tally, COPIED);
            copyFailed += orZero(tally, COPY_FAILED);
        }

        JobCounts counts() {
            return new JobCounts(Math.max(0, restored), Math.max(0, failed), Math.max(0, skipped), Math.max(0, copied),
                    Math.max(0, copyFailed));
        }

        private static long orZero(Map<String, AttributeValue> item, String name) {
            AttributeValue value = item.get(name);
            return value == null || value.n() == null ? 0 : Long.parseLong(value.n());
        }
    }
}
