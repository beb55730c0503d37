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

    static final int DEFAULT_SEEDS = 100;

    /**
     * Fault kinds main mishandles: each would break an invariant for some seeds, so the default run leaves them out
     * until the fix that holds it lands (run with {@code -Dsimulation.allFaults=true} to see them fail). Empty:
     * since issue 14's fixes every kind holds; a kind added here needs a comment naming the issue that fixes it and
     * a seed that shows it ({@code -Dsimulation.faults=<kind> -Dsimulation.seed=N}).
     */
    static final Set<FaultKind> KNOWN_BROKEN = EnumSet.noneOf(FaultKind.class);

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
