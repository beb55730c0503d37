package io.s3bulkrestore.jobs;

import io.s3bulkrestore.fakes.InMemoryJobStore;
import io.s3bulkrestore.fakes.RecordingBatchOperations;
import io.s3bulkrestore.model.CreateJobRequest;
import io.s3bulkrestore.model.ErrorCode;
import io.s3bulkrestore.model.Job;
import io.s3bulkrestore.model.JobId;
import io.s3bulkrestore.model.ManifestFormat;
import io.s3bulkrestore.model.ManifestLocation;
import io.s3bulkrestore.model.RestoreTier;
import io.s3bulkrestore.model.ServiceException;
import io.s3bulkrestore.model.StorageFamily;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CancelJobTest {

    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
    private final InMemoryJobStore jobs = new InMemoryJobStore();
    private final RecordingBatchOperations batch = new RecordingBatchOperations();
    private final CancelJob cancelJob = new CancelJob(jobs, batch);

    private Job restoringJob(String id) {
        var request = new CreateJobRequest("manifests-1", "m.csv", RestoreTier.STANDARD, 1, StorageFamily.GLACIER,
                ManifestFormat.CSV, null);
        Job job = Job.submitting(new JobId(id), request, new ManifestLocation("manifests-1", "m.csv", "\"e\"", 1),
                NOW, NOW.plusSeconds(3600), null);
        jobs.create(job);
        String batchId = batch.createRestoreJob(job, java.util.Optional.empty());
        return jobs.recordSubmitted(job.id(), batchId, 1);
    }

    @Test
    void shouldCancelTheBatchJobAndRememberTheRequest() {
        Job job = restoringJob("job-1");

        Job cancelled = cancelJob.cancel("job-1");

        assertThat(cancelled.cancelRequested()).isTrue();
        assertThat(batch.cancelRequests()).containsExactly(job.batchJobId());
    }

    @Test
    void shouldRefuseToCancelAFinishedJob() {
        Job job = restoringJob("job-1");
        jobs.recordFailed(job.id(), "boom");

        assertThatThrownBy(() -> cancelJob.cancel("job-1")).isInstanceOfSatisfying(ServiceException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_STATE));
        assertThat(batch.cancelRequests()).isEmpty();
    }

    @Test
    void shouldSayWhenTheBatchJobHadAlreadyInitiatedEverything() {
        Job job = restoringJob("job-1");
        batch.setStatus(job.batchJobId(), "Complete");

        assertThatThrownBy(() -> cancelJob.cancel("job-1")).isInstanceOfSatisfying(ServiceException.class,
                e -> assertThat(e.getMessage()).contains("nothing left to cancel"));
        assertThat(jobs.find(job.id()).orElseThrow().cancelRequested()).isFalse();
    }

    @Test
    void shouldAnswerNotFoundForUnknownOrMalformedIds() {
        for (String id : new String[] {"no-such-job", "../etc", ""}) {
            assertThatThrownBy(() -> cancelJob.cancel(id)).isInstanceOfSatisfying(ServiceException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
        }
    }
}
