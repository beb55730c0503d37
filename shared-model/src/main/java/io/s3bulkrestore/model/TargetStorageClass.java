package io.s3bulkrestore.model;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The storage classes a copy may be written in: every class of a general purpose bucket that a CopyObject or
 * CreateMultipartUpload accepts. REDUCED_REDUNDANCY (not recommended by AWS), EXPRESS_ONEZONE (directory buckets)
 * and OUTPOSTS are left out on purpose. The names are S3's {@code x-amz-storage-class} values.
 */
public enum TargetStorageClass {
    STANDARD,
    STANDARD_IA,
    ONEZONE_IA,
    INTELLIGENT_TIERING,
    GLACIER_IR,
    GLACIER,
    DEEP_ARCHIVE;

    /** Empty for a name that is not one of these (case-insensitive). */
    public static Optional<TargetStorageClass> parse(String name) {
        if (name == null) {
            return Optional.empty();
        }
        String wanted = name.trim().toUpperCase(Locale.ROOT);
        return Arrays.stream(values()).filter(c -> c.name().equals(wanted)).findFirst();
    }

    /** GLACIER or DEEP_ARCHIVE: a copy in it must itself be restored before it can be read. */
    public boolean isArchive() {
        return this == GLACIER || this == DEEP_ARCHIVE;
    }

    /** "STANDARD, STANDARD_IA, ...": for a validation message. */
    public static String allowed() {
        return Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", "));
    }
}
