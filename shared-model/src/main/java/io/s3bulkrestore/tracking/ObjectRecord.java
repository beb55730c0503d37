package io.s3bulkrestore.tracking;

import io.s3bulkrestore.model.JobId;
import io.s3bulkrestore.model.ObjectId;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Everything tracked about one object version (DESIGN §3): its latest restore and its membership in each job
 * that lists it. It is the single source of truth; a job's counts, report and reconciliation are derived from it.
 */
public record ObjectRecord(ObjectId object, Optional<RestoreFact> restore, Map<JobId, Membership> memberships) {

    public ObjectRecord {
        Objects.requireNonNull(object, "object");
        Objects.requireNonNull(restore, "restore");
        memberships = Map.copyOf(memberships);
    }

    public static ObjectRecord empty(ObjectId object) {
        return new ObjectRecord(object, Optional.empty(), Map.of());
    }

    public Optional<Membership> membership(JobId job) {
        return Optional.ofNullable(memberships.get(job));
    }

    /**
     * How the object stands for the job, if the job lists it: restored when it holds a restore that counts for
     * the job (whatever its task said), otherwise as its task left it.
     */
    public Optional<MemberOutcome> outcome(JobId job) {
        Membership membership = memberships.get(job);
        if (membership == null) {
            return Optional.empty();
        }
        if (restore.map(fact -> fact.countsFor(membership)).orElse(false)) {
            boolean before = membership.jobCreatedAt().map(created -> restore.get().restoredAt().isBefore(created))
                    .orElse(false);
            return Optional.of(new MemberOutcome(object, Membership.Settlement.CREDITED, Optional.empty(), before,
                    membership.copies(), membership.copy()));
        }
        return Optional.of(new MemberOutcome(object, membership.settlement(), membership.code(), false,
                membership.copies(), membership.copy()));
    }

    /** How the object stands for every job that lists it, in job order. */
    public Map<JobId, Membership.Settlement> settlements() {
        Map<JobId, Membership.Settlement> all = new TreeMap<>((a, b) -> a.value().compareTo(b.value()));
        memberships.keySet().forEach(job -> all.put(job, outcome(job).orElseThrow().settlement()));
        return all;
    }

    /** This record with the restore kept: {@code fact} if it is newer than the one held. */
    public ObjectRecord withRestore(RestoreFact fact) {
        if (restore.isPresent() && !fact.isNewerThan(restore.get())) {
            return this;
        }
        return new ObjectRecord(object, Optional.of(fact), memberships);
    }

    /** This record with {@code membership} added, unless the job is listed already. */
    public ObjectRecord withMembership(Membership membership) {
        if (memberships.containsKey(membership.job())) {
            return this;
        }
        Map<JobId, Membership> more = new HashMap<>(memberships);
        more.put(membership.job(), membership);
        return new ObjectRecord(object, restore, more);
    }

    /** This record with the copy's result on the job's membership, unless one is recorded or it does not copy. */
    public ObjectRecord withCopy(JobId job, CopyResult result) {
        Membership membership = memberships.get(job);
        if (membership == null || !membership.copies() || membership.copy().isPresent()) {
            return this;
        }
        Map<JobId, Membership> more = new HashMap<>(memberships);
        more.put(job, membership.withCopy(result));
        return new ObjectRecord(object, restore, more);
    }

    /** This record with the job's pending membership settled, if it is pending. */
    public ObjectRecord settled(JobId job, Membership.Settlement to, String code) {
        Membership membership = memberships.get(job);
        if (membership == null || !membership.isPending()) {
            return this;
        }
        Map<JobId, Membership> more = new HashMap<>(memberships);
        more.put(job, membership.settled(to, code));
        return new ObjectRecord(object, restore, more);
    }
}
