package io.s3bulkrestore.benchmarks.crediting;

import io.s3bulkrestore.adapters.local.DynamoDbLocalServer;
import io.s3bulkrestore.benchmarks.Benchmark;
import io.s3bulkrestore.benchmarks.Figure;
import io.s3bulkrestore.benchmarks.LocalClients;
import io.s3bulkrestore.benchmarks.RequestMeter;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Benchmark 1: crediting restore events exactly once, ours vs one UpdateItem + one counter ADD per event,
 * on DynamoDB Local, with duplicates and random order, in SQS batches of the template's default size
 * (RestoreEventsBatchSize = 1000) and of 10.
 */
public final class CreditingBenchmark implements Benchmark {

    public static final String NAME = "crediting";
    /** The template's RestoreEventsBatchSize default, and SQS's classic batch of 10. */
    public static final List<Integer> BATCH_SIZES = List.of(1_000, 10);
    static final double DUPLICATES = 0.10;
    private static final int SEGMENTS = 10;
    /** Concurrent invocations (ingest chunks, event batches) for ours and the naive design alike. */
    static final int WORKERS = 4;

    private final int fullObjects;
    private final int quickObjects;
    private Measurement last;

    /**
     * @param fullObjects  objects of job A in a full run (job B holds half of them)
     * @param quickObjects the same for {@code --quick}
     */
    public CreditingBenchmark(int fullObjects, int quickObjects) {
        this.fullObjects = fullObjects;
        this.quickObjects = quickObjects;
    }

    /**
     * What one run counted, for the cost benchmark.
     *
     * @param ours per batch size
     */
    public record Measurement(CreditingWorkload workload, Map<Integer, CreditingRun> ours, CreditingRun naive) {
    }

    @Override
    public String name() {
        return NAME;
    }

    /** The last run's counts, running a quick one first if there was none. */
    public Measurement measurement(boolean quick) throws Exception {
        if (last == null) {
            run(quick);
        }
        return last;
    }

    @Override
    public List<Figure> run(boolean quick) {
        int objects = quick ? quickObjects : fullObjects;
        CreditingWorkload workload = CreditingWorkload.of(objects, DUPLICATES, 42);
        RequestMeter meter = new RequestMeter();
        Map<Integer, CreditingRun> ours = new LinkedHashMap<>();
        CreditingRun naive;
        try (DynamoDbLocalServer server = DynamoDbLocalServer.start(); LocalClients clients = new LocalClients(meter);
             var dynamoDb = clients.dynamoDb(server.endpoint())) {
            for (int batchSize : BATCH_SIZES) {
                ours.put(batchSize, OurCrediting.run(server, dynamoDb, meter, workload, batchSize, WORKERS, SEGMENTS));
            }
            naive = NaiveCrediting.run(dynamoDb, meter, workload, WORKERS, SEGMENTS);
        }
        ours.forEach((batch, run) -> detail("ours, batches of " + batch, run));
        detail("naive", naive);
        last = new Measurement(workload, ours, naive);
        return figures(last);
    }

    private static void detail(String design, CreditingRun run) {
        System.err.printf("  crediting %s: registration %s%n  crediting %s: events %s%n", design,
                run.registration().breakdown(), design, run.events().breakdown());
    }

    static List<Figure> figures(Measurement m) {
        List<Figure> figures = new ArrayList<>();
        long events = m.workload().events().size();
        long memberships = m.workload().memberships();
        String size = String.format("%,d events, %,d objects in 2 jobs", events, m.workload().objects().size());
        CreditingRun naive = m.naive();
        CreditingRun first = m.ours().values().iterator().next();
        figures.add(Figure.counted(NAME, "registration: DynamoDB requests per membership",
                perUnit(first.registration().totalOf("DynamoDb"), memberships),
                perUnit(naive.registration().totalOf("DynamoDb"), memberships), 1.1));
        figures.add(Figure.countedUnchecked(NAME, "registration: write units per membership",
                first.registration().writeUnits() / memberships, naive.registration().writeUnits() / memberships));
        for (var entry : m.ours().entrySet()) {
            int batch = entry.getKey();
            CreditingRun ours = entry.getValue();
            String in = " (batches of " + batch + ")";
            figures.add(Figure.timed(NAME, "events/s" + in + ", median of " + ours.segments() + " segments, " + size,
                    ours.eventsPerSecond(), naive.eventsPerSecond(), Figure.Better.HIGHER));
            figures.add(Figure.counted(NAME, "DynamoDB requests per event" + in,
                    perUnit(ours.events().totalOf("DynamoDb"), events), perUnit(naive.events().totalOf("DynamoDb"), events),
                    batch >= 100 ? 2.1 : 2.3));
            figures.add(Figure.countedUnchecked(NAME, "write units per event" + in,
                    ours.events().writeUnits() / events, naive.events().writeUnits() / events));
            figures.add(Figure.countedUnchecked(NAME, "read units per event" + in,
                    ours.events().readUnits() / events, naive.events().readUnits() / events));
            figures.add(Figure.counted(NAME, "counter-item writes per event" + in,
                    perUnit(ours.events().counterWrites(), events), perUnit(naive.events().counterWrites(), events),
                    batch >= 100 ? 0.02 : 0.25));
            figures.add(new Figure(NAME, "final count error, objects (0 = exact)" + in, ours.countError(),
                    Optional.of((double) naive.countError()), true, Optional.of(0.0), Figure.Better.LOWER));
        }
        return figures;
    }

    private static double perUnit(long count, long units) {
        return (double) count / units;
    }
}
