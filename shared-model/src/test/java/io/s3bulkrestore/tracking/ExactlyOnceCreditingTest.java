package io.s3bulkrestore.tracking;

import io.s3bulkrestore.fakes.CrashingRestoreLedger;
import io.s3bulkrestore.fakes.InMemoryRestoreLedger;
import io.s3bulkrestore.model.JobCounts;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The race of {@link CreditingScenario} against the in-memory ledger: fast, for the domain rules. */
class ExactlyOnceCreditingTest {

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10})
    void shouldCountEveryObjectExactlyOnceDespiteDuplicatesReorderingAndCrashes(long seed) throws Exception {
        var scenario = CreditingScenario.generate(seed, 2_000, 3);
        var ledger = new InMemoryRestoreLedger();

        var stats = scenario.run(new CrashingRestoreLedger(ledger, new Random(seed), 0.1), 4,
                CreditingScenario.fixedClock());

        assertThat(stats.replays()).isPositive();
        assertThat(stats.chunkNewObjectMismatches()).isZero();
        for (var job : scenario.jobs()) {
            assertThat(ledger.countsOf(job.job())).as("seed %d, %s", seed, job.job())
                    .isEqualTo(new JobCounts(job.completed().size(), 0));
            assertThat(ledger.totalObjectsOf(job.job())).as("seed %d, %s", seed, job.job())
                    .isEqualTo(job.distinctObjects().size());
        }
    }
}
