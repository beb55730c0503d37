package io.s3bulkrestore.restore;

import io.s3bulkrestore.model.ObjectId;

import java.util.Objects;
import java.util.Optional;

/**
 * What S3 says about one object before we decide whether to restore it.
 *
 * @param id           the object (version)
 * @param storageClass the storage class as S3 spells it ("STANDARD" when S3 omits it)
 * @param archive      the archive it is in, if any
 * @param size         bytes
 * @param restore      the parsed {@code x-amz-restore}, empty when no restore was requested or the copy expired
 */
public record ObjectArchiveState(ObjectId id, String storageClass, ArchiveClass archive, long size,
                                 Optional<RestoreHeader> restore) {

    public ObjectArchiveState {
        Objects.requireNonNull(id, "id");
        storageClass = storageClass == null ? "STANDARD" : storageClass;
        Objects.requireNonNull(archive, "archive");
        restore = restore == null ? Optional.empty() : restore;
    }
}
