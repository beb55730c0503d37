package io.s3bulkrestore.benchmarks.cost;

import io.s3bulkrestore.benchmarks.Benchmark;
import io.s3bulkrestore.benchmarks.Figure;
import io.s3bulkrestore.benchmarks.crediting.CreditingBenchmark;
import io.s3bulkrestore.benchmarks.monitor.MonitorCostBenchmark;
import java.util.List;

public final class CostPerMillionBenchmark implements Benchmark {
    public CostPerMillionBenchmark(CreditingBenchmark c, MonitorCostBenchmark m) {}
    public String name() { return "cost"; }
    public List<Figure> run(boolean quick) { return List.of(); }
}
