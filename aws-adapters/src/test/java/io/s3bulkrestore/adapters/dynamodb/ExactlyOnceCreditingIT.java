package io.s3bulkrestore.adapters.dynamodb;

import io.s3bulkrestore.fakes.CrashingRestoreLedger;
import io.s3bulkrestore.model.JobCounts;
import io.s3bulkrestore.model.ObjectId;
import io.s3bulkrestore.tally.ObjectChange;
import io.s3bulkrestore.tally.TallyChanges;
import io.s3bulkrestore.tracking.CreditingScenario;
import io.s3bulkrestore.tracking.Membership.Settlement;
import io.s3bulkrestore.tracking.ObjectRecord;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.LongStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The acceptance test of exactly-once counting (DESIGN §3) against DynamoDB Local: overlapping jobs, duplicated
 * and reordered events, registration racing completion on 4 threads, crashes injected in every write step followed
 * by replays ({@link CreditingScenario}). Then the ObjectsTable's stream is tallied as Lambda's event source mapping
 * would deliver it: in batches of random size, some delivered twice, some bisected after a failure, some retried
 * with more records after them. Every job's counts must come out exact.
 */
class ExactlyOnceCreditingIT {

    /**
     * Each seed runs about 13,000 DynamoDB Local requests; {@code -Dcrediting.objects} and
     * {@code -Dcrediting.seeds} shrink or grow it.
     */
    static final int OBJECTS = Integer.getInteger("crediting.objects", 2_000);
    static final int JOBS = 3;
    static final int THREADS = 4;
    static final double CRASH_PROBABILITY = 0.05;

    private static final RequestCounter REQUESTS = new RequestCounter();
    @RegisterExtension
    static final DynamoDbLocalExtension DYNAMODB =
            new DynamoDbLocalExtension(server -> TestClients.dynamoDb(server, REQUESTS));

    static Stream<Arguments> seeds() {
        return LongStream.rangeClosed(1, Long.getLong("crediting.seeds", 4))
                .mapToObj(seed -> Arguments.of(seed, OBJECTS));
    }

    @ParameterizedTest(name = "seed {0}, {1} objects")
    @MethodSource("seeds")
    void shouldCountEveryObjectOfEveryJobExactlyOnce(long seed, int objects) throws Exception {
        long started = System.nanoTime();
        // The scenario's instants are relative to now, so the tables' TTL (on, as deployed) deletes nothing it uses.
        var tables = DYNAMODB.freshTables();
        String jobsTable = tables.jobs();
        String objectsTable = tables.objects();
        var ledger = new DynamoDbRestoreLedger(DYNAMODB.client(), objectsTable, jobsTable);
        var jobStore = new DynamoDbJobStore(DYNAMODB.client(), jobsTable);
        var scenario = CreditingScenario.generate(seed, objects, JOBS);
        scenario.jobs().forEach(plan -> jobStore.create(CreditingScenario.job(plan.job())));
        var crashing = new CrashingRestoreLedger(ledger, new Random(seed), CRASH_PROBABILITY);

        // When the race runs, and then its stream is tallied as Lambda would deliver it
        REQUESTS.reset();
        var stats = scenario.run(crashing, THREADS, CreditingScenario.fixedClock());
        String requests = REQUESTS.summary();
        double runSeconds = (System.nanoTime() - started) / 1e9;
        var tally = new TallyChanges(new DynamoDbTallyStore(DYNAMODB.client(), jobsTable, Clock.systemUTC(), Duration.ofDays(30)));
        Random delivery = new Random(seed * 31);
        int deliveries = 0;
        int changes = 0;
        try (var stream = new ObjectsTableStream(DYNAMODB.server(), DYNAMODB.client(), objectsTable)) {
            for (Map.Entry<String, List<ObjectChange>> shard : stream.changes().entrySet()) {
                changes += shard.getValue().size();
                deliveries += deliver(tally, shard.getKey(), shard.getValue(), delivery);
            }
        }

        // Then
        assertThat(stats.chunkNewObjectMismatches()).as("seed %d: a replayed chunk counted differently", seed).isZero();
        assertThat(deliveries).as("seed %d: batches delivered", seed).isGreaterThan(changes / 25);
        var read = new LedgerTables(DYNAMODB.client(), objectsTable, jobsTable);
        for (var job : scenario.jobs()) {
            Map<ObjectId, ObjectRecord> records = ledger.records(job.distinctObjects());
            long restored = records.values().stream()
                    .filter(r -> r.outcome(job.job()).orElseThrow().settlement() == Settlement.CREDITED).count();
            JobCounts counts = jobStore.find(job.job()).orElseThrow().counts();
            assertThat(counts).as("seed %d, %s counts", seed, job.job())
                    .isEqualTo(new JobCounts(job.completed().size(), 0, 0))
                    .isEqualTo(new JobCounts(restored, 0, 0));
            assertThat(records).as("seed %d, %s records", seed, job.job()).hasSize(job.distinctObjects().size());
            assertThat(read.registered(job.job())).as("seed %d, %s registered", seed, job.job())
                    .isEqualTo(job.distinctObjects().size());
            assertThat(read.totalObjects(job.job())).as("seed %d, %s total", seed, job.job())
                    .isEqualTo(job.distinctObjects().size());
        }
        System.out.printf("ExactlyOnceCreditingIT seed %d: %d objects, %d jobs, %d event batches, %d tasks, "
                        + "%d crash replays, %.1f s (tally and checks %.1f s), %d stream records in %d deliveries; "
                        + "requests: %s%n", seed, objects, JOBS, scenario.eventBatchCount(), stats.tasks(),
                stats.replays(), runSeconds, (System.nanoTime() - started) / 1e9 - runSeconds, changes, deliveries,
                requests);
    }

    /**
     * Tallies one shard's changes in batches of 1-40 as an event source mapping may deliver them: most once; some
     * twice (a retry after the function added them but failed to answer); some bisected after a failure (the first
     * half added, then the whole batch retried, then the second half); some retried with more records behind them.
     * Returns how many batches were handed to the tally.
     */
    private static int deliver(TallyChanges tally, String shard, List<ObjectChange> changes, Random random) {
        int deliveries = 0;
        int from = 0;
        while (from < changes.size()) {
            int to = Math.min(changes.size(), from + 1 + random.nextInt(40));
            List<ObjectChange> batch = changes.subList(from, to);
            double r = random.nextDouble();
            if (r < 0.15) {
                tally.apply(shard, batch);
                tally.apply(shard, batch);
                deliveries += 2;
            } else if (r < 0.30 && batch.size() > 1) {
                int half = batch.size() / 2;
                tally.apply(shard, batch.subList(0, half));
                tally.apply(shard, batch);
                tally.apply(shard, batch.subList(half, batch.size()));
                deliveries += 3;
            } else if (r < 0.40) {
                tally.apply(shard, batch);
                int longer = Math.min(changes.size(), to + 1 + random.nextInt(10));
                tally.apply(shard, changes.subList(from, longer));
                to = longer;
                deliveries += 2;
            } else {
                tally.apply(shard, batch);
                deliveries++;
            }
            from = to;
        }
        return deliveries;
    }
}
