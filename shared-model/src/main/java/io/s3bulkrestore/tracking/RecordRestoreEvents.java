package io.s3bulkrestore.tracking;

import io.s3bulkrestore.model.JobId;
import io.s3bulkrestore.model.ObjectId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The event side of the crediting handshake (DESIGN §3), for one batch of events (one SQS batch):
 * <ol>
 *   <li>record every event as a fact about its object (all of them, before anything else);</li>
 *   <li>read the memberships of the objects whose restore completed, strongly consistently;</li>
 *   <li>credit the pending ones (and failed ones: a completed restore wins), one credit call per job for the whole batch, so a job's counter is
 *       written once per transaction, never once per event.</li>
 * </ol>
 * Because the fact is written before the memberships are read, and registration writes the membership
 * before it reads the fact, at least one side sees the other; the conditional credit makes the second
 * one a no-op. Replaying a batch (SQS redelivery after a crash at any point) is safe.
 * <p>
 * A manifest line without a VersionId names "the current version": Batch Operations restores that one, and
 * in a versioned bucket S3's event then carries the version id. So an event about a version is applied twice:
 * to that version and to the object without a version, which is where such a line's membership and facts
 * live. A versionless membership is therefore credited when any version of its key is restored (normally
 * the current one, the one Batch Operations restored).
 * <p>
 * An event whose key may have reached us encoded is first settled on one object: the key as written, or its
 * decoded variant when only that one is tracked ({@link TrackedVariantChoice}).
 */
public final class RecordRestoreEvents {

    private static final Logger LOG = LoggerFactory.getLogger(RecordRestoreEvents.class);

    private final RestoreLedger ledger;
    private final Clock clock;

    public RecordRestoreEvents(RestoreLedger ledger, Clock clock) {
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * What one batch did.
     *
     * @param events          events applied as facts
     * @param completedObjects distinct objects whose restore completed
     * @param creditedByJob   memberships this call credited, per job (jobs it credited nothing in are absent)
     */
    public record Outcome(int events, int completedObjects, Map<JobId, Integer> creditedByJob) {

        public Outcome {
            creditedByJob = Collections.unmodifiableMap(new LinkedHashMap<>(creditedByJob));
        }

        public int credited() {
            return creditedByJob.values().stream().mapToInt(Integer::intValue).sum();
        }
    }

    /** Applies the batch. Throws if a step fails; the whole batch may then be replayed as is. */
    public Outcome apply(List<RestoreEvent> events) {
        if (events.isEmpty()) {
            return new Outcome(0, 0, Map.of());
        }
        events = TrackedVariantChoice.settle(events, ledger);
        List<RestoreEvent> facts = withVersionlessTwins(events);
        ledger.recordFacts(facts);

        Map<ObjectId, Instant> completed = new LinkedHashMap<>(); // the latest completion of each object
        for (RestoreEvent event : facts) {
            if (event.kind() == RestoreEvent.Kind.COMPLETED) {
                completed.merge(event.object(), event.eventTime(), (a, b) -> a.isAfter(b) ? a : b);
            }
        }
        if (completed.isEmpty()) {
            return new Outcome(events.size(), 0, Map.of());
        }
        long completedObjects = events.stream()
                .filter(event -> event.kind() == RestoreEvent.Kind.COMPLETED).map(RestoreEvent::object).distinct().count();

        // Sorted by job so that concurrent batches touch jobs in the same order.
        Map<JobId, List<ObjectId>> pendingByJob = new TreeMap<>(Comparator.comparing(JobId::value));
        for (List<Membership> memberships : ledger.membershipsOf(completed.keySet()).values()) {
            for (Membership membership : memberships) {
                if (membership.isCreditable() && membership.countsRestoreCompletedAt(completed.get(membership.object()))) {
                    pendingByJob.computeIfAbsent(membership.job(), job -> new ArrayList<>()).add(membership.object());
                }
            }
        }

        Map<JobId, Integer> credited = new LinkedHashMap<>();
        for (Map.Entry<JobId, List<ObjectId>> job : pendingByJob.entrySet()) {
            int count = ledger.credit(job.getKey(), job.getValue(), clock.instant());
            if (count > 0) {
                credited.put(job.getKey(), count);
            }
        }
        Outcome outcome = new Outcome(events.size(), (int) completedObjects, credited);
        LOG.info("Applied {} restore events: {} objects completed, {} memberships credited in {} jobs",
                outcome.events(), outcome.completedObjects(), outcome.credited(), credited.size());
        return outcome;
    }

    /** The events, each event about a version followed by the same event about the object without a version. */
    static List<RestoreEvent> withVersionlessTwins(List<RestoreEvent> events) {
        List<RestoreEvent> all = new ArrayList<>(events.size());
        for (RestoreEvent event : events) {
            all.add(event);
            ObjectId object = event.object();
            if (object.versionId() != null) {
                all.add(new RestoreEvent(event.kind(), ObjectId.of(object.bucket(), object.key()), event.eventTime()));
            }
        }
        return all;
    }
}
