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
import io.s3bulkrestore.monitor.MonitorState;
import io.s3bulkrestore.monitor.Notice;
import io.s3bulkrestore.monitor.PendingNotification;
import io.s3bulkrestore.monitor.ReportProgress;
import io.s3bulkrestore.monitor.ReportTally;
import io.s3bulkrestore.tracking.ChunkSummary;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * How a {@link Job} is laid out as the {@code JOB#<id>} / {@code JOB} item of the JobsTable (DESIGN §3),
 * and the sort keys of its counter shards. Only this class knows attribute names of the job item.
 *
 * <p>Instants are stored as fixed-width ISO-8601 UTC strings with nanoseconds
 * ({@code 2026-11-02T09:15:00.120000000Z}), so they sort as text in the same order as in time; the
 * {@code createdKey} index sort key relies on that. Absent optional fields are absent attributes, never
 * NULL values. Counts are not stored here: they live in the {@code COUNT#<n>} shards.
 */
final class JobItem {

    static final String JOB_PREFIX = "JOB#";
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

    // What the progress monitor remembers on the job item (MonitorState).
    static final String BATCH_FAILURE_REASONS = "batchFailureReasons";
    static final String BATCH_FINISHED_AT = "batchFinishedAt";
    static final String REPORT_READ = "reportRead";
    static final String LAST_NOTIFIED_STEP = "lastNotifiedStep";
    static final String DECIDED_TERMINAL = "decidedTerminal";
    static final String DECIDED_REASON = "decidedReason";
    static final String NOTIFIED_TERMINAL = "notifiedTerminal";
    static final String RECONCILE_TOKEN = "reconcileToken";
    /** MonitorState.finallyReconciled; the attribute keeps the name it had when only Timeout reconciled first. */
    static final String RECONCILED_AFTER_DEADLINE = "reconciledAfterDeadline";
    /** The outbox: a notification recorded as about to be published (its id, status and step). */
    static final String OUTBOX_ID = "outboxId";
    static final String OUTBOX_STATUS = "outboxStatus";
    static final String OUTBOX_STEP = "outboxStep";
    /** The results report's multipart upload, next part number, cursor, and URI once complete. */
    static final String REPORT_UPLOAD_ID = "reportUploadId";
    static final String REPORT_NEXT_PART = "reportNextPart";
    static final String REPORT_CURSOR = "reportCursor";
    static final String REPORT_WRITTEN_URI = "reportWrittenUri";
    /** Why a worker asked for the job to fail; the monitor ends it. */
    static final String FAILURE_REQUESTED = "failureRequested";
    /** Failed tasks of the completion report handled so far, while it is read over several ticks. */
    static final String COMPLETION_REPORT_HANDLED = "completionReportHandled";
    /** The rows of each kind in the results report's parts so far. */
    static final String REPORT_RESTORED = "reportRestored";
    static final String REPORT_FAILED = "reportFailed";
    static final String REPORT_SKIPPED = "reportSkipped";
    static final String REPORT_MISSING = "reportMissing";
    static final String REPORT_COPIED = "reportCopied";
    static final String REPORT_COPY_FAILED = "reportCopyFailed";
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

    /** Numeric attributes of a {@code COUNT#<n>} shard. */
    static final String RESTORED = "restored";
    static final String FAILED = "failed";
    static final String SKIPPED = "skipped";

    private static final DateTimeFormatter INSTANT = DateTimeFormatter
            .ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'")
            .withZone(ZoneOffset.UTC);

    private JobItem() {
    }

    static String pk(JobId id) {
        return JOB_PREFIX + id.value();
    }

    static Map<String, AttributeValue> key(JobId id) {
        return Map.of(TableDesign.PK, s(pk(id)), TableDesign.SK, s(JOB_SK));
    }

    /** The index sort key: creation instant, then the id so that jobs created in the same instant order stably. */
    static String createdKey(Instant createdAt, JobId id) {
        return instant(createdAt) + "#" + id.value();
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
        if (!pk.startsWith(JOB_PREFIX) || !JOB_SK.equals(required(item, TableDesign.SK))) {
            throw new IllegalStateException("not a job item: " + pk);
        }
        JobId id = new JobId(pk.substring(JOB_PREFIX.length()));
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

    /** What the monitor remembered on a job item; a job it never looked at has the initial state. */
    static MonitorState monitorStateOf(Map<String, AttributeValue> item) {
        AttributeValue reasons = item.get(BATCH_FAILURE_REASONS);
        List<String> failureReasons = reasons != null && reasons.hasL()
                ? reasons.l().stream().map(AttributeValue::s).toList() : List.of();
        String finishedAt = optional(item, BATCH_FINISHED_AT);
        Long step = optionalNumber(item, LAST_NOTIFIED_STEP);
        String decided = optional(item, DECIDED_TERMINAL);
        String notified = optional(item, NOTIFIED_TERMINAL);
        return new MonitorState(
                failureReasons,
                Optional.ofNullable(finishedAt).map(JobItem::parseInstant),
                bool(item, REPORT_READ),
                step == null ? -1 : Math.toIntExact(step),
                Optional.ofNullable(decided).map(status -> new Notice.Finish(JobStatus.valueOf(status),
                        Optional.ofNullable(optional(item, DECIDED_REASON)))),
                Optional.ofNullable(notified).map(JobStatus::valueOf),
                Optional.ofNullable(optional(item, RECONCILE_TOKEN)),
                bool(item, RECONCILED_AFTER_DEADLINE),
                outboxOf(item),
                reportProgressOf(item),
                Optional.ofNullable(optional(item, FAILURE_REQUESTED)),
                orZero(item, COMPLETION_REPORT_HANDLED));
    }

    private static Optional<PendingNotification> outboxOf(Map<String, AttributeValue> item) {
        String id = optional(item, OUTBOX_ID);
        if (id == null) {
            return Optional.empty();
        }
        Long step = optionalNumber(item, OUTBOX_STEP);
        return Optional.of(new PendingNotification(id, JobStatus.valueOf(required(item, OUTBOX_STATUS)),
                step == null ? 0 : Math.toIntExact(step)));
    }

    private static ReportProgress reportProgressOf(Map<String, AttributeValue> item) {
        Long part = optionalNumber(item, REPORT_NEXT_PART);
        return new ReportProgress(Optional.ofNullable(optional(item, REPORT_UPLOAD_ID)),
                part == null ? 1 : Math.toIntExact(part), Optional.ofNullable(optional(item, REPORT_CURSOR)),
                Optional.ofNullable(optional(item, REPORT_WRITTEN_URI)),
                new ReportTally(orZero(item, REPORT_RESTORED), orZero(item, REPORT_FAILED),
                        orZero(item, REPORT_SKIPPED), orZero(item, REPORT_MISSING), orZero(item, REPORT_COPIED),
                        orZero(item, REPORT_COPY_FAILED)));
    }

    private static long orZero(Map<String, AttributeValue> item, String name) {
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

    private static boolean bool(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value != null && Boolean.TRUE.equals(value.bool());
    }

    /** A {@code CHUNK#<n>} item as the restore ledger writes it. */
    static ChunkSummary chunkSummaryOf(Map<String, AttributeValue> item) {
        String sk = required(item, TableDesign.SK);
        long chunk = Long.parseLong(sk.substring(TableDesign.CHUNK_PREFIX.length()));
        List<ChunkSummary.InvalidLine> samples = new ArrayList<>();
        AttributeValue stored = item.get(TableDesign.INVALID_SAMPLES);
        if (stored != null && stored.hasL()) {
            for (AttributeValue sample : stored.l()) {
                samples.add(new ChunkSummary.InvalidLine(Long.parseLong(sample.m().get(TableDesign.SAMPLE_LINE).n()),
                        sample.m().get(TableDesign.SAMPLE_REASON).s()));
            }
        }
        return new ChunkSummary(chunk, requiredNumber(item, TableDesign.OBJECTS), requiredNumber(item, TableDesign.LINES),
                requiredNumber(item, TableDesign.INVALID_LINES), samples);
    }

    /**
     * Sums a job's {@code TALLY#<shard>} counters. One may hold a negative count (an object that moves from failed
     * to restored in one stream shard, registered in another), so they are summed before they are counts.
     */
    static final class CounterSums {
        private long restored;
        private long failed;
        private long skipped;
        private long copied;
        private long copyFailed;

        void add(Map<String, AttributeValue> shard) {
            restored += orZero(shard, RESTORED);
            failed += orZero(shard, FAILED);
            skipped += orZero(shard, SKIPPED);
            copied += orZero(shard, TableDesign.COPIED);
            copyFailed += orZero(shard, TableDesign.COPY_FAILED);
        }

        JobCounts counts() {
            return new JobCounts(Math.max(0, restored), Math.max(0, failed), Math.max(0, skipped), Math.max(0, copied),
                    Math.max(0, copyFailed));
        }
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

    private static String required(Map<String, AttributeValue> item, String name) {
        String value = optional(item, name);
        if (value == null) {
            throw new IllegalStateException("job item " + optional(item, TableDesign.PK) + " has no attribute " + name);
        }
        return value;
    }

    private static String optional(Map<String, AttributeValue> item, String name) {
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

    private static Long optionalNumber(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null || value.n() == null ? null : Long.parseLong(value.n());
    }
}
