package io.s3bulkrestore.adapters.s3;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.s3bulkrestore.model.ErrorCode;
import io.s3bulkrestore.model.ObjectId;
import io.s3bulkrestore.model.ServiceException;
import io.s3bulkrestore.ports.BatchJobState;
import io.s3bulkrestore.monitor.CompletionReports;
import io.s3bulkrestore.tracking.MarkTasksFailed.FailedTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Reads a Batch Operations completion report as AWS writes it: {@code <prefix>/job-<id>/manifest.json}
 * naming result CSVs, rows {@code bucket,key,versionId,taskStatus,httpStatusCode,errorCode,resultMessage}
 * (AWS's example rows: the HTTP status is column 5, the error code column 6), keys URL-encoded. The CSVs
 * are streamed a line at a time and handed over in batches, so memory does not grow with the report; a reading
 * that stops (the monitor's budget) resumes by passing over the failed tasks it handled.
 */
public final class S3CompletionReports implements CompletionReports {

    private static final Logger LOG = LoggerFactory.getLogger(S3CompletionReports.class);
    static final int BATCH = 500;

    private final S3Client s3;
    private final ObjectMapper json;

    public S3CompletionReports(S3Client s3, ObjectMapper json) {
        this.s3 = s3;
        this.json = json;
    }

    @Override
    public Reading forEachFailedTask(String batchJobId, BatchJobState state, long skip,
                                     Predicate<List<FailedTask>> batches) {
        if (state.reportBucket().isEmpty()) {
            return new Reading(skip, true);
        }
        String bucket = state.reportBucket().get();
        String prefix = state.reportPrefix().orElse("");
        while (prefix.endsWith("/")) {
            prefix = prefix.substring(0, prefix.length() - 1);
        }
        String manifestKey = (prefix.isEmpty() ? "" : prefix + "/") + "job-" + batchJobId + "/manifest.json";
        JsonNode manifest;
        try {
            manifest = json.readTree(s3.getObjectAsBytes(b -> b.bucket(bucket).key(manifestKey)).asByteArray());
        } catch (NoSuchKeyException e) {
            LOG.warn("Batch job {} has no completion report at s3://{}/{}", batchJobId, bucket, manifestKey);
            return new Reading(skip, true);
        } catch (IOException | SdkException e) {
            LOG.warn("Reading the completion report of {} failed: {}", batchJobId, e.toString());
            throw new ServiceException(ErrorCode.UPSTREAM_FAILED, "reading the completion report failed");
        }
        // The failed tasks in the order of the manifest's result files and their lines, the same on every read:
        // the first `skip` of them were handled before and are passed over.
        FailedTaskCursor cursor = new FailedTaskCursor(skip, batches);
        for (JsonNode result : manifest.path("Results")) {
            if ("failed".equalsIgnoreCase(result.path("TaskExecutionStatus").asText())
                    && !readFailed(result.path("Bucket").asText(bucket), result.path("Key").asText(), cursor)) {
                return new Reading(cursor.seen, false);
            }
        }
        cursor.flush(); // the last batch: whatever the budget says now, every failed task was handed over
        return new Reading(cursor.seen, true);
    }

    /** Counts the failed tasks read, passes over the first {@code skip}, hands the rest over in batches. */
    private static final class FailedTaskCursor {
        private final long skip;
        private final Predicate<List<FailedTask>> batches;
        private final List<FailedTask> batch = new ArrayList<>();
        private long seen;

        FailedTaskCursor(long skip, Predicate<List<FailedTask>> batches) {
            this.skip = skip;
            this.batches = batches;
            this.seen = 0;
        }

        /** Returns whether reading goes on. */
        boolean add(FailedTask task) {
            if (seen < skip) {
                seen++;
                return true;
            }
            batch.add(task);
            return batch.size() < BATCH || flush();
        }

        /** Hands the batch over (if any); returns whether reading goes on. */
        boolean flush() {
            if (batch.isEmpty()) {
                return true;
            }
            List<FailedTask> handed = List.copyOf(batch);
            batch.clear();
            seen += handed.size();
            return batches.test(handed);
        }
    }

    /** Reads one result file's failed rows into the cursor; returns whether reading goes on. */
    private boolean readFailed(String bucket, String key, FailedTaskCursor cursor) {
        try (var in = s3.getObject(b -> b.bucket(bucket).key(key));
             var reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            StringBuilder record = new StringBuilder();
            while ((line = reader.readLine()) != null) {
                record.append(line);
                if (quotes(record) % 2 == 1) {
                    record.append('\n'); // a quoted field goes on over the line break
                    continue;
                }
                java.util.Optional<FailedTask> task = rowOf(record.toString());
                record.setLength(0);
                if (task.isPresent() && !cursor.add(task.get())) {
                    return false;
                }
            }
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (SdkException e) {
            LOG.warn("Reading report file s3://{}/{} failed: {}", bucket, key, e.toString());
            throw new ServiceException(ErrorCode.UPSTREAM_FAILED, "reading the completion report failed");
        }
    }

    private static long quotes(CharSequence text) {
        return text.chars().filter(c -> c == '"').count();
    }

    /** A failed row as a task; other rows (and blank lines) are none. */
    static java.util.Optional<FailedTask> rowOf(String line) {
        if (line.isBlank()) {
            return java.util.Optional.empty();
        }
        List<String> fields = Csv.split(line);
        if (fields.size() < 6 || !"failed".equalsIgnoreCase(fields.get(3))) {
            return java.util.Optional.empty();
        }
        ObjectId object = ObjectId.fromEncoded(fields.get(0), fields.get(1),
                fields.get(2).isEmpty() ? null : fields.get(2), ObjectId.KeyEncoding.URL);
        String errorCode = fields.get(5).isBlank() ? "HTTP " + fields.get(4) : fields.get(5);
        return java.util.Optional.of(new FailedTask(object, errorCode));
    }
}
