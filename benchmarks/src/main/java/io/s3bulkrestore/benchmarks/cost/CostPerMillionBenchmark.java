package io.s3bulkrestore.benchmarks.cost;

import io.s3bulkrestore.benchmarks.Benchmark;
import io.s3bulkrestore.benchmarks.Figure;
import io.s3bulkrestore.benchmarks.RequestMeter;
import io.s3bulkrestore.benchmarks.crediting.CreditingBenchmark;
import io.s3bulkrestore.benchmarks.crediting.CreditingRun;
import io.s3bulkrestore.benchmarks.monitor.MonitorCostBenchmark;

import java.util.ArrayList;
import java.util.List;

/**
 * Benchmark 6: tracking overhead in dollars per million restored objects, ours vs naive, from the requests
 * the crediting (batches of 1000, the template default) and monitor benchmarks counted in this run, at the
 * on-demand prices of {@link AwsPrices} under the assumptions of {@link CostModel}: each design charged for every
 * restore event type it routes, the tally function's invocations for ours, and the naive design's TTL writes when
 * its jobs end. The restores themselves and Batch Operations' fees are the same for both designs and left out.
 */
public final class CostPerMillionBenchmark implements Benchmark {

    public static final String NAME = "cost";
    private static final int BATCH = CreditingBenchmark.TEMPLATE_BATCH;
    /** Issue "Tracking core v2": the total per million objects, at most. */
    static final double MAX_TOTAL_DOLLARS = 2.00;
    /** Issue "Tracking core v2": the total at least this many times cheaper than the naive design's. */
    static final double LEAST_TOTAL_RATIO = 2.0;

    private final CreditingBenchmark crediting;
    private final MonitorCostBenchmark monitor;
    private final AwsPrices prices;
    private final CostModel model;

    public CostPerMillionBenchmark(CreditingBenchmark crediting, MonitorCostBenchmark monitor) {
        this(crediting, monitor, AwsPrices.US_EAST_1, CostModel.DEFAULT);
    }

    public CostPerMillionBenchmark(CreditingBenchmark crediting, MonitorCostBenchmark monitor, AwsPrices prices,
                                   CostModel model) {
        this.crediting = crediting;
        this.monitor = monitor;
        this.prices = prices;
        this.model = model;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Figure> run(boolean quick) throws Exception {
        var credited = crediting.measurement(quick);
        var ticks = monitor.measurement(quick);
        long memberships = credited.workload().memberships();
        long events = credited.workload().events().size();
        CreditingRun ours = credited.ours().get(BATCH);
        CreditingRun naive = credited.naive();
        Usage oursCrediting = model.crediting(counts(ours, memberships, events, CostModel.OURS_ROUTED_EVENT_TYPES));
        Usage naiveCrediting = model.crediting(counts(naive, memberships, events, CostModel.NAIVE_ROUTED_EVENT_TYPES));
        Usage oursExpiry = model.expiry(memberships, ours.expiry().writeUnits(), ours.expiry().totalOf("DynamoDb"));
        Usage naiveExpiry = model.expiry(memberships, naive.expiry().writeUnits(), naive.expiry().totalOf("DynamoDb"));
        var largest = ticks.largest();
        Usage oursMonitor = model.monitor(tick(largest.objects(), largest.ours(), false));
        Usage naiveMonitor = model.monitor(tick(largest.objects(), largest.naive(), true));
        Usage oursNotify = model.notifications(false);
        Usage naiveNotify = model.notifications(true);
        return figures(prices, model, oursCrediting, naiveCrediting, oursExpiry, naiveExpiry, oursMonitor, naiveMonitor,
                oursNotify, naiveNotify);
    }

    static List<Figure> figures(AwsPrices prices, CostModel model, Usage oursCrediting, Usage naiveCrediting,
                                Usage oursExpiry, Usage naiveExpiry, Usage oursMonitor, Usage naiveMonitor,
                                Usage oursNotify, Usage naiveNotify) {
        List<Figure> figures = new ArrayList<>();
        String per = "$ per million objects: ";
        figures.add(Figure.countedUnchecked(NAME, per + "DynamoDB, registering + crediting",
                oursCrediting.dynamoDbDollars(prices), naiveCrediting.dynamoDbDollars(prices)));
        figures.add(Figure.countedUnchecked(NAME, per + "SQS + Lambda, event delivery (batches of " + BATCH + ")",
                oursCrediting.sqsDollars(prices) + oursCrediting.lambdaDollars(prices),
                naiveCrediting.sqsDollars(prices) + naiveCrediting.lambdaDollars(prices)));
        figures.add(Figure.countedUnchecked(NAME, per + "DynamoDB + Lambda, TTL writes when the jobs end",
                oursExpiry.dollars(prices), naiveExpiry.dollars(prices)));
        figures.add(Figure.countedUnchecked(NAME, String.format("%sDynamoDB + Lambda, monitor (%.0f h job, tick every %.0f min)",
                        per, model.jobHours(), model.tickMinutes()),
                oursMonitor.dollars(prices), naiveMonitor.dollars(prices)));
        figures.add(Figure.countedUnchecked(NAME, String.format("%sSNS (%.0f per job vs 1 per object)", per,
                        oursNotify.snsPublishes()),
                oursNotify.dollars(prices), naiveNotify.dollars(prices)));
        Usage ours = oursCrediting.plus(oursExpiry).plus(oursMonitor).plus(oursNotify);
        Usage naive = naiveCrediting.plus(naiveExpiry).plus(naiveMonitor).plus(naiveNotify);
        figures.add(Figure.counted(NAME, per + "tracking overhead, total (prices " + AwsPrices.AS_OF + ")",
                ours.dollars(prices), naive.dollars(prices), MAX_TOTAL_DOLLARS).atLeast(LEAST_TOTAL_RATIO));
        return figures;
    }

    private static CostModel.CreditingCounts counts(CreditingRun run, long memberships, long events, int routedTypes) {
        return new CostModel.CreditingCounts(memberships, events, BATCH,
                run.registration().writeUnits() + run.events().writeUnits(),
                run.registration().readUnits() + run.events().readUnits(),
                run.registration().totalOf("DynamoDb") + run.events().totalOf("DynamoDb"), routedTypes,
                run.streamInvocations());
    }

    private static CostModel.TickCounts tick(int objects, RequestMeter.Snapshot snapshot, boolean growsWithJob) {
        return new CostModel.TickCounts(objects, snapshot.writeUnits(), snapshot.readUnits(), snapshot.total(), growsWithJob);
    }
}
