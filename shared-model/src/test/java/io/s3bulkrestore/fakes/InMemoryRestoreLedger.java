package io.s3bulkrestore.fakes;

import io.s3bulkrestore.model.JobCounts;
import io.s3bulkrestore.model.JobId;
import io.s3bulkrestore.model.ObjectId;
import io.s3bulkrestore.tracking.ChunkSummary;
import io.s3bulkrestore.tracking.MemberOutcome;
import io.s3bulkrestore.tracking.Membership;
import io.s3bulkrestore.tracking.Membership.Settlement;
import io.s3bulkrestore.tracking.MembershipClaim;
import io.s3bulkrestore.tracking.ObjectState;
import io.s3bulkrestore.tracking.Origin;
import io.s3bulkrestore.tracking.PendingPage;
import io.s3bulkrestore.tracking.Registration;
import io.s3bulkrestore.tracking.RestoreEvent;
import io.s3bulkrestore.tracking.RestoreLedger;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A restore ledger in memory with the DynamoDB one's conditional rules: facts keep the latest instant,
 * registration never overwrites, a membership is settled at most once and the counter moves by exactly
 * the number settled. Thread-safe (one lock), so concurrency tests can share it.
 */
public final class InMemoryRestoreLedger implements RestoreLedger {

    private record Stored(Origin origin, Instant registeredAt, Settlement settlement, String errorCode,
                          Optional<Instant> jobCreatedAt) {
    }

    private final Map<ObjectId, ObjectState> states = new HashMap<>();
    private final Map<ObjectId, Map<JobId, Stored>> memberships = new HashMap<>();
    private final Map<JobId, long[]> counters = new HashMap<>();
    private final Map<JobId, Map<Long, ChunkSummary>> summaries = new HashMap<>();
    private final Map<JobId, Map<ObjectId, Instant>> expiries = new HashMap<>();
    private int counterWrites;

    @Override
    public synchronized void recordFacts(Collection<RestoreEvent> events) {
        for (RestoreEvent event : events) {
            ObjectState current = states.getOrDefault(event.object(), new ObjectState(event.object(), null, null, null));
            Instant at = event.eventTime();
            states.put(event.object(), switch (event.kind()) {
                case COMPLETED -> new ObjectState(event.object(), latest(current.restoredAt(), at),
                        current.initiatedAt(), current.expiredAt());
                case INITIATED -> new ObjectState(event.object(), current.restoredAt(),
                        latest(current.initiatedAt(), at), current.expiredAt());
                case EXPIRED -> new ObjectState(event.object(), current.restoredAt(), current.initiatedAt(),
                        latest(current.expiredAt(), at));
            });
        }
    }

    private static Instant latest(Instant current, Instant candidate) {
        return current == null || candidate.isAfter(current) ? candidate : current;
    }

    @Override
    public synchronized Map<ObjectId, List<Membership>> membershipsOf(Collection<ObjectId> objects) {
        Map<ObjectId, List<Membership>> result = new LinkedHashMap<>();
        for (ObjectId object : objects) {
            List<Membership> found = new ArrayList<>();
            memberships.getOrDefault(object, Map.of()).forEach((job, stored) -> found.add(toMembership(object, job, stored)));
            result.put(object, found);
        }
        return result;
    }

    @Override
    public synchronized List<Registration> register(JobId job, List<MembershipClaim> claims, Instant registeredAt) {
        List<Registration> result = new ArrayList<>(claims.size());
        for (MembershipClaim claim : claims) {
            Map<JobId, Stored> jobs = memberships.computeIfAbsent(claim.object(), o -> new HashMap<>());
            Stored existing = jobs.get(job);
            if (existing == null) {
                Stored created = new Stored(claim.origin(), registeredAt, Settlement.PENDING, null, claim.jobCreatedAt());
                jobs.put(job, created);
                result.add(new Registration(claim, toMembership(claim.object(), job, created), true));
            } else {
                result.add(new Registration(claim, toMembership(claim.object(), job, existing), false));
            }
        }
        return result;
    }

    @Override
    public synchronized Map<ObjectId, ObjectState> statesOf(Collection<ObjectId> objects) {
        Map<ObjectId, ObjectState> result = new LinkedHashMap<>();
        for (ObjectId object : objects) {
            ObjectState state = states.get(object);
            if (state != null) {
                result.put(object, state);
            }
        }
        return result;
    }

    @Override
    public synchronized int credit(JobId job, Collection<ObjectId> objects, Instant creditedAt) {
        return settle(job, objects, Settlement.CREDITED, null);
    }

    @Override
    public synchronized int markFailed(JobId job, Collection<ObjectId> objects, String errorCode, Instant failedAt) {
        return settle(job, objects, Settlement.FAILED, errorCode);
    }

    @Override
    public synchronized int markSkipped(JobId job, Collection<ObjectId> objects, String code, Instant skippedAt) {
        return settle(job, objects, Settlement.SKIPPED, code);
    }

    /** Counter index of each settlement: restored, failed, skipped. */
    private static int counter(Settlement settlement) {
        return switch (settlement) {
            case CREDITED -> 0;
            case FAILED -> 1;
            case SKIPPED -> 2;
            case PENDING -> throw new IllegalArgumentException("pending is not a settlement");
        };
    }

    private int settle(JobId job, Collection<ObjectId> objects, Settlement to, String errorCode) {
        long[] delta = new long[3];
        int settled = 0;
        for (ObjectId object : new LinkedHashSet<>(objects)) {
            Map<JobId, Stored> jobs = memberships.get(object);
            Stored stored = jobs == null ? null : jobs.get(job);
            boolean allowed = stored != null && (stored.settlement() == Settlement.PENDING
                    || (to == Settlement.CREDITED && stored.settlement() == Settlement.FAILED));
            if (!allowed) {
                continue;
            }
            if (stored.settlement() == Settlement.FAILED) {
                delta[counter(Settlement.FAILED)]--; // a completed restore wins over the failed task
            }
            jobs.put(job, new Stored(stored.origin(), stored.registeredAt(), to, errorCode, stored.jobCreatedAt()));
            delta[counter(to)]++;
            settled++;
        }
        if (settled > 0) {
            long[] counts = counters.computeIfAbsent(job, j -> new long[3]);
            for (int i = 0; i < 3; i++) {
                counts[i] += delta[i];
            }
            counterWrites++;
        }
        return settled;
    }

    @Override
    public synchronized boolean recordChunkSummary(JobId job, ChunkSummary summary) {
        return summaries.computeIfAbsent(job, j -> new TreeMap<>()).putIfAbsent(summary.chunk(), summary) == null;
    }

    @Override
    public synchronized PendingPage pendingObjects(JobId job, Optional<String> pageToken, int limit) {
        TreeMap<String, ObjectId> pending = new TreeMap<>();
        memberships.forEach((object, jobs) -> {
            Stored stored = jobs.get(job);
            if (stored != null && stored.settlement() == Settlement.PENDING) {
                pending.put(object.canonical(), object);
            }
        });
        var tail = pageToken.isPresent() ? pending.tailMap(pageToken.get(), false) : pending;
        List<ObjectId> page = tail.values().stream().limit(limit).toList();
        boolean more = tail.size() > page.size();
        return new PendingPage(page, more ? Optional.of(page.getLast().canonical()) : Optional.empty());
    }

    @Override
    public synchronized PendingPage memberObjects(JobId job, Optional<String> pageToken, int limit) {
        TreeMap<String, ObjectId> members = new TreeMap<>();
        memberships.forEach((object, jobs) -> {
            if (jobs.containsKey(job)) {
                members.put(object.canonical(), object);
            }
        });
        var tail = pageToken.isPresent() ? members.tailMap(pageToken.get(), false) : members;
        List<ObjectId> page = tail.values().stream().limit(limit).toList();
        boolean more = tail.size() > page.size();
        return new PendingPage(page, more ? Optional.of(page.getLast().canonical()) : Optional.empty());
    }

    @Override
    public synchronized Map<ObjectId, MemberOutcome> outcomesOf(JobId job, Collection<ObjectId> objects) {
        Map<ObjectId, MemberOutcome> outcomes = new LinkedHashMap<>();
        for (ObjectId object : objects) {
            Stored stored = memberships.getOrDefault(object, Map.of()).get(job);
            if (stored != null) {
                outcomes.put(object, new MemberOutcome(object, stored.settlement(), Optional.ofNullable(stored.errorCode())));
            }
        }
        return outcomes;
    }

    @Override
    public synchronized void expireMemberships(JobId job, Collection<ObjectId> objects, Instant expiresAt) {
        for (ObjectId object : objects) {
            if (memberships.getOrDefault(object, Map.of()).containsKey(job)) {
                expiries.computeIfAbsent(job, j -> new HashMap<>()).put(object, expiresAt);
            }
        }
    }

    /** The TTL given to the job's membership of the object, if any. */
    public synchronized Optional<Instant> membershipExpiry(ObjectId object, JobId job) {
        return Optional.ofNullable(expiries.getOrDefault(job, Map.of()).get(object));
    }

    private static Membership toMembership(ObjectId object, JobId job, Stored stored) {
        return new Membership(object, job, stored.origin(), stored.settlement(), stored.jobCreatedAt());
    }

    /** The job's counters, as the job store would sum them. */
    public synchronized JobCounts countsOf(JobId job) {
        long[] counts = counters.getOrDefault(job, new long[3]);
        return new JobCounts(counts[0], counts[1], counts[2]);
    }

    /** The job's total objects: the sum of its chunk summaries. */
    public synchronized long totalObjectsOf(JobId job) {
        return summaries.getOrDefault(job, Map.of()).values().stream().mapToLong(ChunkSummary::objects).sum();
    }

    /** Every chunk summary of the job, in chunk order. */
    public synchronized List<ChunkSummary> chunkSummaries(JobId job) {
        return List.copyOf(summaries.getOrDefault(job, Map.of()).values());
    }

    public synchronized Optional<ChunkSummary> chunkSummary(JobId job, long chunk) {
        return Optional.ofNullable(summaries.getOrDefault(job, Map.of()).get(chunk));
    }

    public synchronized Optional<Membership> membership(ObjectId object, JobId job) {
        Stored stored = memberships.getOrDefault(object, Map.of()).get(job);
        return stored == null ? Optional.empty() : Optional.of(toMembership(object, job, stored));
    }

    /** The error code a failed (or skipped) membership was settled with. */
    public synchronized Optional<String> errorCode(ObjectId object, JobId job) {
        Stored stored = memberships.getOrDefault(object, Map.of()).get(job);
        return stored == null ? Optional.empty() : Optional.ofNullable(stored.errorCode());
    }

    /** How many times a counter was written (one per settling call that settled anything). */
    public synchronized int counterWrites() {
        return counterWrites;
    }
}
