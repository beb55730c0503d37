package io.s3bulkrestore.cli;

import io.s3bulkrestore.adapters.s3.S3NotificationRouting;
import io.s3bulkrestore.cli.s3.RateLimiter;
import io.s3bulkrestore.cli.s3.S3ArchivedObjects;
import io.s3bulkrestore.model.ServiceException;
import io.s3bulkrestore.ports.RestoreEventRouting;
import io.s3bulkrestore.restore.CostEstimate;
import io.s3bulkrestore.restore.ObjectResult;
import io.s3bulkrestore.restore.RetrievalPrices;
import io.s3bulkrestore.restore.RetrievalTier;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;

@Command(name = "restore", sortOptions = false, usageHelpAutoWidth = true,
        description = {
                "Restore one archived object or every object under a prefix, directly (no Batch Operations job).",
                "",
                "Per object, from its storage class, x-amz-archive-status and x-amz-restore:",
                "  GLACIER / DEEP_ARCHIVE, not restored      -> RestoreObject with --days",
                "  INTELLIGENT_TIERING in an archive tier    -> RestoreObject without Days",
                "  restore in progress                       -> reported, nothing sent",
                "  already restored                          -> expiry reported; restored again only with --extend",
                "  not archived                              -> reported, nothing sent",
                "  EXPEDITED on Deep Archive (or IT Deep)    -> refused with the reason",
                "",
                "Requests are spread over --concurrency threads and never exceed --max-requests-per-second "
                        + "(S3 allows 1,000 restore requests/s per account and region); throttling (503 SlowDown) "
                        + "is retried with backoff.",
                "",
                "Dry-run prices: per GB retrieved / per 1,000 requests, " + RetrievalPrices.SOURCE + ":",
                "  GLACIER       Expedited $0.03 / $10.00, Standard $0.01 / $0.05, Bulk free",
                "  DEEP_ARCHIVE  Standard $0.02 / $0.10, Bulk $0.0025 / $0.025 (no Expedited)",
                "  INTELLIGENT_TIERING archive tiers  Standard and Bulk free, Expedited (Archive Access) $0.03 / $10.00",
                "Override with --price-file.",
                ""},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                "0:every object restored, restoring, or needing nothing",
                "1:some objects failed or were refused (or the --sns-arn setup was refused; nothing was restored then)",
                "2:usage error"})
final class RestoreCommand implements Callable<Integer> {

    static final int DEFAULT_DAYS = 7;

    @Spec
    CommandSpec spec;

    @ArgGroup(exclusive = false, multiplicity = "1", heading = "%nWhat to restore:%n")
    TargetOptions target;

    @Option(names = "--tier", paramLabel = "TIER", defaultValue = "STANDARD",
            description = "EXPEDITED, STANDARD or BULK. Default: ${DEFAULT-VALUE}.")
    RetrievalTier tier;

    @Option(names = "--days", paramLabel = "N", defaultValue = "" + DEFAULT_DAYS,
            description = "How long a restored copy of a GLACIER / DEEP_ARCHIVE object stays (1..365000). "
                    + "Not sent for Intelligent-Tiering. Default: ${DEFAULT-VALUE}.")
    int days;

    @Option(names = "--extend", description = "Restore already-restored objects again, setting a new expiry of --days from now.")
    boolean extend;

    @Option(names = "--sns-arn", paramLabel = "ARN",
            description = "Make the bucket send s3:ObjectRestore:Post and :Completed to this SNS topic, merged into its "
                    + "notification configuration (every existing topic, queue, Lambda configuration and the EventBridge "
                    + "flag kept). If another configuration already takes those events, nothing is changed or restored.")
    String snsArn;

    @Option(names = "--dry-run", description = "Change nothing: print what would be restored, bytes by storage class and the estimated cost.")
    boolean dryRun;

    @Mixin
    WalkOptions walk;

    @Option(names = "--max-requests-per-second", paramLabel = "N", defaultValue = "" + RateLimiter.S3_RESTORE_LIMIT,
            description = "Upper bound on S3 requests per second (1..1000). Default: ${DEFAULT-VALUE}.")
    int maxRequestsPerSecond;

    @Option(names = "--price-file", paramLabel = "FILE",
            description = "Properties overriding dry-run prices, keys <ARCHIVE>.<TIER>.per-gb and "
                    + "<ARCHIVE>.<TIER>.per-1000-requests, e.g. DEEP_ARCHIVE.BULK.per-gb=0.0025. ARCHIVE is GLACIER, "
                    + "DEEP_ARCHIVE, INTELLIGENT_TIERING_ARCHIVE_ACCESS or INTELLIGENT_TIERING_DEEP_ARCHIVE_ACCESS.")
    Path priceFile;

    @Mixin
    ConnectionOptions connection;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    private final CliContext context;

    RestoreCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        validate();
        RetrievalPrices prices = prices();
        Target what = target.target(spec.commandLine());
        try (S3Client s3 = context.s3().apply(connection)) {
            if (snsArn != null) {
                if (dryRun) {
                    context.err().println("dry run: the bucket's notification configuration is not changed (--sns-arn "
                            + snsArn + ")");
                } else if (!routeTo(s3, what.bucket())) {
                    return 1;
                }
            }
            DirectRestore restore = new DirectRestore(
                    new S3ArchivedObjects(s3, RateLimiter.perSecond(maxRequestsPerSecond)), walk.concurrency, prices);
            DirectRestore.Report report = walk.walk(context, what,
                    progress -> restore.run(new DirectRestore.Request(what, tier, days, extend, dryRun), progress));
            print(report);
            context.out().flush();
            return report.summary().failures() > 0 ? 1 : 0;
        }
    }

    private void validate() {
        if (days < 1 || days > 365_000) {
            throw new ParameterException(spec.commandLine(), "--days must be between 1 and 365000, was " + days);
        }
        walk.validate(spec.commandLine());
        if (maxRequestsPerSecond < 1 || maxRequestsPerSecond > RateLimiter.S3_RESTORE_LIMIT) {
            throw new ParameterException(spec.commandLine(),
                    "--max-requests-per-second must be between 1 and 1000, was " + maxRequestsPerSecond);
        }
        if (snsArn != null && !snsArn.matches("arn:aws[a-z-]*:sns:[a-z0-9-]+:\\d{12}:[A-Za-z0-9_.-]+")) {
            throw new ParameterException(spec.commandLine(),
                    "--sns-arn must be an SNS topic ARN (arn:aws:sns:REGION:ACCOUNT:NAME), was '" + snsArn + "'");
        }
    }

    private RetrievalPrices prices() {
        RetrievalPrices documented = RetrievalPrices.documented();
        if (priceFile == null) {
            return documented;
        }
        Properties overrides = new Properties();
        try (Reader reader = Files.newBufferedReader(priceFile)) {
            overrides.load(reader);
            return documented.overriddenBy(overrides);
        } catch (IOException e) {
            throw new ParameterException(spec.commandLine(), "--price-file " + priceFile + " cannot be read");
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--price-file " + priceFile + ": " + e.getMessage());
        }
    }

    /** Merges the topic into the bucket's notifications; false (after saying why) when that is refused. */
    private boolean routeTo(S3Client s3, String bucket) {
        try {
            RestoreEventRouting.Outcome outcome =
                    new S3NotificationRouting(s3, new S3NotificationRouting.Mode.Sns(snsArn)).ensureRouted(bucket);
            switch (outcome) {
                case RestoreEventRouting.Outcome.AlreadyRouted routed ->
                        context.err().println("bucket " + bucket + " already sends restore events to " + snsArn);
                case RestoreEventRouting.Outcome.Routed routed ->
                        context.err().println("bucket " + bucket + " now sends s3:ObjectRestore:Post and :Completed to "
                                + snsArn + " (existing notifications kept)");
                case RestoreEventRouting.Outcome.Conflict conflict -> {
                    context.err().println("error: " + conflict.reason());
                    context.err().println("nothing was restored");
                    return false;
                }
            }
            return true;
        } catch (ServiceException e) {
            context.err().println("error: " + e.getMessage());
            context.err().println("nothing was restored");
            return false;
        }
    }

    private void print(DirectRestore.Report report) {
        if (walk.json) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("dryRun", dryRun);
            doc.put("tier", tier.name());
            Map<String, Long> counts = new LinkedHashMap<>();
            report.summary().asMap().forEach((outcome, count) -> counts.put(outcome.name(), count));
            doc.put("summary", counts);
            doc.put("total", report.summary().total());
            doc.put("failures", report.summary().failures());
            doc.put("objects", report.reported().stream().map(RestoreCommand::asJson).toList());
            doc.put("objectsNotListed", report.unreported());
            report.cost().ifPresent(cost -> doc.put("estimate", estimateJson(cost)));
            context.out().println(Json.write(doc));
            return;
        }
        for (ObjectResult result : report.reported()) {
            context.out().printf("%-16s %s  %s  %s%n", result.outcome(), result.id(),
                    result.storageClass().isEmpty() ? "-" : result.storageClass(), result.detail());
        }
        if (report.unreported() > 0) {
            context.out().println("... and " + report.unreported() + " more failures (use --json for the first "
                    + DirectRestore.REPORTED_LIMIT + ")");
        }
        context.out().println();
        context.out().printf("%-18s %10s%n", "outcome", "objects");
        report.summary().asMap().forEach((outcome, count) -> {
            if (count > 0) {
                context.out().printf("%-18s %10d%n", outcome, count);
            }
        });
        context.out().printf("%-18s %10d%n", "TOTAL", report.summary().total());
        report.cost().ifPresent(this::printEstimate);
    }

    private void printEstimate(CostEstimate cost) {
        context.out().println();
        context.out().println("dry run: " + cost.objects() + " objects would be restored, tier " + cost.tier());
        context.out().printf("%-22s %10s %18s%n", "storage class", "objects", "bytes");
        cost.byStorageClass().forEach((storageClass, countAndBytes) ->
                context.out().printf("%-22s %10d %18d%n", storageClass, countAndBytes[0], countAndBytes[1]));
        context.out().println("estimated cost (USD): requests $" + cost.requestCost() + ", retrieval $"
                + cost.retrievalCost() + ", total $" + cost.totalCost());
        context.out().println("prices: " + (priceFile == null ? RetrievalPrices.SOURCE : "--price-file " + priceFile
                + " over " + RetrievalPrices.SOURCE));
    }

    private static Map<String, Object> asJson(ObjectResult result) {
        Map<String, Object> object = new LinkedHashMap<>();
        object.put("bucket", result.id().bucket());
        object.put("key", result.id().key());
        object.put("versionId", result.id().versionId());
        object.put("storageClass", result.storageClass());
        object.put("size", result.size());
        object.put("outcome", result.outcome().name());
        object.put("restoredUntil", result.restoredUntil().map(Object::toString).orElse(null));
        object.put("detail", result.detail());
        return object;
    }

    private Map<String, Object> estimateJson(CostEstimate cost) {
        Map<String, Object> estimate = new LinkedHashMap<>();
        estimate.put("objects", cost.objects());
        Map<String, Object> classes = new LinkedHashMap<>();
        cost.byStorageClass().forEach((storageClass, cb) -> classes.put(storageClass,
                Map.of("objects", cb[0], "bytes", cb[1])));
        estimate.put("byStorageClass", classes);
        estimate.put("requestCostUsd", cost.requestCost());
        estimate.put("retrievalCostUsd", cost.retrievalCost());
        estimate.put("totalCostUsd", cost.totalCost());
        estimate.put("priceSource", priceFile == null ? RetrievalPrices.SOURCE : priceFile.toString());
        return estimate;
    }
}
