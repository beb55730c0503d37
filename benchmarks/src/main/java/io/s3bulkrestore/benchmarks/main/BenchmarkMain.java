package io.s3bulkrestore.benchmarks.main;

import io.s3bulkrestore.benchmarks.Benchmark;
import io.s3bulkrestore.benchmarks.BoundCheck;
import io.s3bulkrestore.benchmarks.Figure;
import io.s3bulkrestore.benchmarks.ResultTable;
import io.s3bulkrestore.benchmarks.coldstart.ColdStartBenchmark;
import io.s3bulkrestore.benchmarks.cost.CostPerMillionBenchmark;
import io.s3bulkrestore.benchmarks.crediting.CreditingBenchmark;
import io.s3bulkrestore.benchmarks.endtoend.EndToEndBenchmark;
import io.s3bulkrestore.benchmarks.manifest.ManifestIngestionBenchmark;
import io.s3bulkrestore.benchmarks.monitor.MonitorCostBenchmark;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * Runs the benchmarks and prints one table, then checks the figures' bounds and exits 1 if one failed.
 * {@code --quick} runs small sizes and checks counted figures only (times at those sizes are noise); a full run
 * also checks the least ratio of a time or rate over the baseline measured in the same run.
 *
 * <p>Benchmarks of other packages register themselves as {@code META-INF/services/io.s3bulkrestore.benchmarks.Benchmark}
 * entries (public no-argument constructor); they run after the built-in ones and before the cost summary.
 */
@Command(name = "benchmarks", mixinStandardHelpOptions = true,
        description = "Measured cost and speed of s3-bulk-restore against naive baselines, in one run.")
public final class BenchmarkMain implements Callable<Integer> {

    @Option(names = "--quick", description = "Small sizes; check only counted figures against their bounds (exit 1 on a regression).")
    boolean quick;

    @Option(names = "--only", split = ",", paramLabel = "NAME", description = "Run only these benchmarks (see --list).")
    Set<String> only = Set.of();

    @Option(names = "--list", description = "List the benchmarks and exit.")
    boolean list;

    @Option(names = "--crediting-objects", paramLabel = "N", description = "Objects of the crediting job in a full run (default ${DEFAULT-VALUE}).")
    int creditingObjects = DEFAULT_CREDITING_OBJECTS;

    /** The size: 50,000 objects, 55,000 events with duplicates; job B holds every second object. */
    static final int DEFAULT_CREDITING_OBJECTS = 50_000;

    private final PrintStream out;

    BenchmarkMain(PrintStream out) {
        this.out = out;
    }

    public static void main(String[] args) {
        // Two SLF4J backends are on this classpath: slf4j-simple (simplelogger.properties) and the functions' own
        // (lambda-logging, which the in-process handlers bring). This one keeps the benchmarks' output as it was.
        if (System.getProperty("slf4j.provider") == null) {
            System.setProperty("slf4j.provider", "org.slf4j.simple.SimpleServiceProvider");
        }
        PrintStream table = System.out;
        // DynamoDB Local prints its configuration to standard output; keep that stream for the table alone.
        System.setOut(System.err);
        System.exit(new CommandLine(new BenchmarkMain(table)).execute(args));
    }

    /** Every benchmark, in the order they run: ours, then registered ones, then the cost summary (which reads 1 and 3). */
    List<Benchmark> benchmarks() {
        var crediting = new CreditingBenchmark(creditingObjects, 2_000);
        var monitor = new MonitorCostBenchmark();
        List<Benchmark> all = new ArrayList<>(List.of(crediting, new ManifestIngestionBenchmark(), monitor));
        all.add(new ColdStartBenchmark());
        all.add(new EndToEndBenchmark());
        ServiceLoader.load(Benchmark.class).forEach(all::add);
        all.add(new CostPerMillionBenchmark(crediting, monitor));
        return all;
    }

    @Override
    public Integer call() throws Exception {
        List<Benchmark> benchmarks = benchmarks();
        if (list) {
            benchmarks.forEach(benchmark -> out.println(benchmark.name()));
            return 0;
        }
        List<String> unknown = only.stream().filter(name -> benchmarks.stream().noneMatch(b -> b.name().equals(name))).toList();
        if (!unknown.isEmpty()) {
            out.println("unknown benchmark(s) " + unknown + "; --list names them");
            return 2;
        }
        long started = System.nanoTime();
        List<Figure> figures = new ArrayList<>();
        for (Benchmark benchmark : benchmarks) {
            if (!only.isEmpty() && !only.contains(benchmark.name())) {
                continue;
            }
            long start = System.nanoTime();
            System.err.printf("running %s%s ...%n", benchmark.name(), quick ? " (quick)" : "");
            figures.addAll(benchmark.run(quick));
            System.err.printf("%s took %s%n", benchmark.name(), seconds(System.nanoTime() - start));
        }
        out.println();
        out.print(ResultTable.render(figures));
        out.printf("%nall benchmarks took %s%s%n", seconds(System.nanoTime() - started), quick ? " (quick sizes)" : "");
        // --quick checks counted work only; a full run checks the ratios of its times too.
        List<BoundCheck.Verdict> verdicts = BoundCheck.check(figures, !quick);
        out.println();
        verdicts.forEach(verdict -> out.println(verdict.line()));
        boolean passed = BoundCheck.allPassed(verdicts);
        out.println(passed ? "all " + verdicts.size() + " bounds hold" : "a counted figure regressed past its bound");
        return passed ? 0 : 1;
    }

    private static String seconds(long nanos) {
        Duration d = Duration.ofNanos(nanos);
        return String.format("%d.%01d s", d.toSeconds(), d.toMillisPart() / 100);
    }
}
