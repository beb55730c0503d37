package io.s3bulkrestore.simulation;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole pipeline under faults, many seeds (issue 14, "Prove it"). Properties:
 * <ul>
 *   <li>{@code -Dsimulation.seeds=5000}: how many seeds (1..N); default {@value #DEFAULT_SEEDS};</li>
 *   <li>{@code -Dsimulation.seed=1234}: replay one seed (prints its trace even when it passes);</li>
 *   <li>{@code -Dsimulation.allFaults=true}: include the {@link #KNOWN_BROKEN} kinds;</li>
 *   <li>{@code -Dsimulation.faults=LOST_EVENT,CANCEL}: exactly these kinds (to find which kind breaks what).</li>
 * </ul>
 * A failing seed prints the seed, its fault kinds, the violations and the trace of the run.
 */
class PipelineSimulationTest {

    static final int DEFAULT_SEEDS = 60;

    /**
     * Fault kinds today's main mishandles: each breaks an invariant for some seeds (see the issue 14 point in
     * its comment). The default run leaves them out so that CI stays green while they are fixed; run with
     * {@code -Dsimulation.allFaults=true} to see them fail, and remove a kind here with the fix that holds it.
     * Each "seed N" below replays with {@code -Dsimulation.faults=<that kind> -Dsimulation.seed=N} unless other
     * kinds are named.
     */
    static final Set<FaultKind> KNOWN_BROKEN = EnumSet.of(
            // point 1: 409 RestoreAlreadyInProgress (the second line naming an object) is marked failed, and the
            // object is reported failed although it is restored ([failed-only-if-true], e.g. seed 1)
            FaultKind.DUPLICATE_LINES,
            // point 1: the overlapping job's tasks get 409 RestoreAlreadyInProgress and its objects are reported
            // failed although restored ([failed-only-if-true]); with enough 409s its batch job fails > 50 % and
            // the Failed job's counts then move under GET (point 4, [agree-forever]) (e.g. seed 1)
            FaultKind.OVERLAPPING_JOBS,
            // point 1: ObjectAlreadyInActiveTierError counted as a failure instead of "not archived"
            // ([failed-only-if-true], e.g. seed 1)
            FaultKind.NOT_ARCHIVED,
            // point 2: a chunk in the DLQ leaves the job Restoring with no total forever ([terminal-on-time], seed 1)
            FaultKind.INGEST_DLQ,
            // point 3: a create that dies after the job item is written and is not retried leaves the job
            // SUBMITTING forever: the monitor skips it, cancel refuses it ([terminal-on-time];
            // -Dsimulation.faults=CRASH_CREATE,CREATE_ABANDONED seed 1)
            FaultKind.CREATE_ABANDONED,
            // point 4: after Cancelled, restores already initiated are still credited, so GET's counts move away
            // from the terminal message and the report ([agree-forever], e.g. seed 1)
            FaultKind.CANCEL,
            // point 4: the batch job fails (> 50 % task failures) and Failed is published with objects still
            // restoring; their later events change GET's counts ([agree-forever], e.g. seed 1)
            FaultKind.BATCH_FAILS,
            // point 4: Timeout is published with restores still running; when they complete, GET's counts move
            // ([agree-forever], e.g. seed 6)
            FaultKind.RESTORE_PAST_DEADLINE,
            // NOT one of points 1-8 (the v2 rule "a restore fact is valid for J only if restored after J was
            // created or unexpired when J registered it"): an object restored and expired before the job was
            // created still has its old Completed fact in the ledger, so registration credits it at once; the job
            // reports it restored before (or without) restoring it ([restored-only-if-true], e.g. seed 1)
            FaultKind.RE_ARCHIVED,
            // point 4 again, rarer: AccessDenied / NoSuchKey on a small job make its batch job fail (> 50 %), and
            // the Failed job's counts move under GET when its other restores complete ([agree-forever];
            // -Dsimulation.faults=LOST_EVENT,TASK_FAILURES,CRASH_MONITOR,VERSIONED seed 159)
            FaultKind.TASK_FAILURES,
            // NOT one of points 1-8: the monitor dies after CompleteMultipartUpload and before recording it; every
            // later tick uploads a part to the completed upload (S3: NoSuchUpload), fails, and the job never
            // finishes ([terminal-on-time], seed 11)
            FaultKind.CRASH_MONITOR_REPORT);

    @Test
    void shouldHoldEveryInvariantForEverySeed() {
        Set<FaultKind> kinds = faultKinds();
        List<Long> seeds = seeds();
        long started = System.nanoTime();
        List<PipelineSimulation.Result> failed = new ArrayList<>();
        long faults = 0;
        long ticks = 0;
        for (long seed : seeds) {
            PipelineSimulation.Result result = PipelineSimulation.run(seed, kinds);
            faults += result.trace().faultCount();
            ticks += result.ticks();
            if (!result.violations().isEmpty()) {
                failed.add(result);
            }
            if (seeds.size() == 1) {
                System.out.println(report(result));
            }
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        System.out.printf("pipeline simulation: %d seeds, fault kinds %s, %d faults injected (%.1f per run), "
                        + "%d simulated minutes, %d ms; %d seed(s) failed%n", seeds.size(), kinds, faults,
                (double) faults / seeds.size(), ticks, millis, failed.size());
        failed.stream().limit(3).forEach(result -> System.out.println(report(result)));
        if (failed.size() > 3) {
            System.out.println("further failing seeds: " + failed.stream().skip(3)
                    .map(r -> r.seed() + " " + r.violations().getFirst()).collect(Collectors.joining("\n  ", "\n  ", "")));
        }
        assertThat(failed).as("seeds that broke an invariant (replay one with -Dsimulation.seed=N)")
                .extracting(PipelineSimulation.Result::seed).isEmpty();
    }

    @Test
    void shouldReplayASeedExactly() {
        PipelineSimulation.Result first = PipelineSimulation.run(42, EnumSet.allOf(FaultKind.class));
        PipelineSimulation.Result again = PipelineSimulation.run(42, EnumSet.allOf(FaultKind.class));

        assertThat(again.trace().lines()).isEqualTo(first.trace().lines());
        assertThat(again.violations()).isEqualTo(first.violations());
        assertThat(first.trace().faultCount()).isPositive();
    }

    /**
     * With {@code -Dsimulation.survey=true}: each fault kind alone over the seeds, printing which invariants it
     * breaks and the first seed that shows each; this is how {@link #KNOWN_BROKEN} was drawn up.
     */
    @Test
    void surveyWhichFaultKindBreaksWhichInvariant() {
        if (!Boolean.getBoolean("simulation.survey")) {
            return;
        }
        for (FaultKind kind : FaultKind.values()) {
            java.util.Map<String, List<Long>> seedsByInvariant = new java.util.TreeMap<>();
            for (long seed : seeds()) {
                for (String violation : PipelineSimulation.run(seed, EnumSet.of(kind)).violations()) {
                    String invariant = violation.substring(0, violation.indexOf(']') + 1);
                    List<Long> seen = seedsByInvariant.computeIfAbsent(invariant, k -> new ArrayList<>());
                    if (seen.isEmpty() || seen.getLast() != seed) {
                        seen.add(seed);
                    }
                }
            }
            System.out.println("survey " + kind + ": " + (seedsByInvariant.isEmpty() ? "holds" : seedsByInvariant));
        }
    }

    static String report(PipelineSimulation.Result result) {
        return "---- seed " + result.seed() + " (replay: -Dsimulation.seed=" + result.seed()
                + (result.enabled().containsAll(KNOWN_BROKEN) && !KNOWN_BROKEN.isEmpty() ? " -Dsimulation.allFaults=true" : "")
                + "), fault kinds " + result.enabled() + "\n"
                + (result.violations().isEmpty() ? "no violation" : "violations:\n  "
                + String.join("\n  ", result.violations())) + "\ntrace:\n" + result.trace().render() + "\n----";
    }

    private static Set<FaultKind> faultKinds() {
        String only = System.getProperty("simulation.faults");
        if (only != null && !only.isBlank()) {
            Set<FaultKind> kinds = EnumSet.noneOf(FaultKind.class);
            if (!only.equals("NONE")) {
                Arrays.stream(only.split(",")).map(String::trim).map(FaultKind::valueOf).forEach(kinds::add);
            }
            return kinds;
        }
        Set<FaultKind> kinds = EnumSet.allOf(FaultKind.class);
        if (!Boolean.getBoolean("simulation.allFaults")) {
            kinds.removeAll(KNOWN_BROKEN);
        }
        return kinds;
    }

    private static List<Long> seeds() {
        String one = System.getProperty("simulation.seed");
        if (one != null && !one.isBlank()) {
            return List.of(Long.parseLong(one.trim()));
        }
        int count = Integer.getInteger("simulation.seeds", DEFAULT_SEEDS);
        List<Long> seeds = new ArrayList<>(count);
        for (long seed = 1; seed <= count; seed++) {
            seeds.add(seed);
        }
        return seeds;
    }
}
