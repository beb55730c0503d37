package io.s3bulkrestore.fakes;

import io.s3bulkrestore.model.JobCounts;
import io.s3bulkrestore.model.JobId;
import io.s3bulkrestore.model.ObjectId;
import io.s3bulkrestore.tally.TallyStore;
import io.s3bulkrestore.tally.TallyStore.SequencedDelta;
import io.s3bulkrestore.tally.ObjectChange;
import io.s3bulkrestore.tally.TallyChanges;
import io.s3bulkrestore.tracking.ChunkSummary;
import io.s3bulkrestore.tracking.CopyResult;
import io.s3bulkrestore.tracking.Membership;
import io.s3bulkrestore.tracking.MembershipClaim;
import io.s3bulkrestore.tracking.ObjectRecord;
import io.s3bulkrestore.tracking.Registration;
import io.s3bulkrestore.tracking.RestoreFact;
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
 * A restore ledger in memory with the DynamoDB one's rules: one record per object, each write changes one record
 * and is idempotent (a restore kept only if newer, a membership never overwritten, settled only while pending),
 * and every change that changes something is appended to a change stream, as DynamoDB Streams would report it.
 *
 * <p>It is also the tally store: with {@code tallyImmediately} (the default) each change is tallied as it is
 * written, through the real {@link TallyChanges}, so a job's counts are current at once; without it, changes wait
 * in the stream until {@link #tallyPending} or a test reads {@link #changesSince} and tallies them itself (with
 * retries, duplicates, lost batches), as the tally function would. Thread-safe (one lock).
 */
public final class InMemoryRestoreLedger implements RestoreLedger, TallyStore {

    /** The shard every change of this ledger is in. */
    public static final String SHARD = "shard-0";

    private final Map<ObjectId, ObjectRecord> records = new HashMap<>();
    private final Map<ObjectId, Instant> keptUntil = new HashMap<>();
    private final Map<JobId, Map<Long, ChunkSummary>> summaries = new HashMap<>();
    private final List<ObjectChange> stream = new ArrayList<>();
    private final Map<JobId, long[]> counters = new HashMap<>();
    private final Map<JobId, Map<String, String>> lastAdded = new HashMap<>();
    private final boolean tallyImmediately;
    private long tallied;
    private int counterWrites;

    public InMemoryRestoreLedger() {
        this(true);
    }

    public InMemoryRestoreLedger(boolean tallyImmediately) {
        this.tallyImmediately = tallyImmediately;
    }

    @Override
    public synchronized void recordRestores(Map<ObjectId, RestoreFact> restores) {
        restores.forEach((object, fact) -> write(object, records.getOrDefault(object, ObjectRecord.empty(object))
                .withRestore(fact)));
    }

    @Override
    public synchronized Map<ObjectId, ObjectRecord> records(Collection<ObjectId> objects) {
        Map<ObjectId, ObjectRecord> found = new LinkedHashMap<>();
        for (ObjectId object : objects) {
            ObjectRecord record = records.get(object);
            if (record != null) {
                found.put(object, record);
            }
        }
        return found;
    }

    @Override
    public synchronized List<Registration> register(JobId job, List<MembershipClaim> claims, Instant registeredAt,
                                                    Instant keepUntil) {
        List<Registration> result = new ArrayList<>(claims.size());
        for (MembershipClaim claim : claims) {
            ObjectRecord before = records.getOrDefault(claim.object(), ObjectRecord.empty(claim.object()));
            Optional<Membership> existing = before.membership(job);
            if (existing.isPresent()) {
                result.add(new Registration(claim, existing.get(), false));
            } else {
                Membership created = Membership.pending(claim.object(), job, claim.origin(), claim.jobCreatedAt(),
                        registeredAt, claim.copies());
                write(claim.object(), before.withMembership(created));
                result.add(new Registration(claim, created, true));
            }
            keptUntil.merge(claim.object(), keepUntil, (a, b) -> a.isAfter(b) ? a : b);
        }
        return result;
    }

    @Override
    public synchronized int markFailed(JobId job, Collection<ObjectId> objects, String errorCode) {
        return settle(job, objects, Membership.Settlement.FAILED, errorCode);
    }

    @Override
    public synchronized int markSkipped(JobId job, Collection<ObjectId> objects, String code) {
        return settle(job, objects, Membership.Settlement.SKIPPED, code);
    }

    @Override
    public synchronized boolean recordCopy(JobId job, ObjectId object, CopyResult result) {
        ObjectRecord record = records.get(object);
        if (record == null || record.membership(job).map(m -> !m.copies() || m.copy().isPresent()).orElse(true)) {
            return false;
        }
        write(object, record.withCopy(job, result));
        return true;
    }

    private int settle(JobId job, Collection<ObjectId> objects, Membership.Settlement to, String code) {
        int settled = 0;
        for (ObjectId object : new LinkedHashSet<>(objects)) {
            ObjectRecord record = records.get(object);
            if (record != null && record.membership(job).map(Membership::isPending).orElse(false)) {
                write(object, record.settled(job, to, code));
                settled++;
            }
        }
        return settled;
    }

    /** Stores the record and, if it changed, appends the change to the stream (and tallies it, if immediate). */
    private void write(ObjectId object, ObjectRecord after) {
        ObjectRecord before = records.get(object);
        if (after.equals(before) || (before == null && after.memberships().isEmpty() && after.restore().isEmpty())) {
            return;
        }
        records.put(object, after);
        stream.add(new ObjectChange(sequence(stream.size() + 1), Optional.ofNullable(before), Optional.of(after)));
        if (tallyImmediately) {
            tallyPending();
        }
    }

    /** Stream sequence numbers: growing, of varying length, as DynamoDB's are. */
    private static String sequence(long n) {
        return Long.toString(1_000 + n);
    }

    /** Tallies every change not tallied yet, as one batch of the tally function. */
    public synchronized void tallyPending() {
        if (tallied < stream.size()) {
            List<ObjectChange> batch = List.copyOf(stream.subList((int) tallied, stream.size()));
            tallied = stream.size();
            new TallyChanges(this).apply(SHARD, batch);
        }
    }

    /** The changes from position {@code from} (0-based) of the stream on. */
    public synchronized List<ObjectChange> changesSince(int from) {
        return List.copyOf(stream.subList(Math.min(from, stream.size()), stream.size()));
    }

    @Override
    public synchronized int add(JobId job, String shard, List<SequencedDelta> deltas) {
        Map<String, String> shards = lastAdded.computeIfAbsent(job, j -> new HashMap<>());
        String last = shards.get(shard);
        List<SequencedDelta> fresh = deltas.stream()
                .filter(d -> last == null || TallyStore.compareSequences(d.sequenceNumber(), last) > 0).toList();
        if (fresh.isEmpty()) {
            return 0;
        }
        shards.put(shard, fresh.getLast().sequenceNumber());
        long[] counts = counters.computeIfAbsent(job, j -> new long[6]);
        for (SequencedDelta d : fresh) {
            counts[0] += d.delta().registered();
            counts[1] += d.delta().restored();
            counts[2] += d.delta().failed();
            counts[3] += d.delta().skipped();
            counts[4] += d.delta().copied();
            counts[5] += d.delta().copyFailed();
        }
        counterWrites++;
        return fresh.size();
    }

    @Override
    public synchronized boolean recordChunkSummary(JobId job, ChunkSummary summary, Instant keepUntil) {
        return summaries.computeIfAbsent(job, j -> new TreeMap<>()).putIfAbsent(summary.chunk(), summary) == null;
    }

    /** Deletes the job's chunk summaries. */
    public synchronized void forgetChunkSummaries(JobId job) {
        summaries.remove(job);
    }

    /** The job's counters, as the job store would sum them. */
    public synchronized JobCounts countsOf(JobId job) {
        long[] counts = counters.getOrDefault(job, new long[6]);
        return new JobCounts(counts[1], counts[2], counts[3], counts[4], counts[5]);
    }

    /** The job's counts as its records say them, read from every record (what the counters must come to). */
    public synchronized JobCounts derivedCountsOf(JobId job) {
        long[] counts = new long[5];
        for (ObjectRecord record : records.values()) {
            record.outcome(job).ifPresent(outcome -> {
                outcome.countedCopy().ifPresent(copy -> counts[copy.isCopied() ? 3 : 4]++);
                switch (outcome.settlement()) {
                    case CREDITED -> counts[0]++;
                    case FAILED -> counts[1]++;
                    case SKIPPED -> counts[2]++;
                    case PENDING -> {
                    }
                }
            });
        }
        return new JobCounts(counts[0], counts[1], counts[2], counts[3], counts[4]);
    }

    /** How many records list the job. */
    public synchronized long derivedRegisteredOf(JobId job) {
        return records.values().stream().filter(record -> record.membership(job).isPresent()).count();
    }

    /** Objects the tally counted as registered in the job. */
    public synchronized long registeredOf(JobId job) {
        return counters.getOrDefault(job, new long[4])[0];
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

    public synchronized Optional<ObjectRecord> record(ObjectId object) {
        return Optional.ofNullable(records.get(object));
    }

    public synchronized Optional<Membership> membership(ObjectId object, JobId job) {
        return record(object).flatMap(record -> record.membership(job));
    }

    /** How the object stands for the job, derived from its record, if the job lists it. */
    public synchronized Optional<Membership.Settlement> settlement(ObjectId object, JobId job) {
        return record(object).flatMap(record -> record.outcome(job)).map(outcome -> outcome.settlement());
    }

    /** The error code a failed (or skipped) membership was settled with. */
    public synchronized Optional<String> errorCode(ObjectId object, JobId job) {
        return membership(object, job).flatMap(Membership::code);
    }

    /** Until when the object's record is kept (its TTL), if a registration set one. */
    public synchronized Optional<Instant> keptUntil(ObjectId object) {
        return Optional.ofNullable(keptUntil.get(object));
    }

    /** How many times a job's counters were written (one per job per tallied batch). */
    public synchronized int counterWrites() {
        return counterWrites;
    }
}
