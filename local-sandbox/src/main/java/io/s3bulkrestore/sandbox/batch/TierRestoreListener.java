package io.s3bulkrestore.sandbox.batch;

/**
 * Told when the emulator completes the restore of an Intelligent-Tiering object from an archive tier. moto sends
 * S3's {@code ObjectRestore:Completed} event for the Glacier restores it performs, but it never restores an
 * Intelligent-Tiering object, so whoever runs the emulator delivers that event the way its routing would (the
 * sandbox: {@code io.s3bulkrestore.sandbox.RestoreCompletedDelivery}).
 *
 * <p>Called on the emulator's completer thread, once per completed restore; an exception is logged and dropped.
 */
@FunctionalInterface
public interface TierRestoreListener {

    /** Sends nothing: for an emulator whose restore events nobody reads. */
    TierRestoreListener NONE = completed -> { };

    void restoreCompleted(TierRestoreCompleted completed);
}
