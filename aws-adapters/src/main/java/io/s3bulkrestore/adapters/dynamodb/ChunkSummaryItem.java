package io.s3bulkrestore.adapters.dynamodb;

import io.s3bulkrestore.model.JobId;
import io.s3bulkrestore.tracking.ChunkSummary;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One manifest chunk's summary, the {@code JOB#<id>} / {@code CHUNK#<n>} item of the JobsTable (DESIGN §3): written
 * once by the restore ledger when the chunk is ingested, read by the job stores for a job's total and invalid lines.
 * Only this class knows the item's attribute names.
 * <pre>
 *   objects, lines, invalidLines   N; a job's total objects is the sum of objects over its chunks
 *   invalidSamples                 L of M {line: N (within the chunk), reason: S}: the first invalid lines
 *   expiresAt                      N, the TTL
 * </pre>
 */
final class ChunkSummaryItem {

    static final String OBJECTS = "objects";
    static final String LINES = "lines";
    static final String INVALID_LINES = "invalidLines";
    static final String INVALID_SAMPLES = "invalidSamples";
    static final String SAMPLE_LINE = "line";
    static final String SAMPLE_REASON = "reason";

    private ChunkSummaryItem() {
    }

    static Map<String, AttributeValue> toItem(JobId job, ChunkSummary summary, Instant keepUntil) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(TableDesign.PK, AttributeValue.fromS(JobItem.pk(job)));
        item.put(TableDesign.SK, AttributeValue.fromS(TableDesign.CHUNK_PREFIX + summary.chunk()));
        item.put(OBJECTS, n(summary.objects()));
        item.put(LINES, n(summary.lines()));
        item.put(INVALID_LINES, n(summary.invalidLines()));
        item.put(TableDesign.TTL, n(keepUntil.getEpochSecond()));
        if (!summary.invalidSamples().isEmpty()) {
            item.put(INVALID_SAMPLES, AttributeValue.fromL(summary.invalidSamples().stream()
                    .map(line -> AttributeValue.fromM(Map.of(SAMPLE_LINE, n(line.lineInChunk()),
                            SAMPLE_REASON, AttributeValue.fromS(line.reason()))))
                    .toList()));
        }
        return item;
    }

    static ChunkSummary of(Map<String, AttributeValue> item) {
        List<ChunkSummary.InvalidLine> samples = new ArrayList<>();
        AttributeValue stored = item.get(INVALID_SAMPLES);
        if (stored != null && stored.hasL()) {
            for (AttributeValue sample : stored.l()) {
                samples.add(new ChunkSummary.InvalidLine(Long.parseLong(sample.m().get(SAMPLE_LINE).n()),
                        sample.m().get(SAMPLE_REASON).s()));
            }
        }
        return new ChunkSummary(chunkOf(item), number(item, OBJECTS), number(item, LINES),
                number(item, INVALID_LINES), samples);
    }

    /** The chunk number of a summary item, from its sort key (a projection of the key is enough). */
    static long chunkOf(Map<String, AttributeValue> item) {
        return Long.parseLong(item.get(TableDesign.SK).s().substring(TableDesign.CHUNK_PREFIX.length()));
    }

    private static long number(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        if (value == null || value.n() == null) {
            throw new IllegalStateException("chunk summary " + item.get(TableDesign.SK).s() + " has no " + name);
        }
        return Long.parseLong(value.n());
    }

    private static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }
}
