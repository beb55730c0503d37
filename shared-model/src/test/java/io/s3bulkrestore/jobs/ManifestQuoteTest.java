package io.s3bulkrestore.jobs;

import io.s3bulkrestore.fakes.CsvManifestFixture;
import io.s3bulkrestore.fakes.FakeObjectArchiveStates;
import io.s3bulkrestore.fakes.FakeRestoreStatusChecker;
import io.s3bulkrestore.fakes.InMemoryCompletionReports;
import io.s3bulkrestore.fakes.InMemoryJobStore;
import io.s3bulkrestore.fakes.InMemoryManifestStore;
import io.s3bulkrestore.fakes.InMemoryRestoreLedger;
import io.s3bulkrestore.fakes.InMemoryResultsReports;
import io.s3bulkrestore.fakes.MutableClock;
import io.s3bulkrestore.fakes.RecordingBatchOperations;
import io.s3bulkrestore.fakes.RecordingIngestQueue;
import io.s3bulkrestore.fakes.RecordingNotifier;
import io.s3bulkrestore.ingest.IngestTask;
import io.s3bulkrestore.model.ConfirmMode;
import io.s3bulkrestore.model.CreateJobRequest;
import io.s3bulkrestore.model.ErrorCode;
import io.s3bulkrestore.model.Job;
import io.s3bulkrestore.model.JobId;
import io.s3bulkrestore.model.JobStatus;
import io.s3bulkrestore.model.ManifestFormat;
import io.s3bulkrestore.model.ObjectId;
import io.s3bulkrestore.model.Quote;
import io.s3bulkrestore.model.RestoreTier;
import io.s3bulkrestore.model.ServiceException;
import io.s3bulkrestore.model.SourceStorageClass;
import io.s3bulkrestore.model.StorageFamily;
import io.s3bulkrestore.monitor.AwaitConfirmation;
import io.s3bulkrestore.monitor.MonitorJobs;
import io.s3bulkrestore.restore.RetrievalPrices;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A CSV manifest job that asks for a quote ({@code confirm: manual}): one batch job over the user's manifest, created
 * with ConfirmationRequired, counts its lines; the quote's classes and bytes come from HeadObject on its first
 * objects; nothing is registered or restored until it is confirmed; cancel and expiry end it as a source job's.
 */
class ManifestQuoteTest {

    private static final long CHUNK_BYTES = 1 << 20;

    private final MutableClock clock = new MutableClock(Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
    private final InMemoryRestoreLedger ledger = new InMemoryRestoreLedger();
    private final InMemoryJobStore jobs = new InMemoryJobStore(ledger);
    private final InMemoryManifestStore manifests = new InMemoryManifestStore();
    private final RecordingBatchOperations batch = new RecordingBatchOperations();
    private final GroupedBatchOperations grouped = new GroupedBatchOperations(batch);
    private final RecordingIngestQueue queue = new RecordingIngestQueue();
    private final RecordingNotifier notifier = new RecordingNotifier();
    private final InMemoryResultsReports results = new InMemoryResultsReports();
    private final FakeObjectArchiveStates heads = new FakeObjectArchiveStates();
    private final JobPolicy policy = new JobPolicy(Set.of("manifests-1", "archive-1"), 2.0);
    private final SourceJobs sourceJobs = new SourceJobs(jobs, grouped, manifests, queue, policy, clock, CHUNK_BYTES);
    private final AtomicInteger ids = new AtomicInteger();
    private final CreateJob createJob = new CreateJob(jobs, manifests, grouped, queue, CHUNK_BYTES, policy, clock,
            () -> new JobId("job-" + ids.incrementAndGet()),
            new CreateJob.Waiting(sourceJobs, "reports-1", "batch-reports", Duration.ofDays(7)));
    private final ConfirmJob confirmJob = new ConfirmJob(jobs, sourceJobs, clock);
    private final CancelJob cancelJob = new CancelJob(jobs, grouped);
    private final MonitorJobs monitor = new MonitorJobs(jobs, ledger, batch, new InMemoryCompletionReports(),
            new FakeRestoreStatusChecker(), results, notifier, new SubmitJob(jobs, manifests, grouped, queue, CHUNK_BYTES),
            new AwaitConfirmation(jobs, grouped, sourceJobs, manifests, objects -> Map.of(), heads,
                    new QuoteCalculator(RetrievalPrices.documented()), clock, Duration.ofMinutes(2), Duration.ofDays(7),
                    AwaitConfirmation.DEFAULT_SIZE_SAMPLE),
            clock, new MonitorJobs.Settings(10, 30, 100, 30, 50));

    /** A CSV manifest of {@code count} objects, cycling GLACIER (1,000 bytes), DEEP_ARCHIVE (3,000), STANDARD. */
    private List<ObjectId> manifestOf(int count) {
        List<ObjectId> objects = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ObjectId object = ObjectId.of("archive-1", "data/" + i);
            objects.add(object);
            switch (i % 3) {
                case 0 -> heads.object(object, "GLACIER", null, 1_000);
                case 1 -> heads.object(object, "DEEP_ARCHIVE", null, 3_000);
                default -> heads.object(object, "STANDARD", null, 5);
            }
        }
        CsvManifestFixture.put(manifests, "manifests-1", "m.csv", objects);
        return objects;
    }

    private static CreateJobRequest request(ConfirmMode confirm) {
        return new CreateJobRequest("manifests-1", "m.csv", RestoreTier.BULK, 3, StorageFamily.GLACIER,
                ManifestFormat.CSV, "team-a", null, confirm);
    }

    private Job job(Job job) {
        return jobs.find(job.id()).orElseThrow();
    }

    private Map<SourceStorageClass, Long> perClass(Quote quote) {
        return quote.byStorageClass().stream().collect(Collectors.toMap(Quote.ClassQuote::storageClass,
                Quote.ClassQuote::objects));
    }

    @Test
    void shouldCountTheLinesQuoteFromTheFirstObjectsThenRegisterAndStartOnlyOnceConfirmed() {
        // Given a manifest of 300 objects and a job that asks for a quote
        manifestOf(300);
        Job job = createJob.create(request(ConfirmMode.MANUAL), Optional.empty()).job();

        // Then it waits, its one batch job created waiting for confirmation, nothing registered
        assertThat(job.status()).isEqualTo(JobStatus.AWAITING_CONFIRMATION);
        assertThat(job.manifest().uri()).isEqualTo("s3://manifests-1/m.csv");
        assertThat(batch.createRequests()).singleElement()
                .satisfies(created -> assertThat(created.request().confirm()).isEqualTo(ConfirmMode.MANUAL));
        assertThat(job(job).batchJobId()).isEqualTo("batch-1");
        assertThat(queue.sent()).isEmpty();
        monitor.tick();
        assertThat(job(job).quote()).as("not counted yet").isNull();

        // When Batch Operations has counted the lines
        batch.listed("batch-1", 300, null);
        monitor.tick();

        // Then the count is exact, classes and bytes estimated from the first 100 objects, and it still waits
        Quote quote = job(job).quote();
        assertThat(job(job).status()).isEqualTo(JobStatus.AWAITING_CONFIRMATION);
        assertThat(quote.objects()).isEqualTo(300);
        assertThat(quote.bytesExact()).isFalse();
        assertThat(quote.bytesMethod()).startsWith("estimated").contains("first 100").contains("300 manifest lines")
                .contains("33 not archived");
        // the first 100 objects: 34 GLACIER, 33 DEEP_ARCHIVE, 33 STANDARD, scaled to 300 (the STANDARD share in none)
        assertThat(perClass(quote)).containsExactlyInAnyOrderEntriesOf(Map.of(SourceStorageClass.GLACIER, 102L,
                SourceStorageClass.DEEP_ARCHIVE, 99L));
        assertThat(quote.bytes()).isEqualTo(102 * 1_000 + 99 * 3_000);
        assertThat(quote.batchOperationsUsd()).isEqualByComparingTo("0.2503"); // one batch job, 300 objects
        assertThat(heads.asked()).hasSize(100);
        assertThat(queue.sent()).isEmpty();
        assertThat(batch.confirmRequests()).isEmpty();

        // When it is confirmed
        clock.advance(Duration.ofHours(1));
        Job started = confirmJob.confirm(job.id().value());

        // Then its batch job runs and its manifest is registered as any manifest job's, deadline from the confirm
        assertThat(started.status()).isEqualTo(JobStatus.RESTORING);
        assertThat(batch.confirmRequests()).containsExactly("batch-1");
        assertThat(queue.sent()).singleElement().isInstanceOf(IngestTask.CsvChunk.class);
        assertThat(started.chunkCount()).isEqualTo(1);
        assertThat(started.deadline()).isEqualTo(policy.deadlineFor(started.request(), clock.instant()));
        assertThat(confirmJob.confirm(job.id().value()).status()).as("confirming again").isEqualTo(JobStatus.RESTORING);
        assertThat(batch.confirmRequests()).hasSize(1);
    }

    @Test
    void shouldQuoteASmallManifestExactly() {
        manifestOf(9);
        Job job = createJob.create(request(ConfirmMode.MANUAL), Optional.empty()).job();
        batch.listed("batch-1", 9, null);

        monitor.tick();

        Quote quote = job(job).quote();
        assertThat(quote.objects()).isEqualTo(9);
        assertThat(quote.bytesExact()).isTrue();
        assertThat(quote.bytes()).isEqualTo(3 * 1_000 + 3 * 3_000);
        assertThat(quote.bytesMethod()).startsWith("exact").contains("3 not archived");
        assertThat(perClass(quote)).containsExactlyInAnyOrderEntriesOf(Map.of(SourceStorageClass.GLACIER, 3L,
                SourceStorageClass.DEEP_ARCHIVE, 3L));
    }

    @Test
    void shouldRefuseAConfirmBeforeTheLinesAreCounted() {
        manifestOf(3);
        Job job = createJob.create(request(ConfirmMode.MANUAL), Optional.empty()).job();

        assertThatThrownBy(() -> confirmJob.confirm(job.id().value()))
                .isInstanceOfSatisfying(ServiceException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_STATE))
                .hasMessageContaining("no quote yet");
        assertThat(queue.sent()).isEmpty();
    }

    @Test
    void shouldEndCancelledWithNothingRegisteredOrRestoredWhenCancelledBeforeConfirming() {
        manifestOf(3);
        Job job = createJob.create(request(ConfirmMode.MANUAL), Optional.empty()).job();
        batch.listed("batch-1", 3, null);
        monitor.tick();

        cancelJob.cancel(job.id().value());
        monitor.tick();
        monitor.tick();

        assertThat(job(job).status()).isEqualTo(JobStatus.CANCELLED);
        assertThat(job(job).failureReason()).contains("before it was confirmed");
        assertThat(batch.cancelRequests()).contains("batch-1");
        assertThat(batch.confirmRequests()).isEmpty();
        assertThat(queue.sent()).isEmpty();
        assertThat(notifier.statuses()).containsExactly("Cancelled");
        assertThat(results.report(job.id())).isEmpty();
    }

    @Test
    void shouldCancelAQuoteLeftUnconfirmedPastItsExpiry() {
        manifestOf(3);
        Job job = createJob.create(request(ConfirmMode.MANUAL), Optional.empty()).job();
        batch.listed("batch-1", 3, null);
        monitor.tick();

        clock.advance(Duration.ofDays(7).plusMinutes(1));
        monitor.tick();
        monitor.tick();

        assertThat(job(job).status()).isEqualTo(JobStatus.CANCELLED);
        assertThat(job(job).failureReason()).contains("the quote expired unconfirmed after 7 days");
        assertThat(batch.cancelRequests()).containsExactly("batch-1");
        assertThat(queue.sent()).isEmpty();
    }

    @Test
    void shouldStillStartAManifestJobAtOnceByDefault() {
        manifestOf(3);

        Job job = createJob.create(request(ConfirmMode.AUTO), Optional.empty()).job();

        assertThat(job.status()).isEqualTo(JobStatus.RESTORING);
        assertThat(job.quote()).isNull();
        assertThat(queue.sent()).hasSize(1);
        assertThatThrownBy(() -> confirmJob.confirm(job.id().value())).hasMessageContaining("does not wait");
    }
}
