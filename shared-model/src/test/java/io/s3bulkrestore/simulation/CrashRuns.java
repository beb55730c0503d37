package io.s3bulkrestore.simulation;

import io.s3bulkrestore.fakes.MutableClock;
import io.s3bulkrestore.model.ServiceException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongFunction;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the crash tests of one path (source jobs, quoted manifests, mixed manifests) share: every seed played and
 * checked, the failures reported with their trace, and a client that retries through injected crashes.
 */
final class CrashRuns {

    /** One seed's run: played to its end through the injected crashes, then checked. */
    interface SeededRun {
        void play();

        void check();

        Trace trace();
    }

    private CrashRuns() {
    }

    /**
     * Plays and checks seeds 0 to {@code seeds - 1}, prints a summary line, and fails with every failed seed's trace,
     * or when fewer than {@code leastCrashes} crashes were injected in all (a test that injects none proves nothing).
     */
    static void everySeed(String name, int seeds, int leastCrashes, LongFunction<SeededRun> newRun) {
        List<String> failures = new ArrayList<>();
        long crashes = 0;
        for (long seed = 0; seed < seeds; seed++) {
            SeededRun run = newRun.apply(seed);
            try {
                run.play();
                run.check();
            } catch (AssertionError | RuntimeException e) {
                failures.add("seed " + seed + ": " + e.getMessage() + "\n  " + String.join("\n  ", run.trace().lines()));
            }
            crashes += run.trace().faultCount();
        }
        System.out.printf("%s: %d seeds, %d crashes injected; %d seed(s) failed%n", name, seeds, crashes,
                failures.size());
        assertThat(crashes).as("crashes injected").isGreaterThan(leastCrashes);
        assertThat(failures).isEmpty();
    }

    /**
     * Calls the API until a call returns without a crash, as a client retries; a refusal (ServiceException) is an
     * answer too. Returns whether the call got through within 50 attempts, five seconds apart.
     */
    static boolean retryThroughCrashes(FaultPlan plan, Trace trace, MutableClock clock, Runnable call) {
        for (int attempt = 0; attempt < 50; attempt++) {
            boolean[] answered = {false};
            boolean completed = plan.invoke(FaultPlan.Function.CREATE, "api", () -> {
                try {
                    call.run();
                    answered[0] = true;
                } catch (ServiceException e) {
                    trace.add("api answered " + e.code());
                }
            });
            if (completed && answered[0]) {
                return true;
            }
            clock.advance(Duration.ofSeconds(5));
        }
        return false;
    }
}
