package io.s3bulkrestore.cli.jobs;

import com.fasterxml.jackson.databind.JsonNode;

import java.math.RoundingMode;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.StringJoiner;

/** The API's job JSON as text for people: one job, a list line, a quote, a progress note. */
final class JobText {

    private static final String MISSING = "?";

    private JobText() {
    }

    static List<String> job(JsonNode job) {
        List<String> lines = new ArrayList<>();
        lines.add("Job         " + text(job, "JobId"));
        lines.add("Status      " + text(job, "Status") + (job.path("CancelRequested").asBoolean() ? " (cancel requested)" : ""));
        lines.add("What        " + what(job));
        lines.add("Tier        " + text(job, "Tier")
                + (job.hasNonNull("ExpirationDays") ? ", restored copies kept " + job.get("ExpirationDays").asInt() + " days" : ""));
        if (job.hasNonNull("ClientTag")) {
            lines.add("Client tag  " + job.get("ClientTag").asText());
        }
        lines.add("Created     " + text(job, "CreatedAt") + ", deadline " + text(job, "Deadline"));
        lines.add("Progress    " + progress(job));
        batchJobs(job).forEach(line -> lines.add("Batch       " + line));
        if (job.hasNonNull("FailureReason")) {
            lines.add("Failure     " + job.get("FailureReason").asText());
        }
        if (job.hasNonNull("ReportUri")) {
            lines.add("Report      " + job.get("ReportUri").asText());
        }
        JsonNode quote = job.path("Quote");
        if (quote.isObject()) {
            lines.addAll(quote.path("Ready").asBoolean() ? quote(quote) : List.of("Quote       not ready: the objects are still being listed"));
        }
        return lines;
    }

    static String listHeader() {
        return String.format(Locale.ROOT, "%-36s  %-20s  %8s  %-24s  %s", "JOB", "STATUS", "PROGRESS", "CREATED", "WHAT");
    }

    static String listLine(JsonNode job) {
        return String.format(Locale.ROOT, "%-36s  %-20s  %8s  %-24s  %s", text(job, "JobId"), text(job, "Status"),
                job.hasNonNull("ProgressPercent") ? job.get("ProgressPercent").asInt() + "%" : "-",
                text(job, "CreatedAt"), what(job) + (job.hasNonNull("ClientTag") ? "  [" + job.get("ClientTag").asText() + "]" : ""));
    }

    /** The quote of a job, ready to confirm. */
    static List<String> quote(JsonNode quote) {
        List<String> lines = new ArrayList<>();
        lines.add("Quote" + (quote.hasNonNull("Prices") ? " (" + quote.get("Prices").asText() + ")" : "") + ":");
        lines.add("  objects           " + count(quote, "Objects") + (quote.path("ObjectsExact").asBoolean() ? " (exact)" : " (estimated)"));
        lines.add("  bytes             " + humanBytes(quote, "Bytes")
                + (quote.hasNonNull("Bytes") ? String.format(Locale.ROOT, " (%,d bytes, ", quote.get("Bytes").asLong()) : " (")
                + (quote.path("BytesExact").asBoolean() ? "exact" : "estimated")
                + (quote.hasNonNull("BytesMethod") ? ": " + quote.get("BytesMethod").asText() : "") + ")");
        JsonNode classes = quote.path("ByStorageClass");
        if (classes.isArray() && !classes.isEmpty()) {
            lines.add(String.format(Locale.ROOT, "  %-28s %12s %12s  %-8s %18s %12s  %s", "storage class", "objects", "bytes",
                    "tier", "restore requests", "retrieval", "ready by"));
            for (JsonNode row : classes) {
                lines.add(String.format(Locale.ROOT, "  %-28s %12s %12s  %-8s %18s %12s  %s", text(row, "StorageClass"),
                        count(row, "Objects"), (row.path("BytesExact").asBoolean(true) ? "" : "~") + humanBytes(row, "Bytes"),
                        text(row, "Tier"), usd(row, "RestoreRequestsUsd"), usd(row, "RetrievalUsd"), text(row, "ReadyBy")));
            }
        }
        lines.add("  Batch Operations  " + usd(quote, "BatchOperationsUsd"));
        lines.add("  tracking          " + usd(quote, "TrackingUsd"));
        lines.add("  total             " + usd(quote, "TotalUsd"));
        if (quote.hasNonNull("ExpiresAt")) {
            lines.add("  expires           " + quote.get("ExpiresAt").asText() + " (the job is cancelled then if not confirmed)");
        }
        return lines;
    }

    /** After the bar: the status and what is known of the counts. */
    static String progressNote(JsonNode job) {
        return text(job, "Status") + "  " + job.path("RestoredObjects").asLong() + " restored, "
                + job.path("FailedObjects").asLong() + " failed"
                + (job.path("SkippedObjects").asLong() > 0 ? ", " + job.path("SkippedObjects").asLong() + " skipped" : "");
    }

    static String progress(JsonNode job) {
        String counts = String.format(Locale.ROOT, "%,d restored, %,d failed, %,d skipped", job.path("RestoredObjects").asLong(),
                job.path("FailedObjects").asLong(), job.path("SkippedObjects").asLong());
        if (!job.hasNonNull("TotalObjects")) {
            return counts + " (objects not counted yet)";
        }
        return (job.hasNonNull("ProgressPercent") ? job.get("ProgressPercent").asInt() + "%: " : "") + counts
                + (job.hasNonNull("PendingObjects") ? String.format(Locale.ROOT, ", %,d pending", job.get("PendingObjects").asLong()) : "")
                + String.format(Locale.ROOT, " of %,d", job.get("TotalObjects").asLong());
    }

    /** The source's bucket and filters, or the manifest's location. */
    static String what(JsonNode job) {
        JsonNode source = job.path("Source");
        if (source.isObject()) {
            StringJoiner filters = new StringJoiner("; ");
            // Single strings since the contract's 21:50 change (KeyNameConstraint takes one of each); lists before.
            addValue(filters, "prefix", source.path("Prefix"));
            addList(filters, "prefixes", source.path("Prefixes"));
            addValue(filters, "suffix", source.path("Suffix"));
            addList(filters, "suffixes", source.path("Suffixes"));
            addValue(filters, "substring", source.path("Substring"));
            addList(filters, "substrings", source.path("Substrings"));
            addValue(filters, "created after", source.path("CreatedAfter"));
            addValue(filters, "created before", source.path("CreatedBefore"));
            addValue(filters, "size >", source.path("SizeGreaterThanBytes"));
            addValue(filters, "size <", source.path("SizeLessThanBytes"));
            addList(filters, "storage classes", source.path("StorageClasses"));
            return "s3://" + text(source, "Bucket") + (filters.length() == 0 ? "" : " (" + filters + ")");
        }
        JsonNode manifest = job.path("Manifest");
        if (manifest.isObject()) {
            return "manifest s3://" + text(manifest, "Bucket") + "/" + text(manifest, "Key");
        }
        return MISSING;
    }

    private static List<String> batchJobs(JsonNode job) {
        List<String> lines = new ArrayList<>();
        JsonNode batchJobs = job.path("BatchJobs");
        if (batchJobs.isArray() && !batchJobs.isEmpty()) {
            for (JsonNode batch : batchJobs) {
                lines.add(text(batch, "StorageClass") + " " + text(batch, "BatchJobId") + " " + text(batch, "Status")
                        + (batch.hasNonNull("Objects") ? String.format(Locale.ROOT, " (%,d objects)", batch.get("Objects").asLong()) : ""));
            }
        } else if (job.hasNonNull("BatchJobId")) {
            lines.add(job.get("BatchJobId").asText() + (job.hasNonNull("BatchStatus") ? " " + job.get("BatchStatus").asText() : ""));
        }
        return lines;
    }

    private static void addList(StringJoiner joiner, String name, JsonNode values) {
        if (values.isArray() && !values.isEmpty()) {
            StringJoiner items = new StringJoiner(", ");
            values.forEach(value -> items.add(value.asText()));
            joiner.add(name + " " + items);
        }
    }

    private static void addValue(StringJoiner joiner, String name, JsonNode value) {
        if (!value.isMissingNode() && !value.isNull()) {
            joiner.add(name + " " + value.asText());
        }
    }

    private static String text(JsonNode node, String field) {
        return node.hasNonNull(field) ? node.get(field).asText() : MISSING;
    }

    private static String count(JsonNode node, String field) {
        return node.hasNonNull(field) ? String.format(Locale.ROOT, "%,d", node.get(field).asLong()) : MISSING;
    }

    static String humanBytes(JsonNode node, String field) {
        if (!node.hasNonNull(field)) {
            return MISSING;
        }
        double value = node.get(field).asDouble();
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
        int unit = 0;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return unit == 0 ? String.format(Locale.ROOT, "%.0f B", value) : String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }

    /** Dollars with at least two decimals and up to four: $0.75, $0.002, $1,234.50. */
    static String usd(JsonNode node, String field) {
        if (!node.hasNonNull(field)) {
            return MISSING;
        }
        DecimalFormat format = new DecimalFormat("#,##0.00##", DecimalFormatSymbols.getInstance(Locale.ROOT));
        format.setRoundingMode(RoundingMode.HALF_UP);
        return "$" + format.format(node.get(field).decimalValue());
    }
}
