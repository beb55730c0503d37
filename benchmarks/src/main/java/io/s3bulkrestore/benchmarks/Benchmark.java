package io.s3bulkrestore.benchmarks;

import java.util.List;

/** One benchmark of the harness: measures ours and the naive baseline in the same run. */
public interface Benchmark {

    String name();

    /** Runs the benchmark; {@code quick} runs a smaller size that still gives the counted figures. */
    List<Figure> run(boolean quick) throws Exception;
}
