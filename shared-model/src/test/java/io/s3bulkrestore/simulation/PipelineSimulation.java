package io.s3bulkrestore.simulation;

import io.s3bulkrestore.fakes.InMemoryJobStore;
import io.s3bulkrestore.fakes.InMemoryManifestStore;
import io.s3bulkrestore.fakes.InMemoryRestoreLedger;
import io.s3bulkrestore.fakes.InMemoryResultsReports;
import io.s3bulkrestore.fakes.MutableClock;
import io.s3bulkrestore.fakes.RecordingNotifier;
import io.s3bulkrestore.fakes.RecordingRestoreEventRouting;
import io.s3bulkrestore.ingest.IngestManifestChunk;
import io.s3bulkrestore.ingest.IngestTask;
import io.s3bulkrestore.jobs.CancelJob;
import io.s3bulkrestore.jobs.CreateJob;
import io.s3bulkrestore.jobs.RedriveIngest;
import io.s3bulkrestore.jobs.SubmitJob;
import io.s3bulkrestore.jobs.JobPolicy;
import io.s3bulkrestore.model.CreateJobRequest;
import io.s3bulkrestore.model.Job;
import io.s3bulkrestore.model.JobId;
import io.s3bulkrestore.model.ManifestFormat;
import io.s3bulkrestore.model.RestoreTier;
import io.s3bulkrestore.model.ServiceException;
import io.s3bulkrestore.model.StorageFamily;
import io.s3bulkrestore.monitor.MonitorJobs;
import io.s3bulkrestore.ports.BatchOperations;
import io.s3bulkrestore.ingest.IngestQueue;
import io.s3bulkrestore.monitor.MonitoredJobStore;
import io.s3bulkrestore.ports.RestoreEventRouting;
import io.s3bulkrestore.tally.TallyStore;
import io.s3bulkrestore.tally.ObjectChange;
import io.s3bulkrestore.tally.TallyChanges;
import io.s3bulkrestore.tracking.RecordRestoreEvents;
import io.s3bulkrestore.tracking.RegisterManifestObjects;
import io.s3bulkrestore.tracking.RestoreEvent;
import io.s3bulkrestore.tracking.RestoreLedger;
import io.s3bulkrestore.simulation.FaultPlan.Function;
import io.s3bulkrestore.simulation.Scenario.CancelPhase;
import io.s3bulkrestore.simulation.Scenario.JobPlan;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One seeded run of the whole pipeline: the real use cases ({@link CreateJob}, {@link CancelJob},
 * {@link IngestManifestChunk}, {@link RecordRestoreEvents}, {@link MonitorJobs}) over the in-memory stores,
 * with {@link SimulatedWorld} as S3 and Batch Operations, minute by minute on a {@link MutableClock}. Each
 * minute: S3 completes due restores and the batch jobs run tasks; clients create (and retry) and cancel jobs;
 * the ingest worker takes chunks from an at-least-once queue (redelivery, DLQ after {@link #MAX_RECEIVES});
 * the restore-event function takes SQS batches of due events; the monitor ticks. A function that dies is
 * retried as its trigger would retry it. The run ends {@link #FOREVER_TICKS} minutes after every job is
 * finished, or after the last deadline + 2 ticks has passed; then the {@link Invariants} are judged.
 */
final class PipelineSimulation {

    static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");
    static final Duration TICK = Duration.ofMinutes(1);
    static final long CHUNK_BYTES = 8_200;
    /** The queues' redrive policy (template.yaml MaxReceiveCount): to the DLQ after this many failed receives. */
    static final int MAX_RECEIVES = 5;
    /** Ticks run after the end to check that nothing changes "forever after". */
    static final int FOREVER_TICKS = 15;
    static final int TICK_LIMIT = 2_000;
    static final MonitorJobs.Settings SETTINGS = new MonitorJobs.Settings(10, 30, 25, 30, 50);

    record Result(long seed, Set<FaultKind> enabled, List<String> violations, Trace trace, long ticks, int jobs) {
    }

    /** What one client (the user of one planned job) has done so far. */
    private static final class Client {
        final JobPlan plan;
        JobId id;
        boolean created;
        boolean abandoned;
        int createAttempts;
        boolean cancelDone;
        int cancelAttempts;
        long cancelAt = -1;

        Client(JobPlan plan) {
            this.plan = plan;
        }

        boolean settledCreate() {
            return created || abandoned;
        }
    }

    private static final class Message {
        final IngestTask task;
        int receives;
        long visibleAt;

        Message(IngestTask task, long visibleAt) {
            this.task = task;
            this.visibleAt = visibleAt;
        }
    }

    private record Delivery(RestoreEvent event, long due) {
    }

    private static final class EventBatch {
        final List<RestoreEvent> events;
        int receives;

        EventBatch(List<RestoreEvent> events) {
            this.events = events;
        }
    }

    private final MutableClock clock = new MutableClock(T0);
    private final Trace trace = new Trace(T0, clock::instant);
    private final FaultPlan plan;
    private final Set<FaultKind> enabled;
    private final long seed;

    /** Its changes are tallied by {@link #runTally}, as the tally function reads the table's stream. */
    private final InMemoryRestoreLedger ledger = new InMemoryRestoreLedger(false);
    private final InMemoryJobStore jobStore = new InMemoryJobStore(ledger);
    private final InMemoryManifestStore manifests = new InMemoryManifestStore();
    private final InMemoryResultsReports results = new InMemoryResultsReports();
    private final RecordingNotifier notifier = new RecordingNotifier();
    private final SimulatedWorld world = new SimulatedWorld(clock::instant, TICK);

    private final MonitoredJobStore jobs;
    private final RestoreLedger crashingLedger;
    private final BatchOperations batch;
    private final SubmitJob submitJob;
    private final CreateJob createJob;
    private final CancelJob cancelJob;
    private final IngestManifestChunk ingest;
    private final RecordRestoreEvents recordEvents;
    private MonitorJobs monitor;

    private final List<Message> ingestQueue = new ArrayList<>();
    private final List<Delivery> deliveries = new ArrayList<>();
    private final List<EventBatch> eventBatches = new ArrayList<>();
    private final List<Long> monitorCrashTicks = new ArrayList<>();
    /** How far the tally function has read the stream; the shard it reads. */
    private int streamPosition;
    private int shard;
    /** Whether a stream batch was lost: from then on the counters may lag, never overshoot. */
    private boolean tallyLost;
    private final List<String> tallyViolations = new ArrayList<>();
    private final List<Client> clients = new ArrayList<>();
    private final Scenario scenario;
    /**
     * When the user redrives the poison chunk's job (POST /jobs/{id}/redrive), if they do: the outage that kept
     * failing the chunk is over by then. Unset: nobody looks, and the job ends INGEST_INCOMPLETE at its deadline.
     */
    private long redriveAt = -1;
    private boolean poisonCured;
    private long tick;
    private int nextJobId;

    private PipelineSimulation(long seed, Set<FaultKind> enabled) {
        this.seed = seed;
        this.enabled = Set.copyOf(enabled);
        this.plan = new FaultPlan(seed, enabled, trace);
        this.jobs = new CrashingJobStore(jobStore, plan);
        this.crashingLedger = new CrashingLedger(ledger, plan);
        this.batch = CrashingOutputs.batch(world, plan);
        IngestQueue queue = tasks -> tasks.forEach(task -> ingestQueue.add(new Message(task, tick)));
        RestoreEventRouting routing = CrashingOutputs.routing(new RecordingRestoreEventRouting(), plan);
        Set<String> dataBuckets = Set.of(Scenario.PLAIN_BUCKET, Scenario.VERSIONED_BUCKET);
        this.submitJob = new SubmitJob(jobs, manifests, batch, CrashingOutputs.ingestQueue(queue, plan), CHUNK_BYTES);
        this.createJob = new CreateJob(jobs, manifests, batch, CrashingOutputs.ingestQueue(queue, plan), CHUNK_BYTES,
                new JobPolicy(Set.of(Scenario.MANIFEST_BUCKET), 1.0), clock,
                () -> new JobId("job-" + (++nextJobId)));
        this.cancelJob = new CancelJob(jobs, batch);
        this.ingest = new IngestManifestChunk(jobs, manifests, new RegisterManifestObjects(crashingLedger, clock,
                Duration.ofDays(SETTINGS.retentionDays())), routing, dataBuckets);
        this.recordEvents = new RecordRestoreEvents(crashingLedger, world);
        this.monitor = newMonitor();

        this.scenario = Scenario.generate(plan, world, T0, CHUNK_BYTES);
        for (JobPlan job : scenario.jobs) {
            manifests.put(Scenario.MANIFEST_BUCKET, job.manifestKey(), job.manifestText());
            world.addManifest(job.manifestKey(), job.lines());
            clients.add(new Client(job));
            trace.add("job #" + job.index() + ": " + job.lines().size() + " lines, " + job.distinctObjects().size()
                    + " objects, created at +" + job.createTick() + "m");
        }
        if (!scenario.history.isEmpty()) {
            // an earlier job saw those restores
            new RecordRestoreEvents(ledger, world).apply(scenario.history);
        }
    }

    static Result run(long seed, Set<FaultKind> enabled) {
        return new PipelineSimulation(seed, enabled).run();
    }

    private MonitorJobs newMonitor() {
        return new MonitorJobs(jobs, crashingLedger, batch, world, world, CrashingOutputs.results(results, plan),
                CrashingOutputs.notifier(notifier, plan), submitJob, clock, SETTINGS);
    }

    private Result run() {
        Invariants invariants = new Invariants(world, jobStore, ledger, notifier, results, trace);
        long endAt = -1;
        for (tick = 0; tick < TICK_LIMIT; tick++) {
            if (tick > 0) {
                clock.advance(TICK);
            }
            world.advance(clock.instant(), this::scheduleEvent);
            for (Client client : clients) {
                if (!client.settledCreate() && tick >= client.plan.createTick()) {
                    create(client);
                    cancelIfDue(client, CancelPhase.AT_CREATE);
                }
            }
            runIngest();
            redriveIfDue();
            for (Client client : clients) {
                cancelIfDue(client, null);
            }
            deliverEvents();
            runTally();
            checkTally();
            if (!plan.invoke(Function.MONITOR, "monitor tick", monitor::tick)) {
                monitorCrashTicks.add(tick);
                monitor = newMonitor(); // the container died with the function
            }
            invariants.observe(tick, knownJobs());
            if (endAt < 0 && (allFinished(invariants) || tick > lastBound())) {
                endAt = tick + FOREVER_TICKS;
                trace.add("all jobs finished or past their deadline + 2 ticks; " + FOREVER_TICKS + " more ticks");
            }
            if (tick == endAt) {
                break;
            }
        }
        List<String> violations = new ArrayList<>(tallyViolations);
        violations.addAll(invariants.judge(clients.stream().map(c -> new Invariants.Tracked(c.id,
                c.plan)).filter(t -> t.id() != null).toList(), this::boundTick, tick));
        return new Result(seed, enabled, violations, trace, tick, clients.size());
    }

    private List<Job> knownJobs() {
        List<Job> known = new ArrayList<>();
        for (Client client : clients) {
            findId(client);
            if (client.id != null) {
                jobStore.find(client.id).ifPresent(known::add);
            }
        }
        return known;
    }

    /** The tick by which the job must be terminal: deadline + 2, plus one per tick the monitor died since. */
    private long boundTick(Job job) {
        long deadlineTick = Duration.between(T0, job.deadline()).toMinutes();
        long crashed = monitorCrashTicks.stream().filter(t -> t >= deadlineTick).count();
        return deadlineTick + 2 + crashed;
    }

    private long lastBound() {
        long bound = clients.stream().mapToLong(c -> c.plan.createTick()).max().orElse(0);
        for (Job job : knownJobs()) {
            bound = Math.max(bound, boundTick(job));
        }
        return bound;
    }

    private boolean allFinished(Invariants invariants) {
        for (Client client : clients) {
            if (!client.settledCreate()) {
                return false;
            }
            if (client.id != null && !invariants.finished(client.id)) {
                return false;
            }
        }
        return true;
    }

    private void findId(Client client) {
        if (client.id == null) {
            for (Job job : jobStore.list(Optional.empty(), Optional.empty(), 100).jobs()) {
                if (client.plan.idempotencyKey().equals(job.idempotencyKey())) {
                    client.id = job.id();
                    trace.add("job #" + client.plan.index() + " is " + job.id());
                }
            }
        }
    }

    private void create(Client client) {
        client.createAttempts++;
        JobPlan job = client.plan;
        var request = new CreateJobRequest(Scenario.MANIFEST_BUCKET, job.manifestKey(), RestoreTier.STANDARD, 3,
                StorageFamily.GLACIER, ManifestFormat.CSV, "sim-" + job.index());
        boolean ok = plan.invoke(Function.CREATE, "create job #" + job.index() + " attempt " + client.createAttempts,
                () -> createJob.create(request, Optional.of(job.idempotencyKey())));
        findId(client);
        if (ok) {
            client.created = true;
        } else if (plan.roll(FaultKind.CREATE_ABANDONED, 0.5) || client.createAttempts >= 20) {
            client.abandoned = true;
            trace.add("CREATE_ABANDONED the client of job #" + job.index() + " gives up, leaving "
                    + (client.id == null ? "no job" : client.id + " " + jobStore.find(client.id).orElseThrow().status()));
        }
    }

    /** Cancels when the planned phase has come ({@code now}: the phase of this call site, or null after ingest). */
    private void cancelIfDue(Client client, CancelPhase now) {
        Optional<CancelPhase> planned = client.plan.cancel();
        if (planned.isEmpty() || client.cancelDone || client.createAttempts == 0) {
            return;
        }
        if (client.id == null) {
            if (client.settledCreate()) {
                client.cancelDone = true; // nothing was ever written: nothing to cancel
            }
            return;
        }
        Job job = jobStore.find(client.id).orElseThrow();
        if (job.status().isTerminal()) {
            client.cancelDone = true;
            return;
        }
        boolean due = switch (planned.get()) {
            case AT_CREATE -> now == CancelPhase.AT_CREATE || client.cancelAttempts > 0;
            case DURING_INGEST -> now == null && tick > client.plan.createTick();
            case BATCH_ACTIVE -> now == null && world.batchStatusOf(client.id).map("Active"::equals).orElse(false)
                    && world.tasksRun(client.id) > 0;
            case AFTER_BATCH -> now == null && afterBatchDue(client);
        };
        if (!due) {
            return;
        }
        client.cancelAttempts++;
        try {
            boolean ok = plan.invoke(Function.CREATE, "cancel " + client.id,
                    () -> cancelJob.cancel(client.id.value()));
            if (ok) {
                client.cancelDone = true;
                trace.add("CANCEL of " + client.id + " accepted (" + planned.get() + ", job was " + job.status() + ")");
            }
        } catch (ServiceException refused) {
            trace.add("CANCEL of " + client.id + " refused (" + job.status() + "): " + refused.getMessage());
            if (client.cancelAttempts >= 3) {
                client.cancelDone = true;
            }
        }
    }

    private boolean afterBatchDue(Client client) {
        boolean finished = world.batchStatusOf(client.id).map(s -> !s.equals("Active") && !s.equals("Cancelling"))
                .orElse(false);
        if (finished && client.cancelAt < 0) {
            client.cancelAt = tick + plan.random().nextInt(60);
        }
        return finished && tick >= client.cancelAt;
    }

    private void runIngest() {
        List<Message> visible = new ArrayList<>(ingestQueue.stream().filter(m -> m.visibleAt <= tick).toList());
        if (plan.enabled(FaultKind.INGEST_REDELIVERY)) {
            Collections.shuffle(visible, plan.random());
        }
        int concurrency = 1 + plan.random().nextInt(3);
        for (Message message : visible.subList(0, Math.min(concurrency, visible.size()))) {
            boolean ok = !isPoison(message.task) && plan.invoke(Function.INGEST, message.task.toMessage(),
                    () -> ingest.ingest(message.task));
            if (ok) {
                ingestQueue.remove(message);
                if (plan.roll(FaultKind.INGEST_REDELIVERY, 0.25)) {
                    Message again = new Message(message.task, tick + 1 + plan.random().nextInt(20));
                    ingestQueue.add(again);
                    trace.add("INGEST_REDELIVERY " + message.task.toMessage() + " again at +" + again.visibleAt + "m");
                }
                continue;
            }
            message.receives++;
            message.visibleAt = tick + 1;
            if (message.receives >= MAX_RECEIVES) {
                ingestQueue.remove(message);
                trace.add((isPoison(message.task) ? "INGEST_DLQ " : "") + "ingest chunk to the DLQ after "
                        + message.receives + " receives: " + message.task.toMessage());
                if (isPoison(message.task) && redriveAt < 0 && plan.random().nextBoolean()) {
                    redriveAt = tick + 30 + plan.random().nextInt(240);
                    trace.add("INGEST_DLQ the user will redrive " + message.task.job() + " at +" + redriveAt + "m");
                }
            }
        }
    }

    /** The user's redrive, through the API's use case: the chunks without a summary are queued again. */
    private void redriveIfDue() {
        if (redriveAt < 0 || tick != redriveAt) {
            return;
        }
        poisonCured = true;
        Client client = clients.get(scenario.poisonChunk.orElseThrow()[0]);
        boolean ok = plan.invoke(Function.CREATE, "redrive " + client.id,
                () -> {
                    try {
                        var redriven = new RedriveIngest(jobs, submitJob).redrive(client.id.value());
                        trace.add("INGEST_DLQ redrive of " + client.id + " queued chunks " + redriven.chunks());
                    } catch (ServiceException refused) {
                        trace.add("INGEST_DLQ redrive of " + client.id + " refused: " + refused.getMessage());
                    }
                });
        if (!ok) {
            redriveAt = tick + 1; // the user tries again
        }
    }

    private boolean isPoison(IngestTask task) {
        if (scenario.poisonChunk.isEmpty() || poisonCured) {
            return false;
        }
        Client client = clients.get(scenario.poisonChunk.get()[0]);
        return task.job().equals(client.id) && task.chunkNumber() == scenario.poisonChunk.get()[1];
    }

    private void scheduleEvent(RestoreEvent event) {
        if (plan.roll(FaultKind.LOST_EVENT, 0.08)) {
            trace.add("LOST_EVENT Completed " + Trace.name(event.object()));
            return;
        }
        int copies = plan.roll(FaultKind.DUPLICATE_EVENT, 0.3) ? 2 + plan.random().nextInt(2) : 1;
        for (int c = 0; c < copies; c++) {
            long delay = plan.random().nextInt(3);
            if (plan.roll(FaultKind.LATE_EVENT, 0.1)) {
                delay = 30 + plan.random().nextInt(270);
                trace.add("LATE_EVENT Completed " + Trace.name(event.object()) + " delivered " + delay + "m late");
            }
            deliveries.add(new Delivery(event, tick + delay));
        }
        if (copies > 1) {
            trace.add("DUPLICATE_EVENT Completed " + Trace.name(event.object()) + " x" + copies);
        }
    }

    private void deliverEvents() {
        List<Delivery> due = new ArrayList<>(deliveries.stream().filter(d -> d.due() <= tick)
                .sorted(Comparator.comparingLong(Delivery::due)).toList());
        deliveries.removeAll(due);
        if (plan.enabled(FaultKind.REORDERED_EVENTS)) {
            Collections.shuffle(due, plan.random());
        }
        for (int i = 0; i < due.size(); ) {
            int size = Math.min(due.size() - i, 1 + plan.random().nextInt(10));
            eventBatches.add(new EventBatch(due.subList(i, i + size).stream().map(Delivery::event).toList()));
            i += size;
        }
        for (EventBatch batch : List.copyOf(eventBatches)) {
            if (plan.invoke(Function.CREDITING, "restore events batch of " + batch.events.size(),
                    () -> recordEvents.apply(batch.events))) {
                eventBatches.remove(batch);
            } else if (++batch.receives >= MAX_RECEIVES) {
                eventBatches.remove(batch);
                trace.add("restore events batch to the DLQ: " + batch.events.stream().map(e -> Trace.name(e.object())).toList());
            }
        }
    }

    /**
     * The tally function: the stream's new changes in batches of one shard, each through the real
     * {@link TallyChanges} into the ledger's counters, with the event source mapping's retries, bisection and
     * duplicates, shard splits and lost batches.
     */
    private void runTally() {
        List<ObjectChange> fresh = ledger.changesSince(streamPosition);
        streamPosition += fresh.size();
        int batchStart = 0;
        for (int i = 0; i < fresh.size(); ) {
            if (plan.roll(FaultKind.SHARD_SPLIT, 0.03)) {
                shard++;
                batchStart = i;
                trace.add("SHARD_SPLIT changes from now on are in shard-" + shard);
            }
            int size = Math.min(fresh.size() - i, 1 + plan.random().nextInt(40));
            tallyBatch("shard-" + shard, fresh.subList(i, i + size), 0);
            if (plan.roll(FaultKind.TALLY_DUPLICATE, 0.1)) {
                // delivered again, as a batch that also holds the batch before it
                trace.add("TALLY_DUPLICATE changes " + batchStart + ".." + (i + size) + " delivered again");
                new TallyChanges(ledger).apply("shard-" + shard, fresh.subList(batchStart, i + size));
            }
            batchStart = i;
            i += size;
        }
    }

    /**
     * [tally-exact]: once every change is tallied, each job's counters are the counts its records say (what
     * {@code ObjectRecord#outcome} derives), whatever retries, bisections, duplicates and shard splits did; after a
     * lost batch they can only be short of them.
     */
    private void checkTally() {
        for (Job job : knownJobs()) {
            var counted = ledger.countsOf(job.id());
            var exact = ledger.derivedCountsOf(job.id());
            boolean ok = tallyLost
                    ? counted.restored() <= exact.restored() + exact.failed() && counted.finished() <= exact.finished()
                    : counted.equals(exact) && ledger.registeredOf(job.id()) == ledger.derivedRegisteredOf(job.id());
            if (!ok && tallyViolations.stream().noneMatch(v -> v.contains(job.id().value() + " "))) {
                tallyViolations.add("[tally-exact] " + job.id() + " at +" + tick + "m counts " + counted + " of "
                        + ledger.registeredOf(job.id()) + " registered, its records say " + exact + " of "
                        + ledger.derivedRegisteredOf(job.id()) + (tallyLost ? " (a batch was lost)" : ""));
            }
        }
    }

    private void tallyBatch(String shardId, List<ObjectChange> batch, int depth) {
        if (depth == 0 && plan.roll(FaultKind.LOST_TALLY_BATCH, 0.03)) {
            trace.add("LOST_TALLY_BATCH " + batch.size() + " changes of " + shardId + " never tallied");
            tallyLost = true;
            return;
        }
        if (plan.roll(FaultKind.TALLY_RETRY, 0.15)) {
            int survives = plan.random().nextInt(3);
            int[] adds = {0};
            TallyStore dying = (job, s, deltas) -> {
                if (adds[0]++ >= survives) {
                    throw new SimulatedCrash("tally died after " + survives + " counter writes");
                }
                return ledger.add(job, s, deltas);
            };
            try {
                new TallyChanges(dying).apply(shardId, batch);
            } catch (SimulatedCrash crash) {
                trace.add("TALLY_RETRY a batch of " + batch.size() + " changes failed after " + survives + " writes");
                if (batch.size() > 1 && plan.roll(FaultKind.TALLY_BISECT, 0.7)) {
                    int half = batch.size() / 2;
                    trace.add("TALLY_BISECT into " + half + " + " + (batch.size() - half));
                    tallyBatch(shardId, batch.subList(0, half), depth + 1);
                    tallyBatch(shardId, batch.subList(half, batch.size()), depth + 1);
                    return;
                }
            }
        }
        new TallyChanges(ledger).apply(shardId, batch);
    }
}
