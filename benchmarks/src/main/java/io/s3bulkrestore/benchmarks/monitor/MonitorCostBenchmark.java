package io.s3bulkrestore.benchmarks.monitor;

import io.s3bulkrestore.benchmarks.Benchmark;
import io.s3bulkrestore.benchmarks.Figure;
import java.util.List;

public final class MonitorCostBenchmark implements Benchmark {
    public String name() { return "monitor"; }
    public List<Figure> run(boolean quick) { return List.of(); }
}
