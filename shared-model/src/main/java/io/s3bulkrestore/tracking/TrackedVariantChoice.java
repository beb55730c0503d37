package io.s3bulkrestore.tracking;

import io.s3bulkrestore.model.ObjectId;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Settles, for each event that offers a {@linkplain RestoreEvent#decodedVariant() decoded variant} of its key,
 * which object it is about: the key exactly as written when a job tracks that object (or when no job tracks
 * either), the decoded variant only when that is the one a job tracks. A key can legitimately contain {@code +}
 * or {@code %}, so decoding first would credit {@code a b.txt} for a restore of {@code a+b.txt}; never decoding
 * would miss the object if a sender did encode the key.
 *
 * <p>An object counts as tracked when it, or the same key without a version, has a membership (a manifest line
 * without a version is tracked versionless, see {@link RecordRestoreEvents}). Events without a variant cost
 * nothing; the others one strongly consistent read of their records per batch. A variant registered after this read
 * is not credited by the event; reconciliation finds it, as it finds any object whose event was missed.
 */
final class TrackedVariantChoice {

    private TrackedVariantChoice() {
    }

    /** The events, each about the object it settles on and none still offering a variant. */
    static List<RestoreEvent> settle(List<RestoreEvent> events, RestoreLedger ledger) {
        Set<ObjectId> candidates = new LinkedHashSet<>();
        for (RestoreEvent event : events) {
            event.variant().ifPresent(variant -> {
                candidates.add(event.object());
                candidates.add(event.object().withoutVersion());
                candidates.add(variant);
                candidates.add(variant.withoutVersion());
            });
        }
        if (candidates.isEmpty()) {
            return events;
        }
        Map<ObjectId, ObjectRecord> records = ledger.records(candidates);
        List<RestoreEvent> settled = new ArrayList<>(events.size());
        for (RestoreEvent event : events) {
            if (event.variant().isEmpty()) {
                settled.add(event);
            } else if (!tracked(event.object(), records) && tracked(event.decodedVariant(), records)) {
                settled.add(event.about(event.decodedVariant()));
            } else {
                settled.add(event.about(event.object()));
            }
        }
        return settled;
    }

    private static boolean tracked(ObjectId object, Map<ObjectId, ObjectRecord> records) {
        return isListed(records.get(object)) || isListed(records.get(object.withoutVersion()));
    }

    private static boolean isListed(ObjectRecord record) {
        return record != null && !record.memberships().isEmpty();
    }

}
