package io.s3bulkrestore.tracking;

import io.s3bulkrestore.fakes.FakeCurrentVersions;
import io.s3bulkrestore.fakes.CrashingRestoreLedger.InjectedCrash;
import io.s3bulkrestore.model.CreateJobRequest;
import io.s3bulkrestore.model.Job;
import io.s3bulkrestore.model.JobId;
import io.s3bulkrestore.model.ManifestFormat;
import io.s3bulkrestore.model.ManifestLocation;
import io.s3bulkrestore.model.RestoreTier;
import io.s3bulkrestore.model.StorageFamily;
import io.s3bulkrestore.model.ObjectId;
import io.s3bulkrestore.tracking.RegisterManifestObjects.ChunkEntry;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A seeded race between manifest ingestion and restore events, shared by the in-memory test and the
 * DynamoDB Local IT: overlapping jobs over a set of objects (some in several jobs, some in none),
 * manifests with duplicate lines split into chunks, every COMPLETED event delivered 1-3 times in random
 * order in SQS-sized batches, and whole chunks and batches delivered twice. {@link #run} interleaves
 * all of it on several threads; a task that hits an injected crash is replayed from the start, as SQS
 * would redeliver it.
 */
public final class CreditingScenario {

    /**
     * When the scenario's restores complete (from then on, over an hour): relative to now, because the DynamoDB
     * Local run of it acts on the real clock (items whose TTL passed are deleted).
     */
    static final Instant BASE = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).minusSeconds(7200);

    public record Chunk(JobId job, long number, List<ChunkEntry> entries, long lines, long invalidLines) {
    }

    public record JobPlan(JobId job, List<Chunk> chunks, Set<ObjectId> distinctObjects, Set<ObjectId> completed) {
    }

    private final long seed;
    private final List<JobPlan> jobs;
    private final List<List<RestoreEvent>> eventBatches;
    private final Random random;

    private CreditingScenario(long seed, List<JobPlan> jobs, List<List<RestoreEvent>> eventBatches, Random random) {
        this.seed = seed;
        this.jobs = jobs;
        this.eventBatches = eventBatches;
        this.random = random;
    }

    public static CreditingScenario generate(long seed, int objectCount, int jobCount) {
        Random random = new Random(seed);
        List<ObjectId> objects = new ArrayList<>(objectCount);
        for (int i = 0; i < objectCount; i++) {
            // Keys with the characters that encode differently in manifests and events, and versions.
            String key = switch (i % 5) {
                case 0 -> "plain/object-" + i + ".bin";
                case 1 -> "with space/and+plus " + i + ".txt";
                case 2 -> "100%/déjà vu/" + i;
                case 3 -> "日本語/" + i + "/x+y";
                default -> "v/" + i;
            };
            objects.add(new ObjectId("bucket-" + (i % 3), key, i % 5 == 4 ? "ver" + i : null));
        }
        Set<ObjectId> completed = new LinkedHashSet<>();
        for (ObjectId object : objects) {
            if (random.nextDouble() < 0.8) {
                completed.add(object);
            }
        }

        List<JobPlan> jobs = new ArrayList<>();
        for (int j = 0; j < jobCount; j++) {
            JobId job = new JobId("job-" + seed + "-" + j);
            double share = 0.5 + random.nextDouble() / 6;
            List<ObjectId> lines = new ArrayList<>();
            Set<ObjectId> distinct = new LinkedHashSet<>();
            for (ObjectId object : objects) {
                if (random.nextDouble() < share) {
                    lines.add(object);
                    distinct.add(object);
                }
            }
            int duplicates = distinct.size() / 20;
            List<ObjectId> members = new ArrayList<>(distinct);
            for (int d = 0; d < duplicates; d++) {
                lines.add(members.get(random.nextInt(members.size())));
            }
            Collections.shuffle(lines, random);
            List<Chunk> chunks = new ArrayList<>();
            long offset = 0;
            int next = 0;
            while (next < lines.size()) {
                // Several chunks per job even in small runs, so chunks of one job interleave too.
                int typical = Math.max(20, Math.min(200, lines.size() / 6));
                int size = Math.min(lines.size() - next, typical / 2 + random.nextInt(typical));
                List<ChunkEntry> entries = new ArrayList<>(size);
                for (ObjectId object : lines.subList(next, next + size)) {
                    entries.add(new ChunkEntry(object, offset));
                    offset += (object.bucket() + "," + object.key() + "\n").getBytes(StandardCharsets.UTF_8).length;
                }
                int invalid = random.nextInt(3);
                chunks.add(new Chunk(job, chunks.size(), entries, size + invalid, invalid));
                next += size;
            }
            Set<ObjectId> jobCompleted = new HashSet<>(distinct);
            jobCompleted.retainAll(completed);
            jobs.add(new JobPlan(job, chunks, distinct, jobCompleted));
        }

        Instant base = BASE;
        List<RestoreEvent> deliveries = new ArrayList<>();
        int n = 0;
        for (ObjectId object : objects) {
            Instant completedAt = base.plusSeconds(3600 + n++);
            if (completed.contains(object)) {
                int copies = 1 + random.nextInt(3);
                for (int c = 0; c < copies; c++) {
                    deliveries.add(RestoreEvent.completed(object, completedAt));
                }
            }
            double r = random.nextDouble();
            if (r < 0.25) {
                deliveries.add(RestoreEvent.initiated(object, base.plusSeconds(n)));
            } else if (r < 0.30) {
                // The expiry of an earlier restore: older than this restore's completion, so it changes nothing.
                deliveries.add(RestoreEvent.expired(object, base.minusSeconds(86_400)));
            }
        }
        Collections.shuffle(deliveries, random);
        List<List<RestoreEvent>> batches = new ArrayList<>();
        for (int i = 0; i < deliveries.size(); ) {
            int size = Math.min(deliveries.size() - i, 1 + random.nextInt(10));
            batches.add(List.copyOf(deliveries.subList(i, i + size)));
            i += size;
        }
        return new CreditingScenario(seed, jobs, batches, random);
    }

    public long seed() {
        return seed;
    }

    public List<JobPlan> jobs() {
        return jobs;
    }

    public int eventBatchCount() {
        return eventBatches.size();
    }

    /** Figures of one run. */
    public record RunStats(int tasks, int replays, int chunkNewObjectMismatches) {
    }

    /**
     * Runs every chunk registration and event batch (and some of them twice) against the ledger, in a
     * random interleaving on {@code threads} threads. A task that throws {@link InjectedCrash} is run
     * again from the start until it completes.
     */
    public RunStats run(RestoreLedger ledger, int threads, Clock clock) throws Exception {
        RegisterManifestObjects register = new RegisterManifestObjects(ledger, clock, Duration.ofDays(30));
        // Each versioned object of the scenario has that one version: the current one.
        FakeCurrentVersions versions = new FakeCurrentVersions();
        jobs.forEach(job -> job.distinctObjects().stream().filter(o -> o.versionId() != null).forEach(versions::current));
        RecordRestoreEvents record = new RecordRestoreEvents(ledger, versions);
        Map<Chunk, Long> firstCount = Collections.synchronizedMap(new LinkedHashMap<>());
        AtomicInteger mismatches = new AtomicInteger();

        List<Runnable> all = new ArrayList<>();
        for (JobPlan job : jobs) {
            for (Chunk chunk : job.chunks()) {
                Runnable task = () -> {
                    long created = register.register(job(chunk.job()), chunk.number(), chunk.entries());
                    Long before = firstCount.putIfAbsent(chunk, created);
                    if (before != null && before != created) {
                        mismatches.incrementAndGet();
                    }
                    register.summarize(job(chunk.job()), new ChunkSummary(chunk.number(), created, chunk.lines(),
                            chunk.invalidLines()));
                };
                all.add(task);
                if (random.nextDouble() < 0.15) {
                    all.add(task); // delivered twice, replayed completely
                }
            }
        }
        for (List<RestoreEvent> batch : eventBatches) {
            Runnable task = () -> record.apply(batch);
            all.add(task);
            if (random.nextDouble() < 0.05) {
                all.add(task);
            }
        }
        Collections.shuffle(all, random);

        ConcurrentLinkedQueue<Runnable> queue = new ConcurrentLinkedQueue<>(all);
        AtomicInteger replays = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                workers.add(pool.submit(() -> {
                    Runnable task;
                    while ((task = queue.poll()) != null) {
                        for (int attempt = 1; ; attempt++) {
                            try {
                                task.run();
                                break;
                            } catch (InjectedCrash crash) {
                                replays.incrementAndGet();
                                if (attempt > 200) {
                                    throw new IllegalStateException("a task kept crashing", crash);
                                }
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> worker : workers) {
                worker.get();
            }
        } finally {
            pool.shutdownNow();
        }
        return new RunStats(all.size(), replays.get(), mismatches.get());
    }

    /** The job, created before every restore of the scenario (which all count for it). */
    public static Job job(JobId id) {
        Instant created = BASE.minusSeconds(3600);
        var request = new CreateJobRequest("manifests", "m.csv", RestoreTier.BULK, 3, StorageFamily.GLACIER,
                ManifestFormat.CSV, null);
        return Job.submitting(id, request, new ManifestLocation("manifests", "m.csv", "etag", 100), created,
                created.plus(Duration.ofHours(48)), null).submitted("batch-" + id.value(), 1);
    }

    public static Clock fixedClock() {
        return Clock.fixed(BASE.plusSeconds(7200), ZoneOffset.UTC);
    }
}
