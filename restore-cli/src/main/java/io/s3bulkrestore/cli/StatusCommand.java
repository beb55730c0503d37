package io.s3bulkrestore.cli;

import io.s3bulkrestore.cli.s3.RateLimiter;
import io.s3bulkrestore.cli.s3.S3ArchivedObjects;
import io.s3bulkrestore.restore.ObjectStatus;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.s3.S3Client;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "status", sortOptions = false, usageHelpAutoWidth = true,
        description = {
                "Show the archive state of one object, or a summary for a prefix: ARCHIVED, RESTORING, "
                        + "RESTORED (until its expiry), NOT_ARCHIVED.",
                "A prefix is read with ListObjectsV2 and OptionalObjectAttributes=RestoreStatus; Intelligent-Tiering "
                        + "objects also need a HeadObject each (only it names their archive tier).",
                ""},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every object could be read", "1:some objects could not be read", "2:usage error"})
final class StatusCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @ArgGroup(exclusive = false, multiplicity = "1", heading = "%nWhat to look at:%n")
    TargetOptions target;

    @Mixin
    WalkOptions walk;

    @Mixin
    ConnectionOptions connection;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    private final CliContext context;

    StatusCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        walk.validate(spec.commandLine());
        Target what = target.target(spec.commandLine());
        try (S3Client s3 = context.s3().apply(connection)) {
            StatusReport report = new StatusReport(
                    new S3ArchivedObjects(s3, RateLimiter.perSecond(RateLimiter.S3_RESTORE_LIMIT)), walk.concurrency);
            StatusReport.Result result = walk.walk(context, what, progress -> report.run(what, progress));
            print(result);
            context.out().flush();
            return result.unreadable().isEmpty() ? 0 : 1;
        }
    }

    private void print(StatusReport.Result result) {
        if (walk.json) {
            Map<String, Object> doc = new LinkedHashMap<>();
            Map<String, Object> summary = new LinkedHashMap<>();
            result.counts().forEach((status, cb) -> summary.put(status.name(), Map.of("objects", cb[0], "bytes", cb[1])));
            doc.put("summary", summary);
            doc.put("objects", result.entries().stream().map(entry -> {
                Map<String, Object> object = new LinkedHashMap<>();
                object.put("bucket", entry.state().id().bucket());
                object.put("key", entry.state().id().key());
                object.put("versionId", entry.state().id().versionId());
                object.put("storageClass", entry.state().storageClass());
                object.put("archive", entry.state().archive().name());
                object.put("size", entry.state().size());
                object.put("status", entry.status().name());
                object.put("restoredUntil", entry.restoredUntil().map(Object::toString).orElse(null));
                return object;
            }).toList());
            doc.put("unreadable", result.unreadable());
            context.out().println(Json.write(doc));
            return;
        }
        for (StatusReport.Entry entry : result.entries()) {
            context.out().println(entry.status() + "  " + entry.state().id() + "  " + entry.state().storageClass()
                    + (entry.state().archive().isIntelligentTiering() ? " (" + entry.state().archive() + ")" : "")
                    + entry.restoredUntil().map(until -> "  restored until " + until).orElse(""));
        }
        for (String unreadable : result.unreadable()) {
            context.out().println("UNREADABLE  " + unreadable);
        }
        if (!result.entries().isEmpty() && result.entries().size() == 1 && result.unreadable().isEmpty()) {
            return;
        }
        context.out().printf("%-14s %10s %18s%n", "status", "objects", "bytes");
        long objects = 0;
        for (Map.Entry<ObjectStatus, long[]> row : result.counts().entrySet()) {
            context.out().printf("%-14s %10d %18d%n", row.getKey(), row.getValue()[0], row.getValue()[1]);
            objects += row.getValue()[0];
        }
        context.out().printf("%-14s %10d%n", "TOTAL", objects);
    }
}
