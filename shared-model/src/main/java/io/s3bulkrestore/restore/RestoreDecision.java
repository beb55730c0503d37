package io.s3bulkrestore.restore;

import io.s3bulkrestore.restore.RestoreAction.Restore;
import io.s3bulkrestore.restore.RestoreAction.Skip;
import io.s3bulkrestore.restore.RestoreAction.SkipReason;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * The decision table of a direct restore, as one pure function.
 *
 * <pre>
 * archive                          x-amz-restore         -> action
 * not archived                     any                   -> skip NOT_ARCHIVED
 * any archive                      ongoing="true"        -> skip IN_PROGRESS
 * Glacier / Deep Archive           ongoing="false"       -> skip ALREADY_RESTORED (with expiry), or
 *                                                           RestoreObject with Days when --extend
 * Deep Archive (class or IT tier)  none, tier EXPEDITED  -> skip REFUSED (no Expedited retrieval there)
 * Glacier / Deep Archive           none                  -> RestoreObject with Days
 * Intelligent-Tiering archive tier none                  -> RestoreObject without Days
 * </pre>
 *
 * An Intelligent-Tiering object in an archive tier is never "restored with an expiry": once restored it
 * leaves the archive tier, so the state read says NOT_ARCHIVED.
 */
public final class RestoreDecision {

    private RestoreDecision() {
    }

    public static RestoreAction decide(ObjectArchiveState state, RetrievalTier tier, int days, boolean extend) {
        if (days < 1) {
            throw new IllegalArgumentException("days must be at least 1, was " + days);
        }
        ArchiveClass archive = state.archive();
        if (archive == ArchiveClass.NOT_ARCHIVED) {
            return new Skip(SkipReason.NOT_ARCHIVED, Optional.empty(),
                    "storage class " + state.storageClass() + " is readable without a restore");
        }
        Optional<RestoreHeader> restore = state.restore();
        if (restore.isPresent() && restore.get().ongoing()) {
            return new Skip(SkipReason.IN_PROGRESS, Optional.empty(), "a restore is already in progress");
        }
        if (archive.isDeep() && tier == RetrievalTier.EXPEDITED) {
            return new Skip(SkipReason.REFUSED, Optional.empty(), "Expedited retrieval is not available for "
                    + (archive == ArchiveClass.DEEP_ARCHIVE ? "S3 Glacier Deep Archive"
                    : "the Intelligent-Tiering Deep Archive Access tier") + "; use --tier STANDARD or BULK");
        }
        boolean restored = restore.isPresent();
        if (archive.isIntelligentTiering()) {
            // IT takes no Days; a finished restore moves the object out of the archive tier.
            return new Restore(tier, OptionalInt.empty(), false);
        }
        if (restored && !extend) {
            return new Skip(SkipReason.ALREADY_RESTORED, restore.get().expiry(),
                    "a restored copy exists" + restore.get().expiry().map(e -> " until " + e).orElse("")
                            + "; use --extend to restore again with a new expiry");
        }
        return new Restore(tier, OptionalInt.of(days), restored);
    }
}
