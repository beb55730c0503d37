package io.s3bulkrestore.ports;

import io.s3bulkrestore.model.ObjectId;
import io.s3bulkrestore.restore.RestoreHeader;

import java.util.Optional;

/** Asks S3 where an object's restore stands (HeadObject's x-amz-restore). */
public interface RestoreStatusChecker {

    /** The parsed header; empty when no restore was requested, the copy expired, or the object is gone. */
    Optional<RestoreHeader> restoreStatus(ObjectId object);
}
