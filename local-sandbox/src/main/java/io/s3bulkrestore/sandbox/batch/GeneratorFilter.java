package io.s3bulkrestore.sandbox.batch;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A {@code JobManifestGeneratorFilter}: which objects of the source bucket a generated manifest lists. Every
 * criterion given must hold (each narrows the list); within a {@code MatchAny...} list any one value may match.
 * Semantics as documented at
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_control_JobManifestGeneratorFilter.html and
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_control_KeyNameConstraint.html:
 * <ul>
 *   <li>CreatedAfter / CreatedBefore: "created after / before this time", both strict, on the object's
 *       LastModified (an S3 object version is never modified, so that is when it was created);</li>
 *   <li>ObjectSizeGreaterThanBytes / ObjectSizeLessThanBytes: "greater than" / "less than", both strict;</li>
 *   <li>MatchAnyPrefix / MatchAnySuffix / MatchAnySubstring: the string at the start, at the end, anywhere in
 *       the key (case-sensitive, as keys are);</li>
 *   <li>MatchAnyStorageClass: the storage class the listing gives (Intelligent-Tiering is one class whatever
 *       its access tier);</li>
 *   <li>ObjectReplicationStatuses: the object's replication status, {@code NONE} when it has none.</li>
 * </ul>
 * An absent or empty list does not narrow anything.
 *
 * @param eligibleForReplication kept to echo it in DescribeJob; only null or false reach here (true is refused
 *                               when the job is created, see {@link ManifestGeneratorReader})
 */
record GeneratorFilter(
        Boolean eligibleForReplication,
        Instant createdAfter,
        Instant createdBefore,
        List<String> replicationStatuses,
        List<String> matchAnyPrefix,
        List<String> matchAnySuffix,
        List<String> matchAnySubstring,
        Long sizeGreaterThan,
        Long sizeLessThan,
        List<String> storageClasses) {

    /** What a bucket listing tells about one object (a ListObjectsV2 entry). */
    record Candidate(String key, long size, Instant lastModified, String storageClass) {
    }

    static final String NO_REPLICATION_STATUS = "NONE";

    GeneratorFilter {
        replicationStatuses = List.copyOf(replicationStatuses);
        matchAnyPrefix = List.copyOf(matchAnyPrefix);
        matchAnySuffix = List.copyOf(matchAnySuffix);
        matchAnySubstring = List.copyOf(matchAnySubstring);
        storageClasses = List.copyOf(storageClasses);
    }

    static GeneratorFilter none() {
        return new GeneratorFilter(null, null, null, List.of(), List.of(), List.of(), List.of(), null, null, List.of());
    }

    boolean hasKeyNameConstraint() {
        return !matchAnyPrefix.isEmpty() || !matchAnySuffix.isEmpty() || !matchAnySubstring.isEmpty();
    }

    /**
     * The one prefix every listed key must start with, when there is exactly one: the listing can then ask S3
     * for that prefix only instead of walking the whole bucket.
     */
    String listingPrefix() {
        return matchAnyPrefix.size() == 1 ? matchAnyPrefix.get(0) : null;
    }

    /** Whether the listing alone decides: no criterion needs a HeadObject. */
    boolean needsReplicationStatus() {
        return !replicationStatuses.isEmpty();
    }

    /** Every criterion a listing entry can answer. */
    boolean matches(Candidate object) {
        Objects.requireNonNull(object, "object");
        String key = object.key();
        return (matchAnyPrefix.isEmpty() || matchAnyPrefix.stream().anyMatch(key::startsWith))
                && (matchAnySuffix.isEmpty() || matchAnySuffix.stream().anyMatch(key::endsWith))
                && (matchAnySubstring.isEmpty() || matchAnySubstring.stream().anyMatch(key::contains))
                && (createdAfter == null || object.lastModified().isAfter(createdAfter))
                && (createdBefore == null || object.lastModified().isBefore(createdBefore))
                && (sizeGreaterThan == null || object.size() > sizeGreaterThan)
                && (sizeLessThan == null || object.size() < sizeLessThan)
                && (storageClasses.isEmpty() || storageClasses.contains(object.storageClass()));
    }

    /** @param replicationStatus as HeadObject gives it ({@code x-amz-replication-status}), null when absent */
    boolean matchesReplicationStatus(String replicationStatus) {
        return replicationStatuses.isEmpty()
                || replicationStatuses.contains(replicationStatus == null ? NO_REPLICATION_STATUS : replicationStatus);
    }
}
