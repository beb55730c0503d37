package io.s3bulkrestore.cli.jobs;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;

/** What {@code jobs create} restores: a manifest, or a source (a bucket and filters). Builds the POST /jobs body. */
final class CreateJobOptions {

    enum Tier { STANDARD, BULK }

    enum Storage { GLACIER, INTELLIGENT_TIERING }

    enum ManifestFormat { CSV, INVENTORY }

    @ArgGroup(exclusive = false, multiplicity = "1", heading = "%nA manifest you wrote:%n")
    ManifestOptions manifest;

    @ArgGroup(exclusive = false, multiplicity = "1",
            heading = "%nOr a source: S3 Batch Operations lists the bucket and keeps the objects every filter given "
                    + "matches (one prefix, one suffix, one substring at most, as its KeyNameConstraint takes):%n")
    SourceOptions source;

    static final class ManifestOptions {
        @Option(names = "--manifest", required = true, paramLabel = "s3://BUCKET/KEY",
                description = "The manifest: a CSV of bucket,key[,version] lines, or an S3 Inventory manifest.json.")
        String location;

        @Option(names = "--manifest-format", paramLabel = "FORMAT", description = "csv or inventory. Default (the API's): csv.")
        ManifestFormat format;

        @Option(names = "--storage", paramLabel = "STORAGE",
                description = "GLACIER (Flexible Retrieval or Deep Archive) or INTELLIGENT_TIERING. Default (the API's): GLACIER.")
        Storage storage;
    }

    static final class SourceOptions {
        @Option(names = "--bucket", required = true, paramLabel = "BUCKET", description = "The bucket to restore from.")
        String bucket;

        // Lists only so that a second one gets our message, not picocli's about a second group match.
        @Option(names = "--prefix", paramLabel = "PREFIX", description = "Keys starting with PREFIX.")
        List<String> prefix;

        @Option(names = "--suffix", paramLabel = "SUFFIX", description = "Keys ending with SUFFIX.")
        List<String> suffix;

        @Option(names = "--substring", paramLabel = "TEXT", description = "Keys containing TEXT.")
        List<String> substring;

        @Option(names = "--created-after", paramLabel = "TIME", converter = InstantConverter.class,
                description = "Objects created after TIME: 2024-01-31T12:00:00Z, or a day, 2024-01-31 (midnight UTC).")
        Instant createdAfter;

        @Option(names = "--created-before", paramLabel = "TIME", converter = InstantConverter.class,
                description = "Objects created before TIME.")
        Instant createdBefore;

        @Option(names = "--size-greater-than", paramLabel = "BYTES", description = "Objects larger than BYTES.")
        Long sizeGreaterThan;

        @Option(names = "--size-less-than", paramLabel = "BYTES", description = "Objects smaller than BYTES.")
        Long sizeLessThan;

        @Option(names = "--storage-class", paramLabel = "CLASS",
                description = "Only objects of this storage class (repeatable): GLACIER, DEEP_ARCHIVE, INTELLIGENT_TIERING. "
                        + "Default (the API's): all three.")
        List<String> storageClasses;
    }

    boolean isSource() {
        return source != null;
    }

    /**
     * The POST /jobs body. Every job asks for a quote ("confirm": "manual") unless {@code yes}; {@code confirm} is
     * sent only where it differs from the API's default for the kind of job ("manual" for a source, "auto" for a
     * manifest), so a manifest job created with --yes is the request the API always took.
     */
    ObjectNode body(CommandLine commandLine, Tier tier, Integer days, String clientTag, boolean yes) {
        ObjectNode body = HttpJobsApi.JSON.createObjectNode();
        if (manifest != null) {
            String[] location = s3Location(commandLine, manifest.location);
            body.put("bucket", location[0]);
            body.put("key", location[1]);
            if (manifest.format != null) {
                body.put("manifest_format", manifest.format.name().toLowerCase(Locale.ROOT));
            }
            if (manifest.storage != null) {
                body.put("storage", manifest.storage.name());
            }
        } else {
            ObjectNode filter = body.putObject("source");
            filter.put("bucket", source.bucket);
            putOne(commandLine, filter, "prefix", "--prefix", source.prefix);
            putOne(commandLine, filter, "suffix", "--suffix", source.suffix);
            putOne(commandLine, filter, "substring", "--substring", source.substring);
            if (source.createdAfter != null) {
                filter.put("created_after", source.createdAfter.toString());
            }
            if (source.createdBefore != null) {
                filter.put("created_before", source.createdBefore.toString());
            }
            if (source.sizeGreaterThan != null) {
                filter.put("size_greater_than_bytes", nonNegative(commandLine, "--size-greater-than", source.sizeGreaterThan));
            }
            if (source.sizeLessThan != null) {
                filter.put("size_less_than_bytes", nonNegative(commandLine, "--size-less-than", source.sizeLessThan));
            }
            if (source.storageClasses != null) {
                putList(filter, "storage_classes", source.storageClasses.stream().map(c -> c.toUpperCase(Locale.ROOT)).toList());
            }
        }
        if (tier != null) {
            body.put("tier", tier.name());
        }
        if (days != null) {
            body.put("expiration_days", days);
        }
        if (isSource() && yes) {
            body.put("confirm", "auto");
        } else if (!yes) {
            body.put("confirm", "manual");
        }
        if (clientTag != null) {
            body.put("client_tag", clientTag);
        }
        return body;
    }

    /** {@code s3://bucket/key} as bucket and key; the key is everything after the bucket's slash, as S3 has it. */
    static String[] s3Location(CommandLine commandLine, String uri) {
        int slash = uri.startsWith("s3://") ? uri.indexOf('/', "s3://".length()) : -1;
        if (slash <= "s3://".length() || slash == uri.length() - 1) {
            throw new CommandLine.ParameterException(commandLine, "--manifest must be s3://BUCKET/KEY, got '" + uri + "'");
        }
        return new String[] {uri.substring("s3://".length(), slash), uri.substring(slash + 1)};
    }

    private static long nonNegative(CommandLine commandLine, String option, long value) {
        if (value < 0) {
            throw new CommandLine.ParameterException(commandLine, option + " must not be negative, was " + value);
        }
        return value;
    }

    private static void putOne(CommandLine commandLine, ObjectNode node, String field, String option, List<String> values) {
        if (values == null || values.isEmpty()) {
            return;
        }
        if (values.size() > 1) {
            throw new CommandLine.ParameterException(commandLine, option + " may be given once: S3 Batch Operations' "
                    + "KeyNameConstraint takes one " + field + " (for several, create a job for each)");
        }
        node.put(field, values.getFirst());
    }

    private static void putList(ObjectNode node, String field, List<String> values) {
        if (values != null && !values.isEmpty()) {
            ArrayNode array = node.putArray(field);
            values.forEach(array::add);
        }
    }

    /** An instant (2024-01-31T12:00:00Z, or with an offset) or a day (2024-01-31, midnight UTC). */
    static final class InstantConverter implements CommandLine.ITypeConverter<Instant> {
        @Override
        public Instant convert(String value) {
            try {
                return OffsetDateTime.parse(value).toInstant();
            } catch (DateTimeParseException notAnInstant) {
                try {
                    return LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant();
                } catch (DateTimeParseException notADay) {
                    throw new CommandLine.TypeConversionException(
                            "'" + value + "' is neither a time like 2024-01-31T12:00:00Z nor a day like 2024-01-31");
                }
            }
        }
    }
}
