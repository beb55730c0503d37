package io.s3bulkrestore.sandbox.batch;

import io.s3bulkrestore.fakes.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The statuses a ConfirmationRequired job goes through, and what UpdateJobStatus may change in each. */
class BatchJobTest {

    private static final Instant START = Instant.parse("2030-01-01T00:00:00Z");

    private final MutableClock clock = new MutableClock(START);

    private static JobSpec confirmedJob() {
        return new JobSpec("123456789012", "t", true, 10, "arn:aws:iam::123456789012:role/R", null,
                new JobSpec.RestoreOperation("BULK", 1),
                new ManifestGeneratorSpec("arn:aws:s3:::data", "data", null, false, null, GeneratorFilter.none()),
                new JobSpec.ReportSpec(false, null, null, null, "AllTasks"), List.of());
    }

    @Test
    void shouldRefuseReadyUntilTheJobIsSuspended() {
        // Given
        BatchJob job = new BatchJob("job-1", confirmedJob(), clock);

        // Then a New job and a Preparing job have nothing to confirm yet
        assertThatThrownBy(() -> job.confirm(null)).isInstanceOfSatisfying(S3ControlError.class, e -> {
            assertThat(e.httpStatus()).isEqualTo(409);
            assertThat(e.code()).isEqualTo("JobStatusException");
            assertThat(e.getMessage()).isEqualTo("Job job-1 is New; only a Suspended job can be made Ready");
        });
        job.preparing();
        assertThatThrownBy(() -> job.confirm(null)).hasMessageContaining("is Preparing");
    }

    @Test
    void shouldRunOnceConfirmedAndNotBeConfirmedTwice() throws Exception {
        // Given a job waiting in Suspended with its task count
        BatchJob job = new BatchJob("job-1", confirmedJob(), clock);
        job.preparing();
        job.prepared(3);
        CompletableFuture<BatchJob.Confirmation> waiting = CompletableFuture.supplyAsync(() -> await(job));
        awaitStatus(job, BatchJobStatus.Suspended);
        assertThat(job.view().totalTasks()).isEqualTo(3);
        assertThat(job.view().suspendedDate()).isEqualTo(START);

        // When
        BatchJobStatus status = job.confirm("go");

        // Then
        assertThat(status).isEqualTo(BatchJobStatus.Ready);
        assertThat(waiting.get(5, TimeUnit.SECONDS)).isEqualTo(BatchJob.Confirmation.CONFIRMED);
        assertThat(job.view().statusUpdateReason()).isEqualTo("go");
        assertThatThrownBy(() -> job.confirm(null)).hasMessageContaining("is Ready");
    }

    @Test
    void shouldCancelASuspendedJob() throws Exception {
        // Given
        BatchJob job = new BatchJob("job-1", confirmedJob(), clock);
        job.preparing();
        CompletableFuture<BatchJob.Confirmation> waiting = CompletableFuture.supplyAsync(() -> await(job));
        awaitStatus(job, BatchJobStatus.Suspended);

        // When
        BatchJobStatus status = job.requestCancel("not now");

        // Then
        assertThat(status).isEqualTo(BatchJobStatus.Cancelling);
        assertThat(waiting.get(5, TimeUnit.SECONDS)).isEqualTo(BatchJob.Confirmation.CANCELLED);
        assertThatThrownBy(() -> job.confirm(null)).hasMessageContaining("is Cancelling");
    }

    @Test
    void shouldFailAJobLeftSuspendedForMoreThanThirtyDays() throws Exception {
        // Given a job suspended at START
        BatchJob job = new BatchJob("job-1", confirmedJob(), clock);
        job.preparing();
        CompletableFuture<BatchJob.Confirmation> waiting = CompletableFuture.supplyAsync(() -> await(job));
        awaitStatus(job, BatchJobStatus.Suspended);

        // When a day short of the limit nothing happens; at the limit it fails
        clock.set(START.plus(BatchJob.SUSPENSION_LIMIT).minus(Duration.ofDays(1)));
        Thread.sleep(500);
        assertThat(job.status()).isEqualTo(BatchJobStatus.Suspended);
        clock.set(START.plus(BatchJob.SUSPENSION_LIMIT));

        // Then
        assertThat(waiting.get(5, TimeUnit.SECONDS)).isEqualTo(BatchJob.Confirmation.EXPIRED);
        BatchJob.View view = job.view();
        assertThat(view.status()).isEqualTo(BatchJobStatus.Failed);
        assertThat(view.failures()).containsExactly(new BatchJob.Failure(BatchJob.SUSPENSION_EXPIRED,
                "The job was not confirmed within 30 days of being suspended"));
        assertThat(view.terminationDate()).isEqualTo(START.plus(BatchJob.SUSPENSION_LIMIT));
        assertThatThrownBy(() -> job.confirm(null)).hasMessageContaining("is Failed");
    }

    private static BatchJob.Confirmation await(BatchJob job) {
        try {
            return job.awaitConfirmation();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void awaitStatus(BatchJob job, BatchJobStatus status) throws InterruptedException {
        for (int i = 0; i < 100 && job.status() != status; i++) {
            Thread.sleep(20);
        }
        assertThat(job.status()).isEqualTo(status);
    }
}
