package io.s3bulkrestore.jobs;

import java.util.Arrays;
import java.util.List;

/**
 * The Batch Operations jobs of one of our jobs, as recorded on it: one id, or several joined by commas (a source
 * job over several storage classes has one batch job per class). Batch Operations job ids are letters, digits,
 * '-' and '_' (https://docs.aws.amazon.com/AmazonS3/latest/API/API_control_DescribeJob.html), so a comma never
 * occurs in one.
 */
public final class BatchJobIds {

    private static final String SEPARATOR = ",";

    private BatchJobIds() {
    }

    public static String join(List<String> ids) {
        if (ids.isEmpty()) {
            throw new IllegalArgumentException("a job has at least one batch job");
        }
        for (String id : ids) {
            if (id.isEmpty() || id.contains(SEPARATOR)) {
                throw new IllegalArgumentException("not a Batch Operations job id: '" + id + "'");
            }
        }
        return String.join(SEPARATOR, ids);
    }

    public static List<String> split(String joined) {
        return Arrays.asList(joined.split(SEPARATOR));
    }

    public static boolean isGroup(String joined) {
        return joined.contains(SEPARATOR);
    }

    /** The first batch job: the one the seed-compatible {@code BatchOperation.JobId} field names. */
    public static String first(String joined) {
        return split(joined).get(0);
    }
}
