package io.s3bulkrestore.simulation;

import io.s3bulkrestore.ingest.IngestTask;
import io.s3bulkrestore.model.Job;
import io.s3bulkrestore.model.JobId;
import io.s3bulkrestore.model.ManifestColumns;
import io.s3bulkrestore.ports.BatchJobState;
import io.s3bulkrestore.ports.BatchOperations;
import io.s3bulkrestore.ingest.IngestQueue;
import io.s3bulkrestore.monitor.Notifier;
import io.s3bulkrestore.ports.RestoreEventRouting;
import io.s3bulkrestore.ports.ResultsReports;

import java.util.Optional;

/**
 * The small ports whose calls change the world outside the job store and the ledger (SNS, the report
 * bucket, SQS, Batch Operations, bucket notification configuration), wrapped so that each call may kill
 * the running function before or after it happened.
 */
final class CrashingOutputs {

    private CrashingOutputs() {
    }

    static Notifier notifier(Notifier delegate, FaultPlan plan) {
        return notification -> plan.write("sns.publish(" + notification.notificationId() + ")",
                () -> delegate.publish(notification));
    }

    static IngestQueue ingestQueue(IngestQueue delegate, FaultPlan plan) {
        return tasks -> plan.write("sqs.enqueue(" + tasks.size() + " chunks of "
                + tasks.stream().map(IngestTask::job).distinct().toList() + ")", () -> delegate.enqueue(tasks));
    }

    static RestoreEventRouting routing(RestoreEventRouting delegate, FaultPlan plan) {
        return bucket -> plan.write("s3.ensureRouted(" + bucket + ")", () -> delegate.ensureRouted(bucket));
    }

    static ResultsReports results(ResultsReports delegate, FaultPlan plan) {
        return new ResultsReports() {
            @Override
            public String start(JobId job) {
                return plan.write("report.start(" + job + ")", () -> delegate.start(job));
            }

            @Override
            public void writePart(JobId job, String uploadId, int partNumber, byte[] bytes) {
                plan.write("report.writePart(" + job + ", " + partNumber + ")",
                        () -> delegate.writePart(job, uploadId, partNumber, bytes));
            }

            @Override
            public String complete(JobId job, String uploadId) {
                return plan.write("report.complete(" + job + ")", () -> delegate.complete(job, uploadId));
            }

            @Override
            public void abort(JobId job, String uploadId) {
                plan.write("report.abort(" + job + ")", () -> delegate.abort(job, uploadId));
            }
        };
    }

    static BatchOperations batch(BatchOperations delegate, FaultPlan plan) {
        return new BatchOperations() {
            @Override
            public String createRestoreJob(Job job, Optional<ManifestColumns> csvColumns) {
                return plan.write("batch.createRestoreJob(" + job.id() + ")",
                        () -> delegate.createRestoreJob(job, csvColumns));
            }

            @Override
            public String createSourceJob(Job job, io.s3bulkrestore.model.SourceStorageClass storageClass) {
                return plan.write("batch.createSourceJob(" + job.id() + ", " + storageClass + ")",
                        () -> delegate.createSourceJob(job, storageClass));
            }

            @Override
            public String createFollowUpJob(Job job, io.s3bulkrestore.model.ManifestLocation manifest) {
                return plan.write("batch.createFollowUpJob(" + job.id() + ")",
                        () -> delegate.createFollowUpJob(job, manifest));
            }

            @Override
            public void confirm(String batchJobId) {
                plan.write("batch.confirm(" + batchJobId + ")", () -> {
                    delegate.confirm(batchJobId);
                    return null;
                });
            }

            @Override
            public BatchJobState describe(String batchJobId) {
                return plan.read("batch.describe", () -> delegate.describe(batchJobId));
            }

            @Override
            public CancelOutcome cancel(String batchJobId) {
                return plan.write("batch.cancel(" + batchJobId + ")", () -> delegate.cancel(batchJobId));
            }
        };
    }
}
