package io.s3bulkrestore.simulation;

import io.s3bulkrestore.fakes.InMemoryJobStore;
import io.s3bulkrestore.fakes.InMemoryRestoreLedger;
import io.s3bulkrestore.fakes.InMemoryResultsReports;
import io.s3bulkrestore.fakes.RecordingNotifier;
import io.s3bulkrestore.model.Job;
import io.s3bulkrestore.model.JobId;
import io.s3bulkrestore.model.JobStatus;
import io.s3bulkrestore.model.ObjectId;
import io.s3bulkrestore.monitor.JobNotification;
import io.s3bulkrestore.monitor.ReportRow;
import io.s3bulkrestore.simulation.Scenario.JobPlan;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.ToLongFunction;

/**
 * What must hold for every job of a run, judged against the {@link SimulatedWorld}'s truth. Each violation
 * names its invariant in brackets, so that runs can be grouped by what broke:
 * <ul>
 *   <li>[terminal-on-time] the job reaches a terminal status (GET) and its terminal notification is published
 *       by its deadline + 2 ticks (a tick in which the monitor died does not count);</li>
 *   <li>[one-terminal] one terminal notification id and status, and GET's status never changes once terminal;</li>
 *   <li>[nothing-after-terminal] nothing but re-sends of the terminal notification after it;</li>
 *   <li>[stable-ids] every publication of the terminal notification id carries the same content (a progress
 *       re-send, the same id and step, may carry refreshed counts);</li>
 *   <li>[agree-forever] GET agrees with the terminal notification at every tick after it is terminal;</li>
 *   <li>[report-complete] the report has one row per distinct manifest object and the notification's counts; the
 *       one documented exception is a job that ended INGEST_INCOMPLETE (a chunk in the ingest DLQ, not redriven by
 *       its deadline): its report lists the objects of the chunks that were ingested, and its reason names the
 *       chunks that were not;</li>
 *   <li>[restored-only-if-true] an object reported restored was restored for the job by the terminal moment;</li>
 *   <li>[failed-only-if-true] an object reported failed truly failed for the job (AccessDenied, NoSuchKey) and
 *       is never restored for it;</li>
 *   <li>[failed-counted] an object whose task truly failed (and that was never restored) is reported failed when
 *       the batch job had finished and the manifest was wholly registered;</li>
 *   <li>[restored-counted] an object restored for the job more than {@link #GRACE} before the terminal moment
 *       is reported restored.</li>
 * </ul>
 */
final class Invariants {

    /** How long a restore may have completed before the terminal moment and still be unknown to the job. */
    static final Duration GRACE = Duration.ofMinutes(10);

    record Tracked(JobId id, JobPlan plan) {
    }

    private final SimulatedWorld world;
    private final InMemoryJobStore jobStore;
    private final InMemoryRestoreLedger ledger;
    private final RecordingNotifier notifier;
    private final InMemoryResultsReports results;
    private final Trace trace;
    private final Map<JobId, JobStatus> firstTerminalStatus = new HashMap<>();
    private final Map<JobId, Long> firstTerminalTick = new HashMap<>();
    private final Map<JobId, Long> firstNotifiedTick = new HashMap<>();
    private final Set<String> violations = new LinkedHashSet<>();
    private final Set<JobId> disagreed = new LinkedHashSet<>();

    Invariants(SimulatedWorld world, InMemoryJobStore jobStore, InMemoryRestoreLedger ledger, RecordingNotifier notifier,
               InMemoryResultsReports results, Trace trace) {
        this.world = world;
        this.ledger = ledger;
        this.jobStore = jobStore;
        this.notifier = notifier;
        this.results = results;
        this.trace = trace;
    }

    /** Whether the job is terminal and its terminal notification was published. */
    boolean finished(JobId id) {
        return firstTerminalTick.containsKey(id) && firstNotifiedTick.containsKey(id);
    }

    /** Checked after every tick: what GET shows, against the terminal notification. */
    void observe(long tick, List<Job> jobs) {
        List<JobNotification> published = notifier.published();
        for (Job job : jobs) {
            JobId id = job.id();
            Optional<JobNotification> terminal = terminalNotification(published, id);
            if (terminal.isPresent() && !firstNotifiedTick.containsKey(id)) {
                firstNotifiedTick.put(id, tick);
                trace.add(id + " terminal notification " + describe(terminal.get()));
            }
            if (!job.status().isTerminal()) {
                if (firstTerminalStatus.containsKey(id)) {
                    violations.add("[one-terminal] " + id + " was " + firstTerminalStatus.get(id) + " and is now "
                            + job.status());
                }
                continue;
            }
            JobStatus first = firstTerminalStatus.putIfAbsent(id, job.status());
            if (first == null) {
                firstTerminalTick.put(id, tick);
                trace.add(id + " is " + job.status() + " (GET: " + get(job) + ")");
            } else if (first != job.status()) {
                violations.add("[one-terminal] " + id + " was " + first + " and is now " + job.status());
            }
            if (terminal.isPresent() && !disagreed.contains(id)) {
                String mismatch = disagreement(job, terminal.get());
                if (mismatch != null) {
                    disagreed.add(id);
                    violations.add("[agree-forever] " + id + " at +" + tick + "m GET says " + get(job)
                            + " but the terminal notification said " + describe(terminal.get()) + ": " + mismatch);
                }
            }
        }
    }

    private static String disagreement(Job job, JobNotification n) {
        if (job.status() != n.status()) {
            return "status";
        }
        if (job.counts().restored() != n.restoredObjects()) {
            return "restored";
        }
        if (job.counts().failed() != n.failedObjects()) {
            return "failed";
        }
        if (!job.total().equals(n.totalObjects())) {
            return "total";
        }
        if (!Optional.ofNullable(job.reportUri()).equals(n.reportUri())) {
            return "report uri";
        }
        return null;
    }

    /** Judges the whole run once it ended at {@code lastTick}. */
    List<String> judge(List<Tracked> tracked, ToLongFunction<Job> boundTick, long lastTick) {
        List<JobNotification> published = notifier.published();
        for (Tracked t : tracked) {
            Job job = jobStore.find(t.id()).orElseThrow();
            long bound = boundTick.applyAsLong(job);
            Long terminalAt = firstTerminalTick.get(t.id());
            Long notifiedAt = firstNotifiedTick.get(t.id());
            if (terminalAt == null || notifiedAt == null) {
                if (lastTick >= bound) {
                    violations.add("[terminal-on-time] " + t.id() + " never finished: GET says " + get(job)
                            + ", batch " + world.batchStatusOf(t.id()).orElse("none") + ", chunks "
                            + job.chunkCount() + (notifiedAt == null ? ", no terminal notification" : ""));
                }
                continue;
            }
            if (terminalAt > bound || notifiedAt > bound) {
                violations.add("[terminal-on-time] " + t.id() + " finished at +" + Math.max(terminalAt, notifiedAt)
                        + "m, after its bound +" + bound + "m");
            }
            judgeNotifications(t.id(), published);
            judgeReport(t, job, terminalNotification(published, t.id()).orElseThrow());
        }
        return List.copyOf(violations);
    }

    private void judgeNotifications(JobId id, List<JobNotification> published) {
        List<JobNotification> mine = published.stream().filter(n -> n.jobId().equals(id.value())).toList();
        Set<String> terminalIds = new LinkedHashSet<>();
        Map<String, JobNotification> firstById = new LinkedHashMap<>();
        boolean afterTerminal = false;
        String terminalId = null;
        for (JobNotification n : mine) {
            JobNotification first = firstById.putIfAbsent(n.notificationId(), n);
            // A terminal re-send must repeat the final answer word for word. A progress re-send only has to be the
            // same step: it is built from the job as it is now, so its counts may have moved (consumers dedupe by id).
            boolean stable = first == null || (n.status().isTerminal() ? sameContent(first, n)
                    : first.status() == n.status() && first.notificationId().equals(n.notificationId()));
            if (!stable) {
                violations.add("[stable-ids] " + n.notificationId() + " re-sent as " + describe(n) + ", first sent as "
                        + describe(first));
            }
            if (afterTerminal && !n.notificationId().equals(terminalId)) {
                violations.add("[nothing-after-terminal] " + id + " published " + describe(n) + " after "
                        + terminalId);
            }
            if (n.status().isTerminal()) {
                terminalIds.add(n.notificationId());
                if (!afterTerminal) {
                    afterTerminal = true;
                    terminalId = n.notificationId();
                }
            }
        }
        if (terminalIds.size() > 1) {
            violations.add("[one-terminal] " + id + " published terminal notifications " + terminalIds);
        }
    }

    private void judgeReport(Tracked t, Job job, JobNotification n) {
        JobId id = t.id();
        Set<ObjectId> objects = t.plan().distinctObjects();
        if (n.reason().map(reason -> reason.contains("INGEST_INCOMPLETE")).orElse(false)) {
            List<Long> missing = jobStore.chunksWithoutSummary(id);
            if (missing.isEmpty() || missing.stream().anyMatch(chunk -> !n.reason().get().contains(" " + chunk))) {
                violations.add("[report-complete] " + id + " ended INGEST_INCOMPLETE naming chunks other than "
                        + missing + ": " + n.reason().get());
            }
            Set<ObjectId> ingested = new java.util.LinkedHashSet<>();
            objects.stream().filter(object -> ledger.membership(object, id).isPresent()).forEach(ingested::add);
            objects = ingested;
        }
        Instant at = n.timestamp();
        Instant created = job.createdAt();
        if (!n.totalObjects().equals(Optional.of((long) objects.size()))) {
            violations.add("[report-complete] " + id + " " + n.status().displayName() + " says TotalObjects "
                    + n.totalObjects().map(String::valueOf).orElse("(none)") + ", the manifest has " + objects.size());
        }
        List<ReportRow> rows = results.report(id);
        Map<ObjectId, ReportRow> byObject = new LinkedHashMap<>();
        rows.forEach(row -> byObject.put(row.object(), row));
        long restoredRows = rows.stream().filter(r -> r.kind().isRestored()).count();
        long failedRows = rows.stream().filter(r -> r.outcome().equals("failed")).count();
        if (n.reportUri().isEmpty() || !byObject.keySet().equals(objects) || rows.size() != objects.size()) {
            violations.add("[report-complete] " + id + " report " + n.reportUri().orElse("(none)") + " has "
                    + rows.size() + " rows for " + objects.size() + " manifest objects; rows "
                    + rows.stream().map(r -> Trace.name(r.object()) + " " + r.outcome()).limit(3).toList()
                    + ", manifest " + objects.stream().map(Trace::name).limit(3).toList());
        }
        if (restoredRows != n.restoredObjects() || failedRows != n.failedObjects()) {
            violations.add("[report-complete] " + id + " report has " + restoredRows + " restored / " + failedRows
                    + " failed, the notification " + n.restoredObjects() + " / " + n.failedObjects());
        }
        List<String> wrong = new ArrayList<>();
        for (ObjectId object : objects) {
            ReportRow row = byObject.get(object);
            String outcome = row == null ? "absent" : row.outcome();
            boolean restoredThen = world.restoredFor(created, object, at);
            switch (outcome) {
                case "restored", "already restored" -> {
                    if (!restoredThen) {
                        violations.add("[restored-only-if-true] " + id + " reports " + Trace.name(object)
                                + " restored; it was not restored for the job by " + at + tasks(id, object));
                    }
                }
                case "failed" -> {
                    if (!world.reallyFailed(id, object) || world.restoredFor(created, object, Instant.MAX)) {
                        violations.add("[failed-only-if-true] " + id + " reports " + Trace.name(object)
                                + " failed (" + row.error() + "); restored for the job: "
                                + world.restoredFor(created, object, Instant.MAX) + tasks(id, object));
                    }
                }
                default -> {
                    if (world.restoredFor(created, object, at.minus(GRACE))) {
                        wrong.add(Trace.name(object));
                    }
                    if (world.reallyFailed(id, object) && !world.restoredFor(created, object, Instant.MAX)
                            && batchFinishedBeforeEnd(id) && !n.reason().map(r -> r.contains("INGEST_INCOMPLETE")).orElse(false)) {
                        violations.add("[failed-counted] " + id + " " + n.status().displayName() + " reports "
                                + Trace.name(object) + " " + outcome + " although its task failed for good"
                                + tasks(id, object));
                    }
                }
            }
        }
        if (!wrong.isEmpty()) {
            violations.add("[restored-counted] " + id + " " + n.status().displayName() + " reports " + wrong.size()
                    + " object(s) not restored that were restored for the job more than " + GRACE.toMinutes()
                    + "m before " + at + ", e.g. " + wrong.getFirst());
        }
    }

    /** Whether the job's batch job is in a terminal state now (its completion report was there to read). */
    private boolean batchFinishedBeforeEnd(JobId id) {
        return world.batchStatusOf(id).map(status -> status.equals("Complete") || status.equals("Failed")
                || status.equals("Cancelled")).orElse(false);
    }

    private String tasks(JobId id, ObjectId object) {
        return "; its tasks: " + world.taskOutcomes(id, object).stream()
                .map(o -> o.errorCode().orElse("OK")).toList();
    }

    private static Optional<JobNotification> terminalNotification(List<JobNotification> published, JobId id) {
        return published.stream().filter(n -> n.jobId().equals(id.value()) && n.status().isTerminal()).findFirst();
    }

    private static boolean sameContent(JobNotification a, JobNotification b) {
        return a.status() == b.status() && a.progressPercent() == b.progressPercent()
                && a.failedObjects() == b.failedObjects() && a.restoredObjects() == b.restoredObjects()
                && a.totalObjects().equals(b.totalObjects()) && a.pendingObjects().equals(b.pendingObjects())
                && a.reportUri().equals(b.reportUri()) && Objects.equals(a.reason(), b.reason());
    }

    static String describe(JobNotification n) {
        return n.notificationId() + " {restored " + n.restoredObjects() + ", failed " + n.failedObjects() + ", total "
                + n.totalObjects().map(String::valueOf).orElse("?") + ", pending "
                + n.pendingObjects().map(String::valueOf).orElse("?") + n.reason().map(r -> ", " + r).orElse("") + "}";
    }

    private static String get(Job job) {
        return job.status().displayName() + " {restored " + job.counts().restored() + ", failed "
                + job.counts().failed() + ", total " + job.total().map(String::valueOf).orElse("?") + "}";
    }
}
