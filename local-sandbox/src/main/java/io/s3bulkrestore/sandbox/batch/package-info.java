/**
 * An S3 Batch Operations emulator for the local sandbox: S3 Control's job API (CreateJob, DescribeJob,
 * UpdateJobStatus, ListJobs) over HTTP on loopback, running S3InitiateRestoreObject jobs against moto's S3.
 *
 * <p>A job's objects come from a manifest ({@link io.s3bulkrestore.sandbox.batch.ManifestReader}: CSV or S3
 * Inventory) or from a manifest generator ({@link io.s3bulkrestore.sandbox.batch.ManifestGenerator}: the source
 * bucket listed and filtered, written back as a manifest by
 * {@link io.s3bulkrestore.sandbox.batch.GeneratedManifestWriter}). A job created with ConfirmationRequired waits
 * Suspended, with its task count, until UpdateJobStatus makes it Ready or Cancelled
 * ({@link io.s3bulkrestore.sandbox.batch.BatchJob}). Intelligent-Tiering archive tiers, which moto lacks, are a
 * sandbox tag ({@link io.s3bulkrestore.sandbox.batch.IntelligentTieringTiers}); their restores are answered by
 * {@link io.s3bulkrestore.sandbox.batch.RestoreInitiator} and completed, with the event moto cannot send, through a
 * {@link io.s3bulkrestore.sandbox.batch.TierRestoreListener}. See
 * {@link io.s3bulkrestore.sandbox.batch.BatchOperationsEmulator} and the module's README, which lists what still
 * differs from AWS.
 */
package io.s3bulkrestore.sandbox.batch;
