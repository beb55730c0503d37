package io.s3bulkrestore.adapters.dynamodb;

import io.s3bulkrestore.model.ConfirmMode;
import io.s3bulkrestore.model.CreateJobRequest;
import io.s3bulkrestore.model.Job;
import io.s3bulkrestore.model.JobCounts;
import io.s3bulkrestore.model.JobId;
import io.s3bulkrestore.model.JobStatus;
import io.s3bulkrestore.model.ManifestFormat;
import io.s3bulkrestore.model.ManifestLocation;
import io.s3bulkrestore.model.RestoreTier;
import io.s3bulkrestore.model.StorageFamily;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * How a {@link Job} is laid out as the {@code JOB#<id>} / {@code JOB} item of the JobsTable (DESIGN §3), and the
 * partition key that the job's other items ({@link TallyItem}, {@link ChunkSummaryItem}) share. Only this class knows
 * the job's attribute names; the values it nests are laid out by {@link SourceJobAttributes} and
 * {@link CopyAttributes}, and what the monitor remembers on the item by {@link MonitorStateAttributes}.
 *
 * <p>Instants are stored as fixed-width ISO-8601 UTC strings with nanoseconds
 * ({@code 2026-11-02T09:15:00.120000000Z}), so they sort as text in the same order as in time; the
 * {@code createdKey} index sort key relies on that. Absent optional fields are absent attributes, never
 * NULL values. Counts are not stored here while the job runs: they are the sum of its {@link TallyItem}s, until
 * it finishes and its final counts are frozen on this item.
 *
 * <p>About 300 lines because a job has some thirty attributes, each named once here and mapped both ways; the
 * nested values and the monitor's state are already in their own classes.
 */
final class JobItem {

    static final String JOB_SK = "JOB";
    /**
     * The tracking core that registers the job's objects: {@link #TRACKING_VERSION} for a job created by this version
     * (or registered again in it); absent on a job created by version 1, whose memberships are in the old table.
     */
    static final String TRACKING = "tracking";
    static final long TRACKING_VERSION = 2;
    /** Every job item carries this {@link TableDesign#LIST_PK}: the JobsByCreation index has one partition. */
    static final String LIST_PK_VALUE = "JOBS";
    /** The {@link TableDesign#ACTIVE_PK} of a job that is not terminal. */
    static final String ACTIVE_PK_VALUE = "ACTIVE";

    // Attributes of the job item besides the table and index keys in TableDesign.
    static final String JOB_ID = "jobId";
    static final String TIER = "tier";
    static final String EXPIRATION_DAYS = "expirationDays";
    static final String STORAGE = "storage";
    static final String MANIFEST_FORMAT = "manifestFormat";
    static final String CLIENT_TAG = "clientTag";
    /** The manifest as the client named it in the request. */
    static final String REQUEST_BUCKET = "requestBucket";
    static final String REQUEST_KEY = "requestKey";
    /** The manifest object as found when the job was created. */
    static final String MANIFEST_BUCKET = "manifestBucket";
    static final String MANIFEST_KEY = "manifestKey";
    static final String MANIFEST_ETAG = "manifestEtag";
    static final String MANIFEST_SIZE = "manifestSizeBytes";
    static final String CREATED_AT = "createdAt";
    static final String DEADLINE = "deadline";
    static final String IDEMPOTENCY_KEY = "idempotencyKey";
    static final String BATCH_JOB_ID = "batchJobId";
    static final String BATCH_STATUS = "batchStatus";
    static final String FAILURE_REASON = "failureReason";
    static final String CANCEL_REQUESTED = "cancelRequested";
    static final String TOTAL_OBJECTS = "totalObjects";
    static final String REPORT_URI = "reportUri";
    /** How many ingest chunks the manifest was queued as (set with the batch job id). */
    static final String CHUNK_COUNT = "chunkCount";

    /**
     * A finished job's counts and total: those of its results report, frozen when it finished, so that the terminal
     * notification, the report and GET agree whatever restores complete later.
     */
    static final String FINAL_RESTORED = "finalRestored";
    static final String FINAL_FAILED = "finalFailed";
    static final String FINAL_SKIPPED = "finalSkipped";
    static final String FINAL_TOTAL = "finalTotal";
    static final String FINAL_COPIED = "finalCopied";
    static final String FINAL_COPY_FAILED = "finalCopyFailed";

    private static final DateTimeFormatter INSTANT = DateTimeFormatter
            .ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'")
            .withZone(ZoneOffset.UTC);

    private JobItem() {
    }

    static String pk(JobId id) {
        return TableDesign.JOB_PREFIX + id.value();
    }

    static Map<String, AttributeValue> key(JobId id) {
        return Map.of(TableDesign.PK, s(pk(id)), TableDesign.SK, s(JOB_SK));
    }

    /** The index sort key: creation instant, then the id so that jobs created in the same instant order stably. */
    static String createdKey(Instant createdAt, JobId id) {
        return instant(createdAt) + "#" + id.value();
    }

    /**
     * Where a query of one of the job indexes ended at the job with {@code createdKey}: the ExclusiveStartKey (table
     * key and index key) that goes on after it.
     *
     * @param partitionName the index's partition key attribute, {@code partition} its value
     */
    static Map<String, AttributeValue> indexPosition(String partitionName, String partition, JobId id,
                                                     String createdKey) {
        return Map.of(
                TableDesign.PK, s(pk(id)),
                TableDesign.SK, s(JOB_SK),
                partitionName, s(partition),
                TableDesign.CREATED_KEY, s(createdKey));
    }

    static String instant(Instant value) {
        return INSTANT.format(value);
    }

    /** Parses what {@link #instant(Instant)} wrote, and only that shape. */
    static Instant parseInstant(String text) {
        return Instant.from(INSTANT.parse(text));
    }

    /** Whether {@code text} is exactly a value {@link #instant(Instant)} could have written. */
    static boolean isInstant(String text) {
        try {
            return instant(parseInstant(text)).equals(text);
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    static Map<String, AttributeValue> toItem(Job job) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(TableDesign.PK, s(pk(job.id())));
        item.put(TableDesign.SK, s(JOB_SK));
        item.put(TRACKING, n(TRACKING_VERSION));
        item.put(JOB_ID, s(job.id().value()));
        item.put(TableDesign.STATUS, s(job.status().name()));
        item.put(TableDesign.LIST_PK, s(LIST_PK_VALUE));
        item.put(TableDesign.CREATED_KEY, s(createdKey(job.createdAt(), job.id())));
        if (!job.status().isTerminal()) {
            item.put(TableDesign.ACTIVE_PK, s(ACTIVE_PK_VALUE));
        }

        CreateJobRequest request = job.request();
        putIfPresent(item, REQUEST_BUCKET, request.manifestBucket(), JobItem::s);
        putIfPresent(item, REQUEST_KEY, request.manifestKey(), JobItem::s);
        request.sourceValue().ifPresent(source -> item.put(SourceJobAttributes.SOURCE, SourceJobAttributes.source(source)));
        if (request.confirm() != ConfirmMode.AUTO) {
            item.put(SourceJobAttributes.CONFIRM, s(request.confirm().name()));
        }
        job.quoteValue().ifPresent(quote -> item.put(SourceJobAttributes.QUOTE, SourceJobAttributes.quote(quote)));
        request.copyValue().ifPresent(copy -> item.put(CopyAttributes.COPY, CopyAttributes.copy(copy)));
        if (job.confirmRequested()) {
            item.put(SourceJobAttributes.CONFIRM_REQUESTED, AttributeValue.fromBool(true));
        }
        item.put(TIER, s(request.tier().name()));
        putIfPresent(item, EXPIRATION_DAYS, request.expirationDays(), JobItem::n);
        item.put(STORAGE, s(request.storage().name()));
        item.put(MANIFEST_FORMAT, s(request.manifestFormat().name()));
        putIfPresent(item, CLIENT_TAG, request.clientTag(), JobItem::s);

        ManifestLocation manifest = job.manifest();
        item.put(MANIFEST_BUCKET, s(manifest.bucket()));
        item.put(MANIFEST_KEY, s(manifest.key()));
        item.put(MANIFEST_ETAG, s(manifest.etag()));
        item.put(MANIFEST_SIZE, n(manifest.sizeBytes()));

        item.put(CREATED_AT, s(instant(job.createdAt())));
        item.put(DEADLINE, s(instant(job.deadline())));
        putIfPresent(item, IDEMPOTENCY_KEY, job.idempotencyKey(), JobItem::s);
        putIfPresent(item, BATCH_JOB_ID, job.batchJobId(), JobItem::s);
        putIfPresent(item, BATCH_STATUS, job.batchStatus(), JobItem::s);
        putIfPresent(item, FAILURE_REASON, job.failureReason(), JobItem::s);
        item.put(CANCEL_REQUESTED, AttributeValue.fromBool(job.cancelRequested()));
        putIfPresent(item, TOTAL_OBJECTS, job.totalObjects(), JobItem::n);
        putIfPresent(item, REPORT_URI, job.reportUri(), JobItem::s);
        putIfPresent(item, CHUNK_COUNT, job.chunkCount(), JobItem::n);
        return item;
    }

    /** The job an item describes, with counts summed elsewhere from its shards. */
    static Job toJob(Map<String, AttributeValue> item, JobCounts counts) {
        String pk = required(item, TableDesign.PK);
        if (!pk.startsWith(TableDesign.JOB_PREFIX) || !JOB_SK.equals(required(item, TableDesign.SK))) {
            throw new IllegalStateException("not a job item: " + pk);
        }
        JobId id = new JobId(pk.substring(TableDesign.JOB_PREFIX.length()));
        Long expirationDays = optionalNumber(item, EXPIRATION_DAYS);
        AttributeValue source = item.get(SourceJobAttributes.SOURCE);
        String confirm = optional(item, SourceJobAttributes.CONFIRM);
        var request = new CreateJobRequest(
                source == null ? required(item, REQUEST_BUCKET) : null,
                source == null ? required(item, REQUEST_KEY) : null,
                RestoreTier.valueOf(required(item, TIER)),
                expirationDays == null ? null : Math.toIntExact(expirationDays),
                StorageFamily.valueOf(required(item, STORAGE)),
                ManifestFormat.valueOf(required(item, MANIFEST_FORMAT)),
                optional(item, CLIENT_TAG),
                source == null ? null : SourceJobAttributes.sourceOf(source),
                confirm == null ? ConfirmMode.AUTO : ConfirmMode.valueOf(confirm),
                item.containsKey(CopyAttributes.COPY) ? CopyAttributes.copyOf(item.get(CopyAttributes.COPY)) : null);
        AttributeValue quote = item.get(SourceJobAttributes.QUOTE);
        var manifest = new ManifestLocation(
                required(item, MANIFEST_BUCKET),
                required(item, MANIFEST_KEY),
                required(item, MANIFEST_ETAG),
                requiredNumber(item, MANIFEST_SIZE));
        AttributeValue cancel = item.get(CANCEL_REQUESTED);
        Long chunkCount = optionalNumber(item, CHUNK_COUNT);
        return new Job(
                id,
                JobStatus.valueOf(required(item, TableDesign.STATUS)),
                request,
                manifest,
                parseInstant(required(item, CREATED_AT)),
                parseInstant(required(item, DEADLINE)),
                optional(item, IDEMPOTENCY_KEY),
                optional(item, BATCH_JOB_ID),
                optional(item, BATCH_STATUS),
                optional(item, FAILURE_REASON),
                cancel != null && Boolean.TRUE.equals(cancel.bool()),
                optionalNumber(item, TOTAL_OBJECTS),
                counts,
                optional(item, REPORT_URI),
                chunkCount == null ? null : Math.toIntExact(chunkCount),
                null,
                List.of(),
                quote == null ? null : SourceJobAttributes.quoteOf(quote),
                bool(item, SourceJobAttributes.CONFIRM_REQUESTED));
    }

    static long orZero(Map<String, AttributeValue> item, String name) {
        Long value = optionalNumber(item, name);
        return value == null ? 0 : value;
    }

    /** A finished job as its item froze it (its report's counts and total); any other job as it is. */
    static Job withFinalCounts(Job job, Map<String, AttributeValue> item) {
        Long total = optionalNumber(item, FINAL_TOTAL);
        if (total == null) {
            return job;
        }
        JobCounts counts = new JobCounts(orZero(item, FINAL_RESTORED), orZero(item, FINAL_FAILED),
                orZero(item, FINAL_SKIPPED), orZero(item, FINAL_COPIED), orZero(item, FINAL_COPY_FAILED));
        return new Job(job.id(), job.status(), job.request(), job.manifest(), job.createdAt(), job.deadline(),
                job.idempotencyKey(), job.batchJobId(), job.batchStatus(), job.failureReason(), job.cancelRequested(),
                total, counts, job.reportUri(), job.chunkCount(), job.invalidLines(), job.invalidLineSamples(),
                job.quote(), job.confirmRequested());
    }

    static boolean bool(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value != null && Boolean.TRUE.equals(value.bool());
    }

    /** Whether the job's objects are registered in this version's object records (see {@link #TRACKING}). */
    static boolean isRecorded(Map<String, AttributeValue> item) {
        return item.containsKey(TRACKING);
    }

    static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }

    private static AttributeValue n(Integer value) {
        return n(value.longValue());
    }

    private static AttributeValue n(Long value) {
        return n(value.longValue());
    }

    private static <T> void putIfPresent(Map<String, AttributeValue> item, String name, T value,
                                         Function<T, AttributeValue> convert) {
        if (value != null) {
            item.put(name, convert.apply(value));
        }
    }

    static String required(Map<String, AttributeValue> item, String name) {
        String value = optional(item, name);
        if (value == null) {
            throw new IllegalStateException("job item " + optional(item, TableDesign.PK) + " has no attribute " + name);
        }
        return value;
    }

    static String optional(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null ? null : value.s();
    }

    private static long requiredNumber(Map<String, AttributeValue> item, String name) {
        Long value = optionalNumber(item, name);
        if (value == null) {
            throw new IllegalStateException("job item " + optional(item, TableDesign.PK) + " has no attribute " + name);
        }
        return value;
    }

    static Long optionalNumber(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null || value.n() == null ? null : Long.parseLong(value.n());
    }
}
