/**
 * An S3 Batch Operations emulator for the local sandbox: S3 Control's job API (CreateJob, DescribeJob,
 * UpdateJobStatus, ListJobs) over HTTP on loopback, running S3InitiateRestoreObject jobs against moto's S3.
 * See {@link io.s3bulkrestore.sandbox.batch.BatchOperationsEmulator} and the module's README.
 */
package io.s3bulkrestore.sandbox.batch;
