package io.s3bulkrestore.jobs;

import io.s3bulkrestore.copy.CopyPlan;

import io.s3bulkrestore.model.CreateJobRequest;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * The stack's rules for accepting jobs.
 *
 * @param allowedBuckets  buckets whose manifests (and objects) this stack may touch
 * @param deadlineFactor  how many times the slowest documented restore time a job may take before it
 *                        times out
 * @param copies          the copy rate a job with a copy option is planned against (its restored copies must not
 *                        expire before they are copied)
 */
public record JobPolicy(Set<String> allowedBuckets, double deadlineFactor, CopyPlan copies) {

    /** The copy rate of the template's default CopyConcurrency (20). */
    public static final CopyPlan DEFAULT_COPIES = CopyPlan.ofConcurrency(20);

    /** With the default copy plan. */
    public JobPolicy(Set<String> allowedBuckets, double deadlineFactor) {
        this(allowedBuckets, deadlineFactor, DEFAULT_COPIES);
    }

    public JobPolicy {
        allowedBuckets = Set.copyOf(Objects.requireNonNull(allowedBuckets, "allowedBuckets"));
        Objects.requireNonNull(copies, "copies");
        if (!(deadlineFactor >= 1.0)) {
            throw new IllegalArgumentException("deadlineFactor must be at least 1, got " + deadlineFactor);
        }
    }

    public boolean allows(String bucket) {
        return allowedBuckets.contains(bucket);
    }

    public Instant deadlineFor(CreateJobRequest request, Instant createdAt) {
        Duration slowest = request.storage().slowestRestore(request.tier());
        return createdAt.plusMillis((long) (slowest.toMillis() * deadlineFactor));
    }
}
