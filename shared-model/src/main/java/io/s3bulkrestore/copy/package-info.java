/**
 * Copy-after-restore (issue 17): make a restored object permanent by copying the restored version to a
 * destination bucket, key and storage class. {@link io.s3bulkrestore.copy.ObjectCopier} is the port (one object,
 * idempotent, the source version pinned); {@link io.s3bulkrestore.copy.CopyOutcome} what came of it;
 * {@link io.s3bulkrestore.model.DestinationKeys} where a source key goes; {@link io.s3bulkrestore.copy.SourceReadability}
 * whether an archived source can still be read. Not wired into jobs yet.
 */
package io.s3bulkrestore.copy;
