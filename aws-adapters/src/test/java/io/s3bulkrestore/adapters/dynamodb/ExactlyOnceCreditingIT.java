package io.s3bulkrestore.adapters.dynamodb;

import io.s3bulkrestore.adapters.local.DynamoDbLocalServer;
import io.s3bulkrestore.fakes.CrashingRestoreLedger;
import io.s3bulkrestore.model.JobCounts;
import io.s3bulkrestore.model.JobId;
import io.s3bulkrestore.model.ObjectId;
import io.s3bulkrestore.tracking.CreditingScenario;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The acceptance test of exactly-once crediting (DESIGN §3) against DynamoDB Local: overlapping jobs,
 * duplicated and reordered events, registration racing completion on 4 threads, crashes injected in
 * every write step followed by replays. Every job's counters and totals must come out exact.
 */
class ExactlyOnceCreditingIT {

    /**
     * Every seed runs at the full scale: ~13,000 DynamoDB Local requests per run, 12-26 s each
     * on the 2-core build machine (20 seeds: about 6 minutes while other builds ran beside it).
     * {@code -Dcrediting.objects} and {@code -Dcrediting.seeds} shrink or grow it for local iteration.
     */
    static final int OBJECTS = Integer.getInteger("crediting.objects", 2_000);
    static final int JOBS = 3;
    static final int THREADS = 4;
    static final double CRASH_PROBABILITY = 0.05;

    private static DynamoDbLocalServer server;
    private static DynamoDbClient client;
    private static final RequestCounter REQUESTS = new RequestCounter();

    @BeforeAll
    static void start() {
        server = DynamoDbLocalServer.start();
        client = TestClients.dynamoDb(server, REQUESTS);
    }

    @AfterAll
    static void stop() {
        client.close();
        server.close();
    }

    static Stream<Arguments> seeds() {
        return LongStream.rangeClosed(1, Long.getLong("crediting.seeds", 20))
                .mapToObj(seed -> Arguments.of(seed, OBJECTS));
    }

    @ParameterizedTest(name = "seed {0}, {1} objects")
    @MethodSource("seeds")
    void shouldCreditEveryObjectOfEveryJobExactlyOnce(long seed, int objects) throws Exception {
        long started = System.nanoTime();
        var tables = server.createTables(client);
        var ledger = new DynamoDbRestoreLedger(client, tables.objects(), tables.jobs(), 8, new SplittableRandom(seed));
        var crashing = new CrashingRestoreLedger(ledger, new Random(seed), CRASH_PROBABILITY);
        var scenario = CreditingScenario.generate(seed, objects, JOBS);

        REQUESTS.reset();
        var stats = scenario.run(crashing, THREADS, CreditingScenario.fixedClock());

        String requests = REQUESTS.summary();
        double runSeconds = (System.nanoTime() - started) / 1e9;
        var read = new LedgerTables(client, tables.objects(), tables.jobs());
        assertThat(stats.chunkNewObjectMismatches()).as("seed %d: a replayed chunk counted differently", seed).isZero();
        for (var job : scenario.jobs()) {
            assertThat(read.counts(job.job())).as("seed %d, %s counters", seed, job.job())
                    .isEqualTo(new JobCounts(job.completed().size(), 0));
            assertThat(read.totalObjects(job.job())).as("seed %d, %s total", seed, job.job())
                    .isEqualTo(job.distinctObjects().size());
        }
        Map<JobId, Set<ObjectId>> credited = new java.util.HashMap<>();
        for (Map<String, AttributeValue> item : read.memberships()) {
            boolean pending = item.containsKey(TableDesign.PENDING_JOB);
            boolean settled = item.containsKey(TableDesign.CREDITED_AT) || item.containsKey(TableDesign.FAILED_AT);
            assertThat(pending && settled).as("seed %d: %s is both pending and settled", seed, item).isFalse();
            assertThat(pending || settled).as("seed %d: %s is neither pending nor settled", seed, item).isTrue();
            if (item.containsKey(TableDesign.CREDITED_AT)) {
                credited.computeIfAbsent(new JobId(item.get(TableDesign.SK).s().substring(4)), j -> new HashSet<>())
                        .add(ObjectId.parseCanonical(item.get(TableDesign.PK).s()));
            }
        }
        for (var job : scenario.jobs()) {
            assertThat(credited.getOrDefault(job.job(), Set.of())).as("seed %d, %s credited objects", seed, job.job())
                    .isEqualTo(job.completed());
        }
        System.out.printf("ExactlyOnceCreditingIT seed %d: %d objects, %d jobs, %d event batches, %d tasks, "
                        + "%d crash replays, %.1f s (checks %.1f s); requests: %s%n", seed, objects, JOBS,
                scenario.eventBatchCount(), stats.tasks(), stats.replays(), runSeconds,
                (System.nanoTime() - started) / 1e9 - runSeconds, requests);
    }
}
