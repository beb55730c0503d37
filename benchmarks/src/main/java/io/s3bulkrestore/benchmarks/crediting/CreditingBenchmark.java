package io.s3bulkrestore.benchmarks.crediting;

import io.s3bulkrestore.benchmarks.Benchmark;
import io.s3bulkrestore.benchmarks.EmbeddedDynamoDb;
import io.s3bulkrestore.benchmarks.Figure;
import io.s3bulkrestore.benchmarks.RequestMeter;
import io.s3bulkrestore.benchmarks.Stats;
import io.s3bulkrestore.tracking.RestoreEvent;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Benchmark 1: crediting restore events exactly once, ours vs one UpdateItem + one counter ADD per event,
 * on DynamoDB Local (embedded, see {@link EmbeddedDynamoDb}), with duplicates and random order, in SQS batches of the template's default size
 * (RestoreEventsBatchSize = 1000) and of 10.
 *
 * <p>Our events/s is timed on a streamless twin of the ObjectsTable, the naive design's on its own table, which has
 * no stream: DynamoDB Local slows every write to a table with a stream, which AWS does not (see {@link OurCrediting}).
 * Every count of ours is taken on the ObjectsTable with its stream and the tally reading it; a note row gives the rate
 * measured there too, not compared. The two rates compared are timed in alternating rounds ({@link #alternate}), so
 * that a neighbour's load on this shared machine slows both designs alike: timed one after the other, a busy spell
 * during ours alone brought a full run at 50,000 objects to 1.04x where quieter runs measured 1.7-2.2x. The run in
 * batches of 10 gets an engine of its own: in the same engine its writes
 * would pass every stream record of the run before it on each write (see {@link OurCrediting}), which at 10,000
 * objects took 397 s to register its 5,000 and 208 s to credit them, against 3.7 s and 2.7 s in an engine of its own,
 * and at the default size has 125,000 records to pass instead of 25,000.
 */
public final class CreditingBenchmark implements Benchmark {

    public static final String NAME = "crediting";
    /** The template's RestoreEventsBatchSize default. */
    public static final int TEMPLATE_BATCH = 1_000;
    /** SQS's classic batch of 10: ten times the transactions and counter writes per event. */
    static final int CLASSIC_BATCH = 10;
    /**
     * Objects of job A when crediting in batches of 10, at most. Counts per event do not depend on the job's
     * size (2.20 requests and 0.200 counter-item writes per event at 5,000 and at 15,000 objects), and a run
     * at the full size would add about a third to the benchmark's time.
     */
    static final int CLASSIC_BATCH_OBJECTS = 5_000;
    static final double DUPLICATES = 0.10;
    private static final int SEGMENTS = 10;
    /** Issue "Tracking core v2": DynamoDB write units per object, registration + crediting, tally included. */
    static final double MAX_WRITE_UNITS_PER_OBJECT = 2.1;
    /** Issue "Tracking core v2": crediting events/s at least this many times the naive design's (full runs only). */
    static final double LEAST_RATE_RATIO = 1.5;
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
     * @param ours  per batch size; batches of the template's size ran the naive design's workload
     * @param naive the naive design on the full workload
     */
    public record Measurement(Map<Integer, CreditingRun> ours, CreditingRun naive) {

        /** The full-size workload: the naive design's, and ours in batches of {@link #TEMPLATE_BATCH}. */
        public CreditingWorkload workload() {
            return naive.workload();
        }
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
        CreditingWorkload classic = objects <= CLASSIC_BATCH_OBJECTS ? workload
                : CreditingWorkload.of(CLASSIC_BATCH_OBJECTS, DUPLICATES, 42);
        RequestMeter meter = new RequestMeter();
        Map<Integer, CreditingRun> ours = new LinkedHashMap<>();
        CreditingRun naive;
        try (EmbeddedDynamoDb dynamoDb = EmbeddedDynamoDb.start(meter)) {
            OurCrediting.Counted template = OurCrediting.run(dynamoDb, meter, workload, TEMPLATE_BATCH, WORKERS, SEGMENTS);
            CreditingRun inClassicBatches;
            // A fresh engine: the one above holds the first run's stream records, which each write to a later
            // stream would pass (see OurCrediting); the counts do not depend on it, only the time.
            try (EmbeddedDynamoDb fresh = EmbeddedDynamoDb.start(meter)) {
                OurCrediting.Counted counted = OurCrediting.run(fresh, meter, classic, CLASSIC_BATCH, WORKERS, SEGMENTS);
                var alone = counted.twin().timeAlone(SEGMENTS);
                inClassicBatches = counted.run().withRate(alone.perSecond(), alone.segments());
            }
            NaiveCrediting.Prepared prepared = NaiveCrediting.prepare(dynamoDb.client(), meter, workload, WORKERS);
            meter.reset();
            Rates rates = alternate(template.twin(), prepared);
            naive = prepared.finish(meter.snapshot(), rates.naive(), rates.rounds());
            ours.put(TEMPLATE_BATCH, template.run().withRate(rates.ours(), rates.rounds()));
            ours.put(CLASSIC_BATCH, inClassicBatches);
        }
        ours.forEach((batch, run) -> detail("ours, batches of " + batch, run));
        detail("naive", naive);
        last = new Measurement(ours, naive);
        return figures(last);
    }

    /**
     * Medians of the rounds' rates, events per second, and how many rounds were timed.
     *
     * @param ours  ours on the streamless twin
     * @param naive the naive design on its table
     */
    record Rates(double ours, double naive, int rounds) {
    }

    /**
     * Times our events on the twin and the naive design's in turns, round by round: a round is one batch per
     * worker for ours (four batches of 1,000 at once, as four concurrent invocations) and the same run of events for
     * the naive design (one task per event on as many workers); which design goes first alternates. Each design's
     * rate is the median over the rounds of events over the round's wall time. A last round that gives some worker no
     * batch is applied but not timed (its idle workers would slow ours), unless it is the only round. The naive
     * design's requests go to its meter and ours to the twin's, so the counts stay apart.
     */
    static Rates alternate(StreamlessTwin twin, NaiveCrediting.Prepared naive) {
        List<Double> oursRates = new ArrayList<>();
        List<Double> naiveRates = new ArrayList<>();
        StringBuilder rounds = new StringBuilder();
        for (int round = 0; round < twin.rounds(); round++) {
            int current = round;
            List<RestoreEvent> events = twin.events(round);
            boolean timed = twin.full(round) || twin.rounds() == 1;
            double oursRate;
            double naiveRate;
            if (round % 2 == 0) {
                oursRate = rate(events.size(), () -> twin.apply(current));
                naiveRate = rate(events.size(), () -> naive.deliver(events));
            } else {
                naiveRate = rate(events.size(), () -> naive.deliver(events));
                oursRate = rate(events.size(), () -> twin.apply(current));
            }
            if (timed) {
                oursRates.add(oursRate);
                naiveRates.add(naiveRate);
                rounds.append(String.format(" %,.0f/%,.0f", oursRate, naiveRate));
            }
        }
        System.err.printf("  crediting events/s by round, ours on the twin/naive:%s%n", rounds);
        return new Rates(Stats.median(oursRates), Stats.median(naiveRates), oursRates.size());
    }

    private static double rate(int events, Runnable work) {
        long started = System.nanoTime();
        work.run();
        return events / (Math.max(1, System.nanoTime() - started) / 1e9);
    }

    private static void detail(String design, CreditingRun run) {
        System.err.printf("  crediting %s: registration %s%n  crediting %s: events %s%n", design,
                run.registration().breakdown(), design, run.events().breakdown());
        System.err.printf("  crediting %s: expiry at the jobs' end %s; stream function invocations %d%n", design,
                run.expiry().breakdown(), run.streamInvocations());
    }

    static List<Figure> figures(Measurement m) {
        List<Figure> figures = new ArrayList<>();
        CreditingRun naive = m.naive();
        CreditingRun first = m.ours().get(TEMPLATE_BATCH);
        long memberships = m.workload().memberships();
        figures.add(Figure.counted(NAME, "registration: DynamoDB requests per membership",
                perUnit(first.registration().totalOf("DynamoDb"), memberships),
                perUnit(naive.registration().totalOf("DynamoDb"), memberships), 1.1));
        figures.add(Figure.countedUnchecked(NAME, "registration: write units per membership",
                first.registration().writeUnits() / memberships, naive.registration().writeUnits() / memberships));
        // Per restored object as the cost rows count them, (object, job) memberships; ours includes the tally's
        // counter writes, drained from the stream inside both metered phases.
        figures.add(Figure.counted(NAME, "write units per object, registration + crediting (tally included)",
                (first.registration().writeUnits() + first.events().writeUnits()) / memberships,
                (naive.registration().writeUnits() + naive.events().writeUnits()) / memberships, MAX_WRITE_UNITS_PER_OBJECT));
        figures.add(Figure.countedUnchecked(NAME, "write units per object to expire its record at the jobs' end (TTL)",
                first.expiry().writeUnits() / memberships, naive.expiry().writeUnits() / memberships));
        for (var entry : m.ours().entrySet()) {
            int batch = entry.getKey();
            CreditingRun ours = entry.getValue();
            long events = ours.eventCount();
            boolean sameWorkload = ours.workload() == naive.workload();
            String in = " (batches of " + batch + (sameWorkload ? ")"
                    : String.format(", %,d objects; naive per event at %,d)", ours.workload().objects().size(),
                    naive.workload().objects().size()));
            if (sameWorkload) {
                String size = String.format("%,d events, %,d objects in 2 jobs", events, ours.workload().objects().size());
                figures.add(Figure.timed(NAME, "events/s" + in + ", median of " + ours.segments() + " segments, " + size,
                        ours.eventsPerSecond(), naive.eventsPerSecond(), Figure.Better.HIGHER).atLeast(LEAST_RATE_RATIO));
                // The row above times ours on a streamless twin of the ObjectsTable; this one on the table itself,
                // whose stream slows DynamoDB Local's writes and not AWS's: printed, not compared.
                if (!Double.isNaN(ours.streamedEventsPerSecond())) {
                    figures.add(new Figure(NAME, "note: events/s" + in + " on the ObjectsTable itself, whose stream slows"
                            + " DynamoDB Local (not AWS); not compared", ours.streamedEventsPerSecond(), Optional.empty(),
                            false, Optional.empty(), Figure.Better.HIGHER));
                }
            }
            figures.add(Figure.counted(NAME, "DynamoDB requests per event" + in,
                    perUnit(ours.events().totalOf("DynamoDb"), events), perUnit(naive.events().totalOf("DynamoDb"), naive.eventCount()),
                    batch >= 100 ? 2.1 : 2.3));
            figures.add(Figure.countedUnchecked(NAME, "write units per event" + in,
                    ours.events().writeUnits() / events, naive.events().writeUnits() / naive.eventCount()));
            figures.add(Figure.countedUnchecked(NAME, "read units per event" + in,
                    ours.events().readUnits() / events, naive.events().readUnits() / naive.eventCount()));
            figures.add(Figure.counted(NAME, "counter-item writes per event" + in,
                    perUnit(ours.events().counterWrites(), events), perUnit(naive.events().counterWrites(), naive.eventCount()),
                    batch >= 100 ? 0.02 : 0.25));
            // An absolute count: compared with the naive design's only when both ran the same workload.
            figures.add(new Figure(NAME, "final count error, objects (0 = exact)" + in, ours.countError(),
                    sameWorkload ? Optional.of((double) naive.countError()) : Optional.empty(), true,
                    Optional.of(0.0), Figure.Better.LOWER));
        }
        return figures;
    }

    private static double perUnit(long count, long units) {
        return (double) count / units;
    }
}
