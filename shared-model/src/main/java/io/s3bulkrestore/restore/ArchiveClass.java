package io.s3bulkrestore.restore;

import java.util.Locale;

/**
 * Where an object's bytes live, as far as restoring is concerned: the storage class, and for
 * Intelligent-Tiering the archive access tier ({@code x-amz-archive-status}).
 */
public enum ArchiveClass {
    /** S3 Glacier Flexible Retrieval (storage class GLACIER). */
    GLACIER,
    DEEP_ARCHIVE,
    /** Intelligent-Tiering, Archive Access tier. */
    INTELLIGENT_TIERING_ARCHIVE_ACCESS,
    /** Intelligent-Tiering, Deep Archive Access tier. */
    INTELLIGENT_TIERING_DEEP_ARCHIVE_ACCESS,
    /** Readable now: STANDARD, STANDARD_IA, GLACIER_IR, Intelligent-Tiering in a frequent tier, ... */
    NOT_ARCHIVED;

    /**
     * @param storageClass  the storage class S3 reports (absent means STANDARD)
     * @param archiveStatus {@code x-amz-archive-status} (ARCHIVE_ACCESS, DEEP_ARCHIVE_ACCESS) or null
     */
    public static ArchiveClass of(String storageClass, String archiveStatus) {
        String storage = storageClass == null ? "STANDARD" : storageClass.toUpperCase(Locale.ROOT);
        return switch (storage) {
            case "GLACIER" -> GLACIER;
            case "DEEP_ARCHIVE" -> DEEP_ARCHIVE;
            case "INTELLIGENT_TIERING" -> {
                String tier = archiveStatus == null ? "" : archiveStatus.toUpperCase(Locale.ROOT);
                yield switch (tier) {
                    case "ARCHIVE_ACCESS" -> INTELLIGENT_TIERING_ARCHIVE_ACCESS;
                    case "DEEP_ARCHIVE_ACCESS" -> INTELLIGENT_TIERING_DEEP_ARCHIVE_ACCESS;
                    default -> NOT_ARCHIVED;
                };
            }
            default -> NOT_ARCHIVED;
        };
    }

    public boolean isIntelligentTiering() {
        return this == INTELLIGENT_TIERING_ARCHIVE_ACCESS || this == INTELLIGENT_TIERING_DEEP_ARCHIVE_ACCESS;
    }

    /** Deep Archive and the Deep Archive Access tier have no Expedited retrieval. */
    public boolean isDeep() {
        return this == DEEP_ARCHIVE || this == INTELLIGENT_TIERING_DEEP_ARCHIVE_ACCESS;
    }
}
