package io.s3bulkrestore.cli;

import io.s3bulkrestore.cli.s3.ArchivedObjects;
import io.s3bulkrestore.model.ObjectId;
import io.s3bulkrestore.restore.CostEstimate;
import io.s3bulkrestore.restore.ObjectArchiveState;
import io.s3bulkrestore.restore.ObjectOutcome;
import io.s3bulkrestore.restore.ObjectResult;
import io.s3bulkrestore.restore.RestoreAction;
import io.s3bulkrestore.restore.RestoreDecision;
import io.s3bulkrestore.restore.RestoreSummary;
import io.s3bulkrestore.restore.RetrievalPrices;
import io.s3bulkrestore.restore.RetrievalTier;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * The restore use case: for each object of the target, read its state, apply the decision table, and
 * send the restore (or, in a dry run, price it). Counts every outcome exactly once.
 */
final class DirectRestore {

    /** At most this many per-object results are kept for the report (failures first; all of them for one key). */
    static final int REPORTED_LIMIT = 1000;

    record Request(Target target, RetrievalTier tier, int days, boolean extend, boolean dryRun) {
    }

    record Report(RestoreSummary summary, List<ObjectResult> reported, long unreported, Optional<CostEstimate> cost) {
    }

    private final ArchivedObjects objects;
    private final ObjectWalker walker;
    private final RetrievalPrices prices;

    DirectRestore(ArchivedObjects objects, int concurrency, RetrievalPrices prices) {
        this.objects = objects;
        this.walker = new ObjectWalker(objects, concurrency);
        this.prices = prices;
    }

    Report run(Request request, ObjectWalker.Progress progress) {
        RestoreSummary summary = new RestoreSummary();
        CostEstimate cost = new CostEstimate(request.tier(), prices);
        boolean everything = request.target() instanceof Target.Key;
        List<ObjectResult> reported = Collections.synchronizedList(new ArrayList<>());
        long[] unreported = new long[1];
        java.util.function.Consumer<ObjectResult> record = result -> {
            summary.add(result.outcome());
            synchronized (reported) {
                if ((everything || result.outcome().isFailure()) && reported.size() < REPORTED_LIMIT) {
                    reported.add(result);
                } else if (everything || result.outcome().isFailure()) {
                    unreported[0]++;
                }
            }
        };
        walker.walk(request.target(),
                state -> record.accept(restoreOne(state, request, cost)),
                (id, why) -> record.accept(failed(id, why)),
                progress);
        return new Report(summary, List.copyOf(reported), unreported[0],
                request.dryRun() ? Optional.of(cost) : Optional.empty());
    }

    private ObjectResult restoreOne(ObjectArchiveState state, Request request, CostEstimate cost) {
        RestoreAction action = RestoreDecision.decide(state, request.tier(), request.days(), request.extend());
        return switch (action) {
            case RestoreAction.Skip skip -> new ObjectResult(state.id(), state.storageClass(), state.size(),
                    switch (skip.reason()) {
                        case NOT_ARCHIVED -> ObjectOutcome.NOT_ARCHIVED;
                        case IN_PROGRESS -> ObjectOutcome.IN_PROGRESS;
                        case ALREADY_RESTORED -> ObjectOutcome.ALREADY_RESTORED;
                        case REFUSED -> ObjectOutcome.REFUSED;
                    }, skip.restoredUntil(), skip.detail());
            case RestoreAction.Restore restore when request.dryRun() -> {
                cost.add(state);
                yield new ObjectResult(state.id(), state.storageClass(), state.size(), ObjectOutcome.WOULD_RESTORE,
                        Optional.empty(), "would restore, tier " + restore.tier().s3Name()
                        + restore.days().stream().mapToObj(d -> ", " + d + " days").findFirst().orElse(", no days"));
            }
            case RestoreAction.Restore restore -> objects.restore(state, restore);
        };
    }

    private static ObjectResult failed(ObjectId id, String why) {
        return new ObjectResult(id, "", 0, ObjectOutcome.FAILED, Optional.empty(), why);
    }
}
