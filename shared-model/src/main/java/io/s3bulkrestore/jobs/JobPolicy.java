package io.s3bulkrestore.jobs;

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
 */
public record JobPolicy(Set<String> allowedBuckets, double deadlineFactor) {

    public JobPolicy {
        allowedBuckets = Set.copyOf(Objects.requireNonNull(allowedBuckets, "allowedBuckets"));
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
