package io.s3bulkrestore.tracking;

import io.s3bulkrestore.manifest.ManifestRecord;
import io.s3bulkrestore.model.JobId;
import io.s3bulkrestore.model.ObjectId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The registration side of the crediting handshake (DESIGN §3), for one manifest chunk:
 * <ol>
 *   <li>register every entry as a membership of the job (never overwriting one that exists);</li>
 *   <li>read what S3 told us about those objects, strongly consistently;</li>
 *   <li>credit the memberships whose object is already restored (the event came first).</li>
 * </ol>
 * Then, once the caller has done whatever else the chunk needs, {@link #summarize} writes the chunk's
 * summary once. A chunk may be replayed from the start at any point: it counts the same objects again
 * (see {@link Registration#countsAsNew()}), and the summary is only written the first time.
 */
public final class RegisterManifestObjects {

    private static final Logger LOG = LoggerFactory.getLogger(RegisterManifestObjects.class);

    private final RestoreLedger ledger;
    private final Clock clock;

    public RegisterManifestObjects(RestoreLedger ledger, Clock clock) {
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.clock = Objects.requireNonNull(clock, "clock");
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
     * What registering a chunk found.
     *
     * @param newObjects distinct objects this chunk adds to the job's total (the same on every replay)
     * @param credited   memberships credited by this call because their object was already restored
     */
    public record ChunkRegistration(long newObjects, int credited) {
    }

    /** Registers the chunk's entries (all of its valid lines, in any order) for a job of unknown creation time. */
    public ChunkRegistration register(JobId job, long chunk, List<ChunkEntry> entries) {
        return register(job, Optional.empty(), chunk, entries);
    }

    /**
     * Registers the chunk's entries (all of its valid lines, in any order). A restore counts for the job only if it
     * completed after {@code jobCreatedAt} (see {@link Membership#countsRestoreCompletedAt}).
     */
    public ChunkRegistration register(JobId job, Optional<Instant> jobCreatedAt, long chunk, List<ChunkEntry> entries) {
        Objects.requireNonNull(job, "job");
        if (entries.isEmpty()) {
            return new ChunkRegistration(0, 0);
        }
        Instant now = clock.instant();
        List<MembershipClaim> claims = new ArrayList<>(entries.size());
        for (ChunkEntry entry : entries) {
            claims.add(new MembershipClaim(entry.object(), new Origin(chunk, entry.byteOffset()), jobCreatedAt));
        }
        List<Registration> registrations = ledger.register(job, claims, now);

        long newObjects = 0;
        Set<ObjectId> pending = new LinkedHashSet<>();
        Map<ObjectId, Membership> creditable = new java.util.HashMap<>();
        for (Registration registration : registrations) {
            if (registration.countsAsNew()) {
                newObjects++;
            }
            if (registration.stored().isCreditable()) {
                pending.add(registration.stored().object());
                creditable.put(registration.stored().object(), registration.stored());
            }
        }

        int credited = 0;
        if (!pending.isEmpty()) {
            List<ObjectId> restored = new ArrayList<>();
            Map<ObjectId, ObjectState> states = ledger.statesOf(pending);
            for (ObjectId object : pending) {
                ObjectState state = states.get(object);
                if (state != null && state.isRestored()
                        && creditable.get(object).countsRestoreCompletedAt(state.restoredAt())) {
                    restored.add(object);
                }
            }
            if (!restored.isEmpty()) {
                credited = ledger.credit(job, restored, clock.instant());
            }
        }
        LOG.info("Registered chunk {} of job {}: {} entries, {} new objects, {} already restored",
                chunk, job, entries.size(), newObjects, credited);
        return new ChunkRegistration(newObjects, credited);
    }

    /**
     * Writes the chunk's summary unless an earlier attempt did. Returns whether this call wrote it; a
     * replay finds the first attempt's summary, which counted the same objects.
     */
    public boolean summarize(JobId job, ChunkSummary summary) {
        return ledger.recordChunkSummary(job, summary);
    }
}
