package io.s3bulkrestore.ingest;

import io.s3bulkrestore.tracking.ChunkSummary;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a job's chunk summaries say about its manifest so far (DESIGN §3): the total once every chunk is
 * summarized, the invalid lines counted so far, and the first invalid lines with their line numbers in
 * the whole manifest. A line's number is the lines of all chunks before it plus its line in its chunk,
 * so samples are only given for the chunks whose predecessors are all summarized.
 *
 * @param totalObjects       sum of the chunks' objects, or null until all {@code chunkCount} are summarized
 * @param invalidLines       invalid lines in the chunks summarized so far (final once the total is known),
 *                           or null before any chunk is summarized
 * @param invalidLineSamples "line N: reason", at most {@link #MAX_SAMPLES}, in manifest order
 */
public record IngestProgress(Long totalObjects, Long invalidLines, List<String> invalidLineSamples) {

    /** How many invalid lines a job shows. */
    public static final int MAX_SAMPLES = ChunkSummary.MAX_SAMPLES;

    public static final IngestProgress UNKNOWN = new IngestProgress(null, null, List.of());

    public IngestProgress {
        invalidLineSamples = List.copyOf(invalidLineSamples);
    }

    /**
     * @param chunkCount how many chunks the job's manifest was planned in, or null while it is not known
     */
    public static IngestProgress of(Integer chunkCount, Collection<ChunkSummary> summaries) {
        if (chunkCount == null) {
            return UNKNOWN;
        }
        Map<Long, ChunkSummary> byChunk = new TreeMap<>();
        summaries.stream().filter(s -> s.chunk() < chunkCount).sorted(Comparator.comparingLong(ChunkSummary::chunk))
                .forEach(s -> byChunk.putIfAbsent(s.chunk(), s));
        long objects = 0;
        long invalid = 0;
        for (ChunkSummary summary : byChunk.values()) {
            objects += summary.objects();
            invalid += summary.invalidLines();
        }
        List<String> samples = new ArrayList<>();
        long linesBefore = 0;
        for (long chunk = 0; chunk < chunkCount && samples.size() < MAX_SAMPLES; chunk++) {
            ChunkSummary summary = byChunk.get(chunk);
            if (summary == null) {
                break; // later line numbers are not known yet
            }
            for (ChunkSummary.InvalidLine line : summary.invalidSamples()) {
                if (samples.size() == MAX_SAMPLES) {
                    break;
                }
                samples.add("line " + (linesBefore + line.lineInChunk()) + ": " + line.reason());
            }
            linesBefore += summary.lines();
        }
        boolean complete = byChunk.size() == chunkCount;
        return new IngestProgress(complete ? objects : null, byChunk.isEmpty() ? null : invalid, samples);
    }
}
