package io.s3bulkrestore.tracking;

import io.s3bulkrestore.manifest.ManifestReaders;
import io.s3bulkrestore.manifest.ChunkLine;
import io.s3bulkrestore.manifest.InventoryManifest;
import io.s3bulkrestore.manifest.ManifestChunk;
import io.s3bulkrestore.manifest.ManifestChunkReader;
import io.s3bulkrestore.manifest.ManifestRecord;
import io.s3bulkrestore.model.ErrorCode;
import io.s3bulkrestore.model.Job;
import io.s3bulkrestore.model.ManifestFormat;
import io.s3bulkrestore.model.ObjectId;
import io.s3bulkrestore.model.ServiceException;
import io.s3bulkrestore.manifest.ManifestStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Reads a job's objects back in manifest order, with how each stands for the job (DESIGN §3, §6): the lines of
 * its manifest a page at a time (a ranged GET from where the last page ended, as ingestion reads its chunks),
 * and the records of the objects they name (one batch read per page). An object counts once, on the line that
 * registered it ({@link Membership#origin()}): a second line naming it is passed over, as is a line whose object
 * is not registered (its chunk is not ingested, or its bucket is not allowed). The final answers (results
 * report, reconciliation) come from here, so they are exact whatever the counters say.
 *
 * <p>A page token is {@code c:<offset>} for a CSV manifest (the next page reads the lines that start at or after
 * that byte, in a range of about {@link #RANGE_BYTES_PER_LINE} bytes a line; a page may be empty) and {@code i:<file>:<offset>} for an inventory report (data file index; lines of that file from that
 * byte of its uncompressed text, which is read again from its start).
 */
public final class JobObjects {

    private static final Logger LOG = LoggerFactory.getLogger(JobObjects.class);

    /**
     * Bytes of manifest a CSV page reads per line it may hold: a line of a bucket, a key and a version id is
     * typically well under this, so a page is usually full; a page of longer lines holds fewer.
     */
    static final int RANGE_BYTES_PER_LINE = 512;

    private final ManifestStore manifests;
    private final RestoreLedger ledger;

    public JobObjects(ManifestStore manifests, RestoreLedger ledger) {
        this.manifests = Objects.requireNonNull(manifests, "manifests");
        this.ledger = Objects.requireNonNull(ledger, "ledger");
    }

    /** One page: the outcomes of the objects its lines registered, in manifest order; the token of the next. */
    public record Page(List<MemberOutcome> outcomes, Optional<String> nextPageToken) {

        public Page {
            outcomes = List.copyOf(outcomes);
            Objects.requireNonNull(nextPageToken, "nextPageToken");
        }

        /** The objects of this page still pending for the job. */
        public List<ObjectId> pending() {
            return outcomes.stream().filter(o -> o.settlement() == Membership.Settlement.PENDING)
                    .map(MemberOutcome::object).toList();
        }
    }

    /**
     * The page of at most {@code limit} manifest entries that starts at {@code pageToken} (the first page if empty).
     * A manifest that was replaced or deleted since the job was created cannot be read as it was: it has no more
     * pages (such a job is failed for that reason, and its report lists what was read before).
     */
    public Page page(Job job, Optional<String> pageToken, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be positive: " + limit);
        }
        if (job.request().sourceValue().isPresent() && job.chunkCount() == null) {
            // a source job that ended before it started: nothing was asked of S3, so it has no objects to list
            return new Page(List.of(), Optional.empty());
        }
        try {
            return job.request().manifestFormat() == ManifestFormat.INVENTORY
                    ? inventoryPage(job, pageToken, limit)
                    : csvPage(job, pageToken, limit);
        } catch (ManifestStore.ManifestChanged e) {
            return unreadable(job, e);
        } catch (ServiceException e) {
            if (e.code() != ErrorCode.MANIFEST_UNAVAILABLE) {
                throw e;
            }
            return unreadable(job, e);
        }
    }

    private static Page unreadable(Job job, RuntimeException why) {
        LOG.warn("Job {}: its manifest can no longer be read as it was, so its objects are read no further: {}",
                job.id(), why.getMessage());
        return new Page(List.of(), Optional.empty());
    }

    private Page csvPage(Job job, Optional<String> pageToken, int limit) {
        long from = pageToken.map(token -> number(token, "c:", token.substring(2))).orElse(0L);
        long size = job.manifest().sizeBytes();
        if (from >= size) {
            return new Page(List.of(), Optional.empty());
        }
        // The lines that start in a range sized for the page, so a page never fetches the rest of a large manifest
        long end = Math.min(size, from + (long) limit * RANGE_BYTES_PER_LINE);
        List<ChunkLine> lines;
        boolean more;
        try (ManifestChunkReader reader = ManifestReaders.csv(manifests, job, new ManifestChunk(0, from, end))) {
            lines = entries(reader, limit);
            more = reader.hasNext();
        }
        Optional<String> next = more ? Optional.of("c:" + (lines.getLast().byteOffset() + 1))
                : end < size ? Optional.of("c:" + end) : Optional.empty();
        return new Page(outcomes(job, lines, -1), next);
    }

    private Page inventoryPage(Job job, Optional<String> pageToken, int limit) {
        InventoryManifest report = manifests.inventory(job.manifest());
        int file = 0;
        long from = 0;
        if (pageToken.isPresent()) {
            String[] parts = pageToken.get().split(":", -1);
            if (parts.length != 3 || !parts[0].equals("i")) {
                throw new IllegalArgumentException("not an inventory page token: " + pageToken.get());
            }
            file = (int) number(pageToken.get(), "i:", parts[1]);
            from = number(pageToken.get(), "i:", parts[2]);
        }
        if (file >= report.files().size()) {
            return new Page(List.of(), Optional.empty());
        }
        List<ChunkLine> lines = new ArrayList<>();
        boolean more;
        try (ManifestChunkReader reader = ManifestReaders.inventoryFile(manifests, job, file,
                report.files().get(file).key())) {
            while (reader.hasNext() && lines.size() < limit) {
                ChunkLine line = reader.next();
                if (line.byteOffset() >= from && line.record() instanceof ManifestRecord.Entry) {
                    lines.add(line);
                }
            }
            more = reader.hasNext();
        }
        Optional<String> next;
        if (more) {
            next = Optional.of("i:" + file + ":" + (lines.getLast().byteOffset() + 1));
        } else {
            next = file + 1 < report.files().size() ? Optional.of("i:" + (file + 1) + ":0") : Optional.empty();
        }
        return new Page(outcomes(job, lines, file), next);
    }

    /** The next valid entries of the reader, at most {@code limit}. */
    private static List<ChunkLine> entries(ManifestChunkReader reader, int limit) {
        List<ChunkLine> lines = new ArrayList<>();
        while (lines.size() < limit && reader.hasNext()) {
            ChunkLine line = reader.next();
            if (line.record() instanceof ManifestRecord.Entry) {
                lines.add(line);
            }
        }
        return lines;
    }

    /**
     * The outcome of each line's object, for the lines that registered it. In a CSV manifest a line is known by
     * its byte offset alone ({@code file} is -1); in an inventory report by the data file (its chunk) and offset.
     */
    private List<MemberOutcome> outcomes(Job job, List<ChunkLine> lines, int file) {
        if (lines.isEmpty()) {
            return List.of();
        }
        LinkedHashSet<ObjectId> objects = new LinkedHashSet<>();
        lines.forEach(line -> objects.add(((ManifestRecord.Entry) line.record()).object()));
        Map<ObjectId, ObjectRecord> records = ledger.records(objects);
        List<MemberOutcome> outcomes = new ArrayList<>(lines.size());
        for (ChunkLine line : lines) {
            ObjectId object = ((ManifestRecord.Entry) line.record()).object();
            ObjectRecord record = records.get(object);
            Optional<Membership> membership = record == null ? Optional.empty() : record.membership(job.id());
            if (membership.isPresent() && registeredBy(membership.get().origin(), line, file)) {
                outcomes.add(record.outcome(job.id()).orElseThrow());
            }
        }
        return outcomes;
    }

    private static boolean registeredBy(Origin origin, ChunkLine line, int file) {
        return origin.byteOffset() == line.byteOffset() && (file < 0 || origin.chunk() == file);
    }

    private static long number(String token, String prefix, String digits) {
        if (!token.startsWith(prefix)) {
            throw new IllegalArgumentException("not a page token of this manifest: " + token);
        }
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a page token of this manifest: " + token, e);
        }
    }
}
