package io.s3bulkrestore.fakes;

import io.s3bulkrestore.ingest.IngestProgress;
import io.s3bulkrestore.model.Job;
import io.s3bulkrestore.model.ManifestLocation;
import io.s3bulkrestore.model.Quote;
import io.s3bulkrestore.model.JobId;
import io.s3bulkrestore.model.JobStatus;
import io.s3bulkrestore.model.ServiceException;
import io.s3bulkrestore.monitor.ActiveJob;
import io.s3bulkrestore.monitor.MonitorState;
import io.s3bulkrestore.monitor.Notice;
import io.s3bulkrestore.monitor.PendingNotification;
import io.s3bulkrestore.monitor.ReportProgress;
import io.s3bulkrestore.monitor.ReportTally;
import io.s3bulkrestore.ports.BatchJobState;
import io.s3bulkrestore.ports.JobStore;
import io.s3bulkrestore.monitor.MonitoredJobStore;

import java.time.Instant;

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
public final class InMemoryJobStore implements MonitoredJobStore {

    private final InMemoryRestoreLedger ledger;
    private final Map<JobId, Job> jobs = new LinkedHashMap<>();
    private final Map<String, JobId> idempotencyKeys = new HashMap<>();
    private final Map<JobId, MonitorState> monitorStates = new HashMap<>();
    private final java.util.Set<JobId> inactive = new java.util.HashSet<>();
    private final Map<JobId, Instant> expiresAt = new HashMap<>();
    private final Map<JobId, ReportTally> finalCounts = new HashMap<>();
    private Optional<JobId> monitorCursor = Optional.empty();
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
        ReportTally frozen = finalCounts.get(job.id());
        if (frozen != null) { // finished: the counts of its report, whatever completes later
            return new Job(job.id(), job.status(), job.request(), job.manifest(), job.createdAt(), job.deadline(),
                    job.idempotencyKey(), job.batchJobId(), job.batchStatus(), job.failureReason(),
                    job.cancelRequested(), frozen.total(), frozen.counts(), job.reportUri(), job.chunkCount(),
                    job.invalidLines(), job.invalidLineSamples(), job.quote(), job.confirmRequested());
        }
        if (ledger == null || job.chunkCount() == null) {
            return job;
        }
        job = new Job(job.id(), job.status(), job.request(), job.manifest(), job.createdAt(), job.deadline(),
                job.idempotencyKey(), job.batchJobId(), job.batchStatus(), job.failureReason(), job.cancelRequested(),
                job.totalObjects(), ledger.countsOf(job.id()), job.reportUri(), job.chunkCount(), job.invalidLines(),
                job.invalidLineSamples(), job.quote(), job.confirmRequested());
        IngestProgress progress = IngestProgress.of(job.chunkCount(), ledger.chunkSummaries(job.id()));
        return job.withIngestion(progress.totalObjects(), progress.invalidLines(), progress.invalidLineSamples());
    }

    @Override
    public synchronized JobPage list(Optional<JobStatus> status, Optional<String> pageToken, int limit) {
        List<Job> matching = new ArrayList<>(jobs.values().stream()
                .filter(job -> status.map(s -> s == job.status()).orElse(true))
                .sorted(Comparator.comparing(Job::createdAt).thenComparing(job -> job.id().value()).reversed())
                .map(this::withIngestion)
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
    public synchronized Job recordSourceJobs(JobId id, String batchJobIds) {
        return update(id, job -> {
            if (job.status() != JobStatus.AWAITING_CONFIRMATION) {
                return job;
            }
            if (job.batchJobId() != null && !job.batchJobId().equals(batchJobIds)) {
                throw new IllegalStateException("job " + id + " counts with " + job.batchJobId());
            }
            return job.withBatchJobs(batchJobIds);
        });
    }

    @Override
    public synchronized Job recordQuote(JobId id, Quote quote, ManifestLocation listed) {
        return update(id, job -> job.status() == JobStatus.AWAITING_CONFIRMATION && job.quote() == null
                ? job.withQuote(quote, listed) : job);
    }

    @Override
    public synchronized Job recordConfirmRequested(JobId id) {
        boolean ending = monitorState(id).decidedTerminal().isPresent();
        return update(id, job -> job.status() == JobStatus.AWAITING_CONFIRMATION && !ending
                ? job.confirmRequestedNow() : job);
    }

    @Override
    public synchronized Job recordStarted(JobId id, String batchJobIds, int chunkCount, Instant deadline) {
        return update(id, job -> {
            if (job.status() != JobStatus.AWAITING_CONFIRMATION && !batchJobIds.equals(job.batchJobId())) {
                throw new IllegalStateException("job " + id + " is " + job.status());
            }
            return job.status() == JobStatus.AWAITING_CONFIRMATION ? job.started(batchJobIds, chunkCount, deadline)
                    : job;
        });
    }

    @Override
    public synchronized Job recordFailed(JobId id, String reason) {
        return update(id, job -> job.status().isTerminal() ? job : job.failed(reason));
    }

    @Override
    public synchronized void requestFailure(JobId id, String reason) {
        Job job = jobs.get(id);
        MonitorState m = monitorState(id);
        if (job == null || job.status().isTerminal() || m.failureRequested().isPresent()) {
            return;
        }
        monitorStates.put(id, new MonitorState(m.batchFailureReasons(), m.batchFinishedAt(), m.reportRead(),
                m.lastNotifiedStep(), m.decidedTerminal(), m.notifiedTerminal(), m.reconcileToken(),
                m.finallyReconciled(), m.outbox(), m.report(),
                Optional.of(reason), m.completionReportHandled()));
    }

    @Override
    public synchronized List<Long> chunksWithoutSummary(JobId id) {
        Job job = jobs.get(id);
        if (job == null || job.chunkCount() == null || ledger == null) {
            return List.of();
        }
        List<Long> missing = new ArrayList<>();
        for (long chunk = 0; chunk < job.chunkCount(); chunk++) {
            if (ledger.chunkSummary(id, chunk).isEmpty()) {
                missing.add(chunk);
            }
        }
        return missing;
    }

    @Override
    public synchronized Optional<JobId> monitorCursor() {
        return monitorCursor;
    }

    @Override
    public synchronized void recordMonitorCursor(Optional<JobId> lastLookedAt) {
        monitorCursor = lastLookedAt;
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

    @Override
    public synchronized List<ActiveJob> activeJobs(Optional<Job> after, int limit) {
        Comparator<Job> order = Comparator.comparing(Job::createdAt).thenComparing(job -> job.id().value());
        return jobs.values().stream()
                .filter(job -> !inactive.contains(job.id()))
                .filter(job -> after.map(last -> order.compare(job, last) > 0).orElse(true))
                .sorted(Comparator.comparing(Job::createdAt).thenComparing(job -> job.id().value()))
                .limit(limit)
                .map(job -> new ActiveJob(withIngestion(job), monitorState(job.id()), !unrecorded.contains(job.id())))
                .toList();
    }

    /** What the monitor remembers about a job. */
    public synchronized MonitorState monitorState(JobId id) {
        return monitorStates.getOrDefault(id, MonitorState.INITIAL);
    }

    /** The TTL set when the job finished. */
    public synchronized Optional<Instant> expiresAt(JobId id) {
        return Optional.ofNullable(expiresAt.get(id));
    }

    /** A copy of {@code m} with some fields replaced (null: keep). */
    private static MonitorState with(MonitorState m, Integer step, Optional<Notice.Finish> decided,
                                     Optional<JobStatus> notified, Optional<PendingNotification> outbox,
                                     ReportProgress report) {
        return new MonitorState(m.batchFailureReasons(), m.batchFinishedAt(), m.reportRead(),
                step != null ? step : m.lastNotifiedStep(), decided != null ? decided : m.decidedTerminal(),
                notified != null ? notified : m.notifiedTerminal(), m.reconcileToken(), m.finallyReconciled(),
                outbox != null ? outbox : m.outbox(), report != null ? report : m.report(), m.failureRequested(),
                m.completionReportHandled());
    }

    @Override
    public synchronized void recordBatchState(JobId id, BatchJobState state, Instant seenAt) {
        update(id, job -> new Job(job.id(), job.status(), job.request(), job.manifest(), job.createdAt(),
                job.deadline(), job.idempotencyKey(), job.batchJobId(), state.status().awsName(), job.failureReason(),
                job.cancelRequested(), job.totalObjects(), job.counts(), job.reportUri(), job.chunkCount(),
                job.invalidLines(), job.invalidLineSamples(), job.quote(), job.confirmRequested()));
        MonitorState m = monitorState(id);
        monitorStates.put(id, new MonitorState(state.failureReasons(),
                m.batchFinishedAt().isPresent() || !state.isTerminal() ? m.batchFinishedAt() : Optional.of(seenAt),
                m.reportRead(), m.lastNotifiedStep(), m.decidedTerminal(), m.notifiedTerminal(), m.reconcileToken(),
                m.finallyReconciled(), m.outbox(), m.report(),
                m.failureRequested(), m.completionReportHandled()));
    }

    @Override
    public synchronized void recordCompletionReportHandled(JobId id, long handled) {
        MonitorState m = monitorState(id);
        monitorStates.put(id, new MonitorState(m.batchFailureReasons(), m.batchFinishedAt(), m.reportRead(),
                m.lastNotifiedStep(), m.decidedTerminal(), m.notifiedTerminal(), m.reconcileToken(),
                m.finallyReconciled(), m.outbox(), m.report(),
                m.failureRequested(), Math.max(handled, m.completionReportHandled())));
    }

    @Override
    public synchronized boolean recordFollowUpBatchJob(JobId id, String following, String group, long reportPosition) {
        Job job = jobs.get(id);
        if (job == null || !following.equals(job.batchJobId())) {
            return false;
        }
        writes++;
        jobs.put(id, new Job(job.id(), job.status(), job.request(), job.manifest(), job.createdAt(), job.deadline(),
                job.idempotencyKey(), group, null, job.failureReason(), job.cancelRequested(), job.totalObjects(),
                job.counts(), job.reportUri(), job.chunkCount(), job.invalidLines(), job.invalidLineSamples(),
                job.quote(), job.confirmRequested()));
        MonitorState m = monitorState(id);
        monitorStates.put(id, new MonitorState(List.of(), Optional.empty(), m.reportRead(), m.lastNotifiedStep(),
                m.decidedTerminal(), m.notifiedTerminal(), m.reconcileToken(), m.finallyReconciled(), m.outbox(),
                m.report(), m.failureRequested(), reportPosition));
        return true;
    }

    @Override
    public synchronized void recordReportRead(JobId id) {
        MonitorState m = monitorState(id);
        monitorStates.put(id, new MonitorState(m.batchFailureReasons(), m.batchFinishedAt(), true,
                m.lastNotifiedStep(), m.decidedTerminal(), m.notifiedTerminal(), m.reconcileToken(),
                m.finallyReconciled(), m.outbox(), m.report(),
                m.failureRequested(), m.completionReportHandled()));
    }

    @Override
    public synchronized void recordReconcilePass(JobId id, Optional<String> nextToken, boolean finallyReconciled) {
        MonitorState m = monitorState(id);
        monitorStates.put(id, new MonitorState(m.batchFailureReasons(), m.batchFinishedAt(), m.reportRead(),
                m.lastNotifiedStep(), m.decidedTerminal(), m.notifiedTerminal(), nextToken,
                m.finallyReconciled() || finallyReconciled, m.outbox(), m.report(), m.failureRequested(), m.completionReportHandled()));
    }

    @Override
    public synchronized Notice.Finish decideTerminal(JobId id, Notice.Finish finish) {
        MonitorState m = monitorState(id);
        if (m.decidedTerminal().isPresent()) {
            return m.decidedTerminal().get();
        }
        monitorStates.put(id, with(m, null, Optional.of(finish), null, null, null));
        return finish;
    }

    @Override
    public synchronized Optional<Notice.Finish> decideWaitingEnding(JobId id, Notice.Finish finish) {
        MonitorState m = monitorState(id);
        if (m.decidedTerminal().isPresent()) {
            return m.decidedTerminal();
        }
        Job job = jobs.get(id);
        if (job.status() != JobStatus.AWAITING_CONFIRMATION || job.confirmRequested()) {
            return Optional.empty();
        }
        monitorStates.put(id, with(m, null, Optional.of(finish), null, null, null));
        return Optional.of(finish);
    }

    @Override
    public synchronized boolean stageNotification(JobId id, PendingNotification notification) {
        MonitorState m = monitorState(id);
        boolean stale = notification.isTerminal() ? m.notifiedTerminal().isPresent()
                : m.lastNotifiedStep() >= notification.step();
        if (m.outbox().isPresent() || stale) {
            return false;
        }
        monitorStates.put(id, with(m, null, null, null, Optional.of(notification), null));
        return true;
    }

    @Override
    public synchronized boolean recordNotificationSent(JobId id, PendingNotification notification) {
        MonitorState m = monitorState(id);
        if (!m.outbox().map(notification::equals).orElse(false)) {
            return false;
        }
        monitorStates.put(id, notification.isTerminal()
                ? with(m, null, null, Optional.of(notification.status()), Optional.empty(), null)
                : with(m, notification.step(), null, null, Optional.empty(), null));
        return true;
    }

    @Override
    public synchronized boolean recordReportProgress(JobId id, ReportProgress from, ReportProgress to) {
        MonitorState m = monitorState(id);
        if (!m.report().uploadId().equals(from.uploadId()) || m.report().nextPart() != from.nextPart()
                || m.report().isComplete()) {
            return false;
        }
        monitorStates.put(id, with(m, null, null, null, null, to));
        return true;
    }

    @Override
    public synchronized void finish(JobId id, JobStatus status, Optional<String> reason, Optional<String> reportUri,
                                    ReportTally counts, Instant expires) {
        if (!jobs.get(id).status().isTerminal()) {
            finalCounts.put(id, counts);
        }
        update(id, job -> job.status().isTerminal() ? job : new Job(job.id(), status, job.request(), job.manifest(),
                job.createdAt(), job.deadline(), job.idempotencyKey(), job.batchJobId(), job.batchStatus(),
                reason.orElse(job.failureReason()), job.cancelRequested(), job.totalObjects(), job.counts(),
                reportUri.orElse(null), job.chunkCount(), job.invalidLines(), job.invalidLineSamples(), job.quote(), job.confirmRequested()));
        expiresAt.putIfAbsent(id, expires);
    }

    @Override
    public synchronized void leaveActive(JobId id) {
        inactive.add(id);
    }

    /** Whether the monitor took the job out of the active index. */
    public synchronized boolean isActive(JobId id) {
        return jobs.containsKey(id) && !inactive.contains(id);
    }

    private final java.util.Set<JobId> unrecorded = new java.util.HashSet<>();

    /** Makes the job one that was running when the stack was upgraded from tracking version 1. */
    public synchronized void markUnrecorded(JobId id) {
        unrecorded.add(id);
    }

    @Override
    public synchronized void forgetChunkSummaries(JobId id) {
        if (ledger != null) {
            ledger.forgetChunkSummaries(id);
        }
    }

    @Override
    public synchronized void recordRecorded(JobId id) {
        unrecorded.remove(id);
    }
}
