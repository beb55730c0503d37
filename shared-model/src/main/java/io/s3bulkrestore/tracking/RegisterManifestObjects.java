package io.s3bulkrestore.tracking;

import io.s3bulkrestore.manifest.ManifestRecord;
import io.s3bulkrestore.model.Job;
import io.s3bulkrestore.model.ObjectId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Registers the objects of one manifest chunk in the job (DESIGN §3): one write per object, which adds the job's
 * membership to the object's record unless it is there. An object already restored needs nothing more: that it
 * counts for the job is derived from its record. Then, once the caller has done whatever else the chunk needs,
 * {@link #summarize} writes the chunk's summary once. A chunk may be replayed from the start at any point: it
 * counts the same objects again (see {@link Registration#countsAsNew()}), and the summary is only written the
 * first time.
 */
public final class RegisterManifestObjects {

    private static final Logger LOG = LoggerFactory.getLogger(RegisterManifestObjects.class);

    private final RestoreLedger ledger;
    private final Clock clock;
    private final Duration retention;

    /**
     * @param retention how long after a job's deadline its records and chunk summaries are kept (the report is
     *                  written by then; the store's TTL deletes them after)
     */
    public RegisterManifestObjects(RestoreLedger ledger, Clock clock, Duration retention) {
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.retention = Objects.requireNonNull(retention, "retention");
    }

    /** Until when the job's records must be kept: its deadline plus the retention. */
    public Instant keepUntil(Job job) {
        return job.deadline().plus(retention);
    }

    /**
     * One valid manifest line of the chunk.
     *
     * @param byteOffset where the line starts in the manifest; with the chunk number it identifies the line
     */
    public record ChunkEntry(ObjectId object, long byteOffset) {

        public ChunkEntry {
            Objects.requireNonNull(object, "object");
            if (byteOffset < 0) {
                throw new IllegalArgumentException("byte offset cannot be negative: " + byteOffset);
            }
        }

        public static ChunkEntry of(ManifestRecord.Entry entry, long byteOffset) {
            return new ChunkEntry(entry.object(), byteOffset);
        }
    }

    /**
     * Registers the chunk's entries (all of its valid lines, in any order) in the job; a restore counts for it as
     * {@link RestoreFact#countsFor} says. Returns the distinct objects this chunk adds to the job's total (the same
     * on every replay).
     */
    public long register(Job job, long chunk, List<ChunkEntry> entries) {
        Objects.requireNonNull(job, "job");
        if (entries.isEmpty()) {
            return 0;
        }
        boolean copies = job.request().copyValue().isPresent();
        List<MembershipClaim> claims = new ArrayList<>(entries.size());
        for (ChunkEntry entry : entries) {
            claims.add(new MembershipClaim(entry.object(), new Origin(chunk, entry.byteOffset()),
                    Optional.of(job.createdAt()), copies));
        }
        long newObjects = ledger.register(job.id(), claims, clock.instant(), keepUntil(job)).stream()
                .filter(Registration::countsAsNew).count();
        LOG.info("Registered chunk {} of job {}: {} entries, {} new objects", chunk, job.id(), entries.size(), newObjects);
        return newObjects;
    }

    /**
     * Writes the chunk's summary unless an earlier attempt did. Returns whether this call wrote it; a
     * replay finds the first attempt's summary, which counted the same objects.
     */
    public boolean summarize(Job job, ChunkSummary summary) {
        return ledger.recordChunkSummary(job.id(), summary, keepUntil(job));
    }
}
