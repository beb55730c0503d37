package io.s3bulkrestore.fakes;

import io.s3bulkrestore.ingest.IngestProgress;
import io.s3bulkrestore.model.Job;
import io.s3bulkrestore.model.JobId;
import io.s3bulkrestore.model.JobStatus;
import io.s3bulkrestore.model.ServiceException;
import io.s3bulkrestore.ports.JobStore;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * A job store in memory with the same conditional rules as the DynamoDB one. In DynamoDB the job item and
 * the chunk summaries the ledger writes share the job's partition; here the store can be given the
 * in-memory ledger to read the summaries from, as the real one reads them from that partition.
 */
public final class InMemoryJobStore implements JobStore {

    private final InMemoryRestoreLedger ledger;
    private final Map<JobId, Job> jobs = new LinkedHashMap<>();
    private final Map<String, JobId> idempotencyKeys = new HashMap<>();
    private int writes;

    /** A store whose jobs have no chunk summaries (their totals stay unknown). */
    public InMemoryJobStore() {
        this(null);
    }

    /** A store that reads chunk summaries (total objects, invalid lines) from this ledger. */
    public InMemoryJobStore(InMemoryRestoreLedger ledger) {
        this.ledger = ledger;
    }

    @Override
    public synchronized CreateOutcome create(Job job) {
        if (job.idempotencyKey() != null && idempotencyKeys.containsKey(job.idempotencyKey())) {
            return new CreateOutcome.KeyAlreadyUsed(jobs.get(idempotencyKeys.get(job.idempotencyKey())));
        }
        if (jobs.containsKey(job.id())) {
            throw new IllegalStateException("job id reused: " + job.id());
        }
        jobs.put(job.id(), job);
        if (job.idempotencyKey() != null) {
            idempotencyKeys.put(job.idempotencyKey(), job.id());
        }
        writes++;
        return new CreateOutcome.Created(job);
    }

    @Override
    public synchronized Optional<Job> find(JobId id) {
        return Optional.ofNullable(jobs.get(id)).map(this::withIngestion);
    }

    private Job withIngestion(Job job) {
        if (ledger == null || job.chunkCount() == null) {
            return job;
        }
        IngestProgress progress = IngestProgress.of(job.chunkCount(), ledger.chunkSummaries(job.id()));
        return job.withIngestion(progress.totalObjects(), progress.invalidLines(), progress.invalidLineSamples());
    }

    @Override
    public synchronized JobPage list(Optional<JobStatus> status, Optional<String> pageToken, int limit) {
        List<Job> matching = new ArrayList<>(jobs.values().stream()
                .filter(job -> status.map(s -> s == job.status()).orElse(true))
                .sorted(Comparator.comparing(Job::createdAt).thenComparing(job -> job.id().value()).reversed())
                .toList());
        int start = pageToken.map(InMemoryJobStore::offsetOf).orElse(0);
        int end = Math.min(matching.size(), start + limit);
        return new JobPage(List.copyOf(matching.subList(Math.min(start, end), end)),
                end < matching.size() ? Optional.of(Integer.toString(end)) : Optional.empty());
    }

    private static int offsetOf(String pageToken) {
        try {
            int offset = Integer.parseInt(pageToken);
            if (offset >= 0) {
                return offset;
            }
        } catch (NumberFormatException ignored) {
            // reported below, as the port says
        }
        throw ServiceException.invalid("page_token", "page_token is not one this service issued");
    }

    @Override
    public Job recordSubmitted(JobId id, String batchJobId, int chunkCount) {
        return update(id, job -> {
            if (job.status() != JobStatus.SUBMITTING && !batchJobId.equals(job.batchJobId())) {
                throw new IllegalStateException("job " + id + " is " + job.status());
            }
            return job.status() == JobStatus.SUBMITTING ? job.submitted(batchJobId, chunkCount) : job;
        });
    }

    @Override
    public Job recordFailed(JobId id, String reason) {
        return update(id, job -> job.status().isTerminal() ? job : job.failed(reason));
    }

    @Override
    public Job recordCancelRequested(JobId id) {
        return update(id, Job::cancelRequestedNow);
    }

    /** Puts a job in a given state directly, for tests of later stages. */
    public synchronized void put(Job job) {
        jobs.put(job.id(), job);
    }

    /** How many jobs were created, for asserting that a rejected request wrote nothing. */
    public synchronized int createdCount() {
        return writes;
    }

    private synchronized Job update(JobId id, UnaryOperator<Job> change) {
        Job current = jobs.get(id);
        if (current == null) {
            throw new IllegalStateException("no job " + id);
        }
        Job changed = change.apply(current);
        jobs.put(id, changed);
        return withIngestion(changed);
    }
}
