package io.s3bulkrestore.simulation;

import io.s3bulkrestore.model.ObjectId;
import io.s3bulkrestore.tracking.RestoreEvent;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

/**
 * One run's world and jobs, drawn from the plan: the buckets' objects (archived or not, denied, slow, restored
 * and expired long ago), and 2-4 jobs with their manifests, creation minute and, maybe, a cancel.
 */
final class Scenario {

    static final String MANIFEST_BUCKET = "manifests";
    static final String PLAIN_BUCKET = "data-a";
    static final String VERSIONED_BUCKET = "data-v";

    /** When, in a job's life, its user cancels it. */
    enum CancelPhase {
        /** In the same minute as the create request, before any chunk was ingested (or while still SUBMITTING). */
        AT_CREATE,
        /** The minute after, while ingestion runs. */
        DURING_INGEST,
        /** While the batch job initiates restores. */
        BATCH_ACTIVE,
        /** After the batch job finished, while restores complete. */
        AFTER_BATCH
    }

    record JobPlan(int index, String manifestKey, String manifestText, List<ObjectId> lines, long createTick,
                   Optional<CancelPhase> cancel, String idempotencyKey) {

        Set<ObjectId> distinctObjects() {
            return new LinkedHashSet<>(lines);
        }
    }

    final List<JobPlan> jobs;
    /** Completed events of restores long before the run (an earlier job's), already in the ledger. */
    final List<RestoreEvent> history;
    /** The job index and chunk number of the ingest task that always fails, if any. */
    final Optional<int[]> poisonChunk;

    private Scenario(List<JobPlan> jobs, List<RestoreEvent> history, Optional<int[]> poisonChunk) {
        this.jobs = jobs;
        this.history = history;
        this.poisonChunk = poisonChunk;
    }

    static Scenario generate(FaultPlan plan, SimulatedWorld world, Instant t0, long chunkBytes) {
        Random random = plan.random();
        Trace trace = plan.trace();
        List<RestoreEvent> history = new ArrayList<>();

        List<ObjectId> plain = new ArrayList<>();
        int plainCount = 50 + random.nextInt(40);
        for (int i = 0; i < plainCount; i++) {
            plain.add(ObjectId.of(PLAIN_BUCKET, key(random, "a", i)));
        }
        List<String> versionedKeys = new ArrayList<>();
        if (plan.enabled(FaultKind.VERSIONED)) {
            for (int i = 0; i < 16; i++) {
                versionedKeys.add(key(random, "v", i));
            }
        }
        List<SimulatedWorld.Version> versions = new ArrayList<>();
        for (ObjectId object : plain) {
            versions.add(world.addVersion(object));
        }
        for (String key : versionedKeys) {
            versions.add(world.addVersion(new ObjectId(VERSIONED_BUCKET, key, "v1")));
            versions.add(world.addVersion(new ObjectId(VERSIONED_BUCKET, key, "v2"))); // current
        }
        for (SimulatedWorld.Version version : versions) {
            version.restoreTime = Duration.ofMinutes(20 + random.nextInt(280));
            if (plan.roll(FaultKind.NOT_ARCHIVED, 0.08)) {
                version.archived = false;
                trace.add("NOT_ARCHIVED " + Trace.name(version.id));
            }
            if (plan.roll(FaultKind.TASK_FAILURES, 0.05)) {
                version.denied = true;
                trace.add("TASK_FAILURES AccessDenied on " + Trace.name(version.id));
            }
            if (plan.roll(FaultKind.RESTORE_PAST_DEADLINE, 0.06)) {
                version.restoreTime = Duration.ofHours(13).plusMinutes(random.nextInt(480));
                trace.add("RESTORE_PAST_DEADLINE " + Trace.name(version.id) + " takes " + version.restoreTime);
            }
            if (plan.roll(FaultKind.RE_ARCHIVED, 0.12)) {
                Instant restored = t0.minus(Duration.ofDays(3));
                version.copies.add(new Instant[]{restored, t0.minus(Duration.ofDays(1))});
                history.add(RestoreEvent.completed(version.id, restored).withRestore(t0.minus(Duration.ofDays(1)), null));
                trace.add("RE_ARCHIVED " + Trace.name(version.id) + " restored at -3d, expired at -1d");
            }
        }

        int jobCount = 2 + random.nextInt(3);
        boolean[] versionedJob = new boolean[jobCount];
        for (int j = 1; j < jobCount; j++) {
            versionedJob[j] = !versionedKeys.isEmpty() && random.nextDouble() < 0.4;
        }
        boolean anyVersionedJob = false;
        for (boolean v : versionedJob) {
            anyVersionedJob |= v;
        }
        List<List<ObjectId>> lines = new ArrayList<>();
        for (int j = 0; j < jobCount; j++) {
            lines.add(new ArrayList<>());
        }
        boolean overlapping = plan.enabled(FaultKind.OVERLAPPING_JOBS);
        List<Integer> plainJobs = new ArrayList<>();
        List<Integer> versionJobs = new ArrayList<>();
        for (int j = 0; j < jobCount; j++) {
            (versionedJob[j] ? versionJobs : plainJobs).add(j);
        }
        for (ObjectId object : plain) {
            assign(random, overlapping, plainJobs, lines, object, 0.5);
        }
        for (String key : versionedKeys) {
            if (anyVersionedJob && random.nextBoolean()) {
                ObjectId named = new ObjectId(VERSIONED_BUCKET, key, random.nextDouble() < 0.3 ? "v1" : "v2");
                assign(random, overlapping, versionJobs, lines, named, 0.6);
            } else {
                assign(random, overlapping, plainJobs, lines, ObjectId.of(VERSIONED_BUCKET, key), 0.4);
                if (plan.roll(FaultKind.NONCURRENT_RESTORE, 0.5)) {
                    // someone restored the older version an hour ago: readable for days, but not what the line means
                    SimulatedWorld.Version older = world.resolve(new ObjectId(VERSIONED_BUCKET, key, "v1"));
                    Instant restored = t0.minus(Duration.ofHours(1));
                    Instant expires = t0.plus(Duration.ofDays(3));
                    older.copies.add(new Instant[]{restored, expires});
                    history.add(RestoreEvent.completed(older.id, restored).withRestore(expires, null));
                    trace.add("NONCURRENT_RESTORE " + Trace.name(older.id) + " restored at -1h by someone else");
                    if (plan.roll(FaultKind.NONCURRENT_RESTORE, 0.5)) {
                        world.resolve(ObjectId.of(VERSIONED_BUCKET, key)).denied = true;
                        trace.add("NONCURRENT_RESTORE the current version of " + key + " answers AccessDenied");
                    }
                }
            }
            if (overlapping && anyVersionedJob && random.nextDouble() < 0.3) {
                // the same current version named with and without its version id, by two jobs
                assign(random, true, versionJobs, lines, new ObjectId(VERSIONED_BUCKET, key, "v2"), 0.5);
            }
        }
        if (overlapping) {
            trace.add("OVERLAPPING_JOBS: jobs pick objects independently");
        }

        int missing = 0;
        for (int j = 0; j < jobCount; j++) {
            if (!versionedJob[j] && plan.roll(FaultKind.TASK_FAILURES, 0.5)) {
                ObjectId gone = ObjectId.of(PLAIN_BUCKET, key(random, "missing", missing++));
                lines.get(j).add(gone);
                trace.add("TASK_FAILURES NoSuchKey " + Trace.name(gone) + " in job #" + j);
            }
        }
        if (plan.roll(FaultKind.BATCH_FAILS, 0.5)) {
            // One more job, mostly over objects it may not restore: its batch job fails on > 50 % failures.
            List<ObjectId> bad = new ArrayList<>();
            for (int i = 0; i < 14; i++) {
                ObjectId denied = ObjectId.of(PLAIN_BUCKET, key(random, "denied", i));
                world.addVersion(denied).denied = true;
                bad.add(denied);
            }
            for (int i = 0; i < 6; i++) {
                ObjectId fine = ObjectId.of(PLAIN_BUCKET, key(random, "fine", i));
                world.addVersion(fine).restoreTime = Duration.ofMinutes(20 + random.nextInt(200));
                bad.add(fine);
            }
            Collections.shuffle(bad, random);
            lines.add(bad);
            versionedJob = java.util.Arrays.copyOf(versionedJob, jobCount + 1);
            jobCount++;
            trace.add("BATCH_FAILS job #" + (jobCount - 1) + ": 14 of 20 objects denied");
        }

        List<JobPlan> jobs = new ArrayList<>();
        Optional<int[]> poison = Optional.empty();
        int poisonJob = plan.roll(FaultKind.INGEST_DLQ, 0.6) ? random.nextInt(jobCount) : -1;
        for (int j = 0; j < jobCount; j++) {
            List<ObjectId> jobLines = lines.get(j);
            if (jobLines.isEmpty()) {
                // an object of its own, so that no job overlaps another unless OVERLAPPING_JOBS says so
                ObjectId own = versionedJob[j] ? new ObjectId(VERSIONED_BUCKET, key(random, "own", j), "v1")
                        : ObjectId.of(PLAIN_BUCKET, key(random, "own", j));
                world.addVersion(own).restoreTime = Duration.ofMinutes(20 + random.nextInt(280));
                jobLines.add(own);
            }
            if (plan.roll(FaultKind.DUPLICATE_LINES, 0.6)) {
                List<ObjectId> copies = new ArrayList<>();
                for (int d = 0; d < Math.max(1, jobLines.size() / 10); d++) {
                    copies.add(jobLines.get(random.nextInt(jobLines.size())));
                }
                jobLines.addAll(copies);
                trace.add("DUPLICATE_LINES job #" + j + ": " + copies.size() + " lines repeated");
            }
            Collections.shuffle(jobLines, random);
            StringBuilder text = new StringBuilder();
            for (ObjectId object : jobLines) {
                text.append(object.bucket()).append(',').append(object.key());
                if (versionedJob[j]) {
                    text.append(',').append(object.versionId());
                }
                text.append('\n');
            }
            long createTick = j == 0 ? 0 : random.nextInt(180);
            Optional<CancelPhase> cancel = Optional.empty();
            if (plan.roll(FaultKind.CANCEL, 0.35)) {
                cancel = Optional.of(CancelPhase.values()[random.nextInt(CancelPhase.values().length)]);
                trace.add("CANCEL job #" + j + " " + cancel.get());
            }
            if (j == poisonJob) {
                int chunks = (int) ((text.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8).length
                        + chunkBytes - 1) / chunkBytes);
                int chunk = random.nextInt(chunks);
                poison = Optional.of(new int[]{j, chunk});
                trace.add("INGEST_DLQ job #" + j + " chunk " + chunk + " of " + chunks + " fails every delivery");
            }
            jobs.add(new JobPlan(j, "job-" + j + ".csv", text.toString(), List.copyOf(jobLines), createTick, cancel,
                    "client-key-" + j));
        }
        return new Scenario(List.copyOf(jobs), List.copyOf(history), poison);
    }

    private static void assign(Random random, boolean overlapping, List<Integer> candidates, List<List<ObjectId>> lines,
                               ObjectId object, double share) {
        if (candidates.isEmpty()) {
            return;
        }
        if (!overlapping) {
            lines.get(candidates.get(random.nextInt(candidates.size()))).add(object);
            return;
        }
        for (int j : candidates) {
            if (random.nextDouble() < share) {
                lines.get(j).add(object);
            }
        }
    }

    /** A key of 290-350 characters, so that a manifest of a few dozen lines spans several 8 KiB chunks. */
    private static String key(Random random, String prefix, int i) {
        StringBuilder key = new StringBuilder(prefix).append('/');
        int padding = 280 + random.nextInt(60);
        for (int c = 0; c < padding; c++) {
            key.append((char) ('a' + random.nextInt(26)));
        }
        return key.append("/obj-").append(i).toString();
    }
}
