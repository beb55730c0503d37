package io.s3bulkrestore.copy;

import io.s3bulkrestore.restore.ArchiveClass;
import io.s3bulkrestore.restore.RestoreHeader;

import java.util.Optional;

/**
 * Whether a source object can be read (and so copied) now, from what HeadObject says of it: its archive class and
 * its {@code x-amz-restore} header. An archived object is readable only while a restored copy exists
 * ({@code ongoing-request="false"}); once that copy expires S3 drops the header and answers a copy with
 * {@code ObjectNotInActiveTierError}. An Intelligent-Tiering object that HeadObject still shows in an archive access
 * tier has not (or no longer) been moved back to a readable tier.
 */
public enum SourceReadability {
    READABLE,
    /** A restore is running again (someone asked after the copy expired): readable later. */
    RESTORE_IN_PROGRESS,
    /** Archived, no restored copy: it expired (or was never made). */
    NOT_RESTORED;

    public static SourceReadability of(ArchiveClass archiveClass, Optional<RestoreHeader> restore) {
        if (archiveClass == ArchiveClass.NOT_ARCHIVED) {
            return READABLE;
        }
        if (restore.isEmpty()) {
            return NOT_RESTORED;
        }
        if (restore.get().ongoing()) {
            return RESTORE_IN_PROGRESS;
        }
        // Intelligent-Tiering: a finished restore moves the object out of the archive tier, so HeadObject no longer
        // reports one; still reported in one means it is not readable, whatever the header says.
        return archiveClass.isIntelligentTiering() ? NOT_RESTORED : READABLE;
    }
}
