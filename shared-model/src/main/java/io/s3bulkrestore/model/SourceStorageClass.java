package io.s3bulkrestore.model;

import java.util.Locale;
import java.util.Optional;

/**
 * The archive storage classes a source job can select with Batch Operations' manifest generator
 * ({@code MatchAnyStorageClass}). Each becomes its own Batch Operations job: Glacier classes restore for a number
 * of days, Intelligent-Tiering refuses one, and one job per class gives an exact object count per class for the
 * quote. Intelligent-Tiering is one storage class whatever its access tier; objects of it that are not in an
 * archive tier are answered {@code ObjectAlreadyInActiveTierError} and counted as not archived.
 */
public enum SourceStorageClass {
    /** S3 Glacier Flexible Retrieval. */
    GLACIER,
    DEEP_ARCHIVE,
    INTELLIGENT_TIERING;

    public boolean takesExpirationDays() {
        return this != INTELLIGENT_TIERING;
    }

    public static Optional<SourceStorageClass> parse(String name) {
        for (SourceStorageClass value : values()) {
            if (value.name().equals(name)) {
                return Optional.of(value);
            }
        }
        return Optional.empty();
    }

    /** The lower-case word used in client request tokens and report prefixes. */
    public String slug() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
