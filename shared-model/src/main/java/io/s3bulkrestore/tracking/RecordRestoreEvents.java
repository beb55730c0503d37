package io.s3bulkrestore.tracking;

import io.s3bulkrestore.model.ObjectId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Records one batch of restore events (one SQS batch) on the objects they are about (DESIGN §3): each completed
 * restore becomes the object's restore fact, one write per object, unless the object holds a newer one. Nothing
 * else: whether the object counts as restored for a job is derived from its record, and the jobs' counts follow
 * from the record's change. Replaying a batch (SQS redelivery after a crash at any point) changes nothing.
 * Initiated and Expired events carry nothing the tracking needs (a Completed event says when its copy expires);
 * they are only counted, for a queue that still receives them.
 * <p>
 * A manifest line without a VersionId names "the current version": Batch Operations restores that one, and in a
 * versioned bucket S3's event then carries the version id. So an event about the current version is recorded
 * twice: on that version and on the object without a version, which is where such a line's membership lives. An
 * event about any other version (an older one restored by another job, or by hand) is recorded on that version
 * only: it never counts for a line that means the current one. Which version is current is asked of S3
 * ({@link CurrentVersions}), once per batch for the events that carry a version id; events without one (an
 * unversioned bucket) cost nothing more. S3's version id {@code "null"} is a version like any other: it names the
 * object written before versioning was enabled, and is current in a bucket that never had versioning.
 * <p>
 * An event whose key may have reached us encoded is first settled on one object: the key as written, or its
 * decoded variant when only that one is tracked ({@link TrackedVariantChoice}).
 */
public final class RecordRestoreEvents {

    private static final Logger LOG = LoggerFactory.getLogger(RecordRestoreEvents.class);

    private final RestoreLedger ledger;
    private final CurrentVersions currentVersions;

    public RecordRestoreEvents(RestoreLedger ledger, CurrentVersions currentVersions) {
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.currentVersions = Objects.requireNonNull(currentVersions, "currentVersions");
    }

    /**
     * What one batch did.
     *
     * @param events           events in the batch
     * @param completedObjects distinct objects whose completed restore was recorded (with their versionless twins)
     */
    public record Outcome(int events, int completedObjects) {
    }

    /**
     * Applies the batch. Throws if a write or the question about current versions fails; the whole batch may then be
     * replayed as is.
     */
    public Outcome apply(List<RestoreEvent> events) {
        List<RestoreEvent> completed = events.stream().filter(e -> e.kind() == RestoreEvent.Kind.COMPLETED).toList();
        if (completed.isEmpty()) {
            return new Outcome(events.size(), 0);
        }
        completed = TrackedVariantChoice.settle(completed, ledger);
        Map<ObjectId, RestoreFact> latest = new LinkedHashMap<>();
        for (RestoreEvent event : withCurrentVersionTwins(completed)) {
            latest.merge(event.object(), event.fact(), (a, b) -> b.isNewerThan(a) ? b : a);
        }
        ledger.recordRestores(latest);
        Outcome outcome = new Outcome(events.size(), latest.size());
        LOG.info("Recorded {} completed restores from {} events", outcome.completedObjects(), outcome.events());
        return outcome;
    }

    /**
     * The events, each event about the current version of its object followed by the same event about the object
     * without a version.
     */
    private List<RestoreEvent> withCurrentVersionTwins(List<RestoreEvent> events) {
        Set<ObjectId> versionless = new LinkedHashSet<>();
        for (RestoreEvent event : events) {
            if (event.object().versionId() != null) {
                versionless.add(event.object().withoutVersion());
            }
        }
        if (versionless.isEmpty()) {
            return events;
        }
        Map<ObjectId, Optional<String>> current = currentVersions.currentVersions(versionless);
        List<RestoreEvent> all = new ArrayList<>(events.size() + versionless.size());
        int notCurrent = 0;
        for (RestoreEvent event : events) {
            all.add(event);
            ObjectId object = event.object();
            if (object.versionId() == null) {
                continue;
            }
            ObjectId twin = object.withoutVersion();
            Optional<String> currentVersion = current.get(twin);
            if (currentVersion == null) {
                throw new IllegalStateException("no answer about the current version of " + twin);
            }
            if (currentVersion.equals(Optional.of(object.versionId()))) {
                all.add(event.about(twin));
            } else {
                notCurrent++;
            }
        }
        if (notCurrent > 0) {
            LOG.info("{} restored versions were not their object's current version: recorded on that version only",
                    notCurrent);
        }
        return all;
    }

}
