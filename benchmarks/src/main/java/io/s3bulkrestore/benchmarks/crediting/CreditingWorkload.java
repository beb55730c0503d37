package io.s3bulkrestore.benchmarks.crediting;

import io.s3bulkrestore.model.JobId;
import io.s3bulkrestore.model.ObjectId;
import io.s3bulkrestore.tracking.RestoreEvent;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The same input for ours and the naive design: job A holds every object, job B (overlapping) every second
 * one; every object's restore completes once, a tenth of them are delivered twice (SQS and S3 deliver at
 * least once), and the whole stream is shuffled (no ordering guarantee).
 *
 * @param members  each job's objects, in manifest order
 * @param events   the delivery stream, duplicates included
 */
public record CreditingWorkload(List<ObjectId> objects, Map<JobId, List<ObjectId>> members, List<RestoreEvent> events) {

    public static final JobId JOB_A = new JobId("bench-a");
    public static final JobId JOB_B = new JobId("bench-b");
    /** Relative to now: DynamoDB Local acts on the real clock (TTL deletes), so no calendar date. */
    static final Instant COMPLETED_AT = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).minusSeconds(7200);

    public static CreditingWorkload of(int objectCount, double duplicateShare, long seed) {
        Random random = new Random(seed);
        List<ObjectId> objects = new ArrayList<>(objectCount);
        for (int i = 0; i < objectCount; i++) {
            objects.add(ObjectId.of("bench-archive", String.format("photos/2026/set %04d/img-%07d.raw", i % 1000, i)));
        }
        List<ObjectId> everySecond = new ArrayList<>();
        for (int i = 0; i < objectCount; i += 2) {
            everySecond.add(objects.get(i));
        }
        List<RestoreEvent> events = new ArrayList<>();
        for (ObjectId object : objects) {
            events.add(RestoreEvent.completed(object, COMPLETED_AT));
        }
        List<ObjectId> shuffled = new ArrayList<>(objects);
        Collections.shuffle(shuffled, random);
        for (ObjectId duplicate : shuffled.subList(0, (int) Math.round(objectCount * duplicateShare))) {
            events.add(RestoreEvent.completed(duplicate, COMPLETED_AT));
        }
        Collections.shuffle(events, random);
        return new CreditingWorkload(List.copyOf(objects), Map.of(JOB_A, List.copyOf(objects), JOB_B,
                List.copyOf(everySecond)), List.copyOf(events));
    }

    /** Memberships in all jobs: what exact counters sum to once every object is restored. */
    public long memberships() {
        return members.values().stream().mapToLong(List::size).sum();
    }

    public long expectedRestored(JobId job) {
        return members.get(job).size();
    }
}
