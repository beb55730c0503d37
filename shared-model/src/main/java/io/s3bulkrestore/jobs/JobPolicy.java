package io.s3bulkrestore.jobs;

import io.s3bulkrestore.copy.CopyPlan;

import io.s3bulkrestore.model.CreateJobRequest;
import io.s3bulkrestore.model.CreateJobRequestParser;
import io.s3bulkrestore.model.ServiceException;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The stack's rules for accepting jobs.
 *
 * @param allowedBuckets  buckets whose manifests (and objects) this stack may touch
 * @param deadlineFactor  how many times the slowest documented restore time a job may take before it
 *                        times out
 * @param copies          the copy rate a job with a copy option is planned against (its restored copies must not
 *                        expire before they are copied)
 * @param copyKmsKeyArn   the one KMS key the copy worker may encrypt copies with (CopyKmsKeyArn); empty: none
 */
public record JobPolicy(Set<String> allowedBuckets, double deadlineFactor, CopyPlan copies,
                        Optional<String> copyKmsKeyArn) {

    /** The copy rate of the template's default CopyConcurrency (20). */
    public static final CopyPlan DEFAULT_COPIES = CopyPlan.ofConcurrency(20);

    /** No KMS key for copies. */
    public JobPolicy(Set<String> allowedBuckets, double deadlineFactor, CopyPlan copies) {
        this(allowedBuckets, deadlineFactor, copies, Optional.empty());
    }

    /** With the default copy plan. */
    public JobPolicy(Set<String> allowedBuckets, double deadlineFactor) {
        this(allowedBuckets, deadlineFactor, DEFAULT_COPIES);
    }

    public JobPolicy {
        allowedBuckets = Set.copyOf(Objects.requireNonNull(allowedBuckets, "allowedBuckets"));
        Objects.requireNonNull(copies, "copies");
        Objects.requireNonNull(copyKmsKeyArn, "copyKmsKeyArn");
        if (!(deadlineFactor >= 1.0)) {
            throw new IllegalArgumentException("deadlineFactor must be at least 1, got " + deadlineFactor);
        }
    }

    /**
     * Whether the copy worker may encrypt with {@code kmsKeyId}: the configured key named by its ARN or its key id,
     * or an alias (which KMS resolves at the copy: it must name the configured key, or the copy fails AccessDenied).
     */
    public boolean allowsCopyKey(String kmsKeyId) {
        if (copyKmsKeyArn.isEmpty()) {
            return false;
        }
        String arn = copyKmsKeyArn.get();
        return kmsKeyId.equals(arn) || arn.endsWith("/" + kmsKeyId) || kmsKeyId.startsWith("alias/");
    }

    public boolean allows(String bucket) {
        return allowedBuckets.contains(bucket);
    }

    public Instant deadlineFor(CreateJobRequest request, Instant createdAt) {
        Duration slowest = request.storage().slowestRestore(request.tier());
        return createdAt.plusMillis((long) (slowest.toMillis() * deadlineFactor));
    }

    /**
     * The deadline of a job of at most {@code objects} objects: for a job that copies, the restores' deadline plus
     * twice the time its copies take if the last restores complete together ({@link CopyPlan#backlog}), so a job whose
     * copies are still being made is not timed out; for any other job, the restores' deadline alone.
     */
    public Instant deadlineFor(CreateJobRequest request, Instant createdAt, long objects) {
        Instant restores = deadlineFor(request, createdAt);
        return request.copyValue().isEmpty() ? restores : restores.plus(copies.backlog(objects).multipliedBy(2));
    }

    /**
     * Refuses a job with a copy option whose restored copies would expire before the stack can copy {@code objects}
     * of them: the copy backlog, if every restore completed at once, is planned against {@code expiration_days}
     * ({@link CopyPlan}). Jobs without a copy option or without days (Intelligent-Tiering) pass.
     *
     * @param counted how {@code objects} was counted, in words ("the manifest's objects (12 or more, from its size)")
     * @param remedy  what to do about it, in words
     */
    public void checkCopyTime(CreateJobRequest request, long objects, String counted, String remedy) {
        if (request.copyValue().isEmpty() || request.expirationDays() == null) {
            return;
        }
        int needed = copies.minimumExpirationDays(Math.max(1, objects));
        if (needed > request.expirationDays()) {
            throw ServiceException.invalid(CreateJobRequestParser.EXPIRATION_DAYS, String.format(Locale.ROOT,
                    "expiration_days %d is too short to copy %s before their restored copies expire: at %.0f copies a"
                            + " second (CopyConcurrency) that takes up to %s if the restores complete together; %s"
                            + " expiration_days %d or more, or deploy with a larger CopyConcurrency",
                    request.expirationDays(), counted, copies.copiesPerSecond(), copies.backlog(Math.max(1, objects)),
                    remedy, needed));
        }
    }
}
