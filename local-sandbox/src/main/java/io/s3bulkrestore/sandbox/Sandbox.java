package io.s3bulkrestore.sandbox;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import io.s3bulkrestore.adapters.AwsClients;
import io.s3bulkrestore.adapters.config.ApiFunctionConfig;
import io.s3bulkrestore.adapters.config.CopyFunctionConfig;
import io.s3bulkrestore.adapters.config.IngestFunctionConfig;
import io.s3bulkrestore.adapters.config.MonitorFunctionConfig;
import io.s3bulkrestore.adapters.config.RestoreEventFunctionConfig;
import io.s3bulkrestore.adapters.config.TallyFunctionConfig;
import io.s3bulkrestore.emulators.DynamoDbLocalServer;
import io.s3bulkrestore.emulators.MotoServer;
import io.s3bulkrestore.adapters.s3.S3NotificationRouting;
import io.s3bulkrestore.adapters.s3control.BatchOperationsSettings;
import io.s3bulkrestore.adapters.s3control.S3ControlBatchOperations;
import io.s3bulkrestore.api.ApiWiring;
import io.s3bulkrestore.api.IngestWiring;
import io.s3bulkrestore.api.ManifestChunkHandler;
import io.s3bulkrestore.events.RestoreEventHandler;
import io.s3bulkrestore.events.RestoreEventWiring;
import io.s3bulkrestore.events.TallyHandler;
import io.s3bulkrestore.events.CopyHandler;
import io.s3bulkrestore.events.CopyWiring;
import io.s3bulkrestore.events.TallyWiring;
import io.s3bulkrestore.monitor.function.MonitorWiring;
import io.s3bulkrestore.adapters.s3.S3ObjectArchiveStates;
import io.s3bulkrestore.sandbox.batch.IntelligentTieringArchiveStates;
import io.s3bulkrestore.monitor.function.ProgressMonitorHandler;
import io.s3bulkrestore.sandbox.api.LocalApi;
import io.s3bulkrestore.sandbox.batch.BatchOperationsEmulator;
import io.s3bulkrestore.sandbox.lambda.LocalContext;
import io.s3bulkrestore.sandbox.lambda.QueueEventSource;
import io.s3bulkrestore.sandbox.lambda.StreamEventSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The whole service on one machine: DynamoDB Local in this JVM, {@code moto_server} as a child process, our
 * S3 Batch Operations emulator, the resources the template creates, and the four functions' real handlers
 * behind a local REST API, two SQS event sources and a schedule. Only endpoints differ from Lambda.
 *
 * <p>{@link #close()} stops everything it started, in reverse order, including the moto child process.
 */
public final class Sandbox implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Sandbox.class);

    /** The template's ManifestChunkBytes default. */
    static final int MANIFEST_CHUNK_BYTES = 2 * 1024 * 1024;
    /** The template's IngestBatchSize and RestoreEventsBatchSize defaults; the window is shorter here. */
    static final int INGEST_BATCH_SIZE = 1;
    static final int RESTORE_EVENTS_BATCH_SIZE = 1000;
    static final Duration RESTORE_EVENTS_BATCHING_WINDOW = Duration.ofSeconds(1);
    /** Lambda polls a queue with several concurrent invocations; four keep up with a demo's event rate here. */
    static final int RESTORE_EVENTS_CONCURRENCY = 4;
    /** The template's CopyQueue batch size; two pollers, as a small CopyConcurrency would run. */
    static final int COPY_BATCH_SIZE = 10;
    static final int COPY_CONCURRENCY = 2;

    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private final SandboxSettings settings;
    private final SandboxMetrics metrics = new SandboxMetrics();
    private DynamoDbLocalServer dynamoDb;
    private MotoServer moto;
    private BatchOperationsEmulator batch;
    /** Set once the resources exist; the emulator runs no job (so completes no restore) before that. */
    private volatile RestoreCompletedDelivery tierRestoreEvents;
    private AwsClients clients;
    private SandboxResources resources;
    private LocalApi api;
    private QueueEventSource ingestSource;
    private QueueEventSource restoreEventSource;
    private StreamEventSource tallySource;
    private QueueEventSource copySource;
    /** The template's BatchSize for the tally function's mapping. */
    static final int TALLY_BATCH_SIZE = 1_000;
    static final Duration TALLY_POLL_INTERVAL = Duration.ofMillis(500);

    private Sandbox(SandboxSettings settings) {
        this.settings = settings;
    }

    /** Starts everything; on any failure, stops what already started and rethrows. */
    public static Sandbox start(SandboxSettings settings) {
        Sandbox sandbox = new Sandbox(settings);
        try {
            sandbox.startAll();
            return sandbox;
        } catch (RuntimeException e) {
            sandbox.close();
            throw e;
        }
    }

    private void startAll() {
        long begin = System.nanoTime();
        moto = track(MotoServer.start());
        dynamoDb = track(quietly(DynamoDbLocalServer::start));
        // moto's alone, as the tests' EmulatorClients.of(moto) builds them: the emulator needs S3 before the rest exists.
        AwsClients motoClients = track(new AwsClients(Region.US_EAST_1,
                StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")),
                Map.of(AwsClients.Service.S3, moto.endpoint(), AwsClients.Service.SQS, moto.endpoint(),
                        AwsClients.Service.SNS, moto.endpoint(), AwsClients.Service.EVENTBRIDGE, moto.endpoint())));
        // moto cannot send the Completed event of an Intelligent-Tiering restore: the emulator hands each one to the
        // delivery that sends it the way this sandbox routes restore events (built below, with the resources).
        batch = track(BatchOperationsEmulator.start(motoClients.s3(), settings.batch(), completed -> {
            RestoreCompletedDelivery delivery = tierRestoreEvents;
            if (delivery == null) {
                throw new IllegalStateException("the sandbox is still starting: no restore events are routed yet");
            }
            delivery.restoreCompleted(completed);
        }));

        Map<AwsClients.Service, URI> endpoints = new EnumMap<>(AwsClients.Service.class);
        endpoints.put(AwsClients.Service.DYNAMODB, dynamoDb.endpoint());
        endpoints.put(AwsClients.Service.S3, moto.endpoint());
        endpoints.put(AwsClients.Service.SQS, moto.endpoint());
        endpoints.put(AwsClients.Service.SNS, moto.endpoint());
        endpoints.put(AwsClients.Service.EVENTBRIDGE, moto.endpoint());
        endpoints.put(AwsClients.Service.S3_CONTROL, batch.endpoint());
        clients = track(new AwsClients(Region.of(SandboxResources.REGION),
                StaticCredentialsProvider.create(AwsBasicCredentials.create("sandbox", "sandbox")), endpoints));

        resources = SandboxResources.create(clients, settings.allowedBuckets(), settings.routing(), moto.endpoint());
        tierRestoreEvents = RestoreCompletedDelivery.of(motoClients.s3(), motoClients.sqs(), motoClients.sns(),
                resources);
        Clock clock = settings.clock();
        var ingestConfig = IngestFunctionConfig.fromEnv(resources.ingestEnvironment());
        // Route the allowed buckets' restore events now, as a deployed stack's first job leaves them routed.
        // The ingest worker would do it too, but only once it reads the manifest: restores that finish within
        // seconds here (hours in S3) would otherwise complete before their bucket sends events. The adapter is
        // the product's, in the mode the settings name: EVENTBRIDGE turns each bucket's EventBridge delivery on
        // (moto then sends its events to the rule SandboxResources created), SQS adds a queue configuration.
        var routing = new S3NotificationRouting(clients.s3(), ingestConfig.routing());
        settings.allowedBuckets().forEach(routing::ensureRouted);

        var apiConfig = ApiFunctionConfig.fromEnv(resources.apiEnvironment(MANIFEST_CHUNK_BYTES));
        api = track(LocalApi.start(settings.apiPort(), settings.apiKey(), ApiWiring.handler(apiConfig, clients, clock,
                metrics.forFunction("ApiFunction", clock))));

        var ingest = new ManifestChunkHandler(IngestWiring.batch(ingestConfig, clients, clock),
                metrics.forFunction("IngestFunction", clock));
        ingestSource = track(QueueEventSource.start(clients.sqs(), resources.ingestQueue().arn(),
                resources.ingestQueue().url(),
                QueueEventSource.Settings.of(INGEST_BATCH_SIZE, Duration.ZERO, Duration.ofSeconds(900), true),
                ingest, "IngestFunction"));

        var restoreEvents = new RestoreEventHandler(RestoreEventWiring.from(
                RestoreEventFunctionConfig.fromEnv(resources.restoreEventEnvironment()), clients).batch(),
                metrics.forFunction("RestoreEventFunction", clock));
        restoreEventSource = track(QueueEventSource.start(clients.sqs(), resources.restoreEventsQueue().arn(),
                resources.restoreEventsQueue().url(),
                QueueEventSource.Settings.of(RESTORE_EVENTS_BATCH_SIZE, RESTORE_EVENTS_BATCHING_WINDOW,
                        Duration.ofSeconds(60), true).withConcurrency(RESTORE_EVENTS_CONCURRENCY),
                restoreEvents, "RestoreEventFunction"));

        // The ObjectsTable's stream, read as the template's event source mapping reads it: batches of one shard,
        // REMOVE records (TTL deletions) filtered out, bisected and retried on failure.
        var tally = new TallyHandler(TallyWiring.from(TallyFunctionConfig.fromEnv(resources.tallyEnvironment()),
                clients), metrics.forFunction("TallyFunction", clock), clock);
        String objectsStream = clients.dynamoDb().describeTable(b -> b.tableName(resources.objectsTable())).table()
                .latestStreamArn();
        tallySource = track(StreamEventSource.create(clients.dynamoDbStreams(), objectsStream, tally,
                StreamEventSource.Settings.defaults("TallyFunction").withBatchSize(TALLY_BATCH_SIZE)
                        .withPollInterval(TALLY_POLL_INTERVAL)
                        .withFilter(record -> !"REMOVE".equals(record.getEventName())),
                discarded -> LOG.error("TallyFunction: a batch went to the on-failure destination: {}", discarded))
                .start());

        // The copy worker, as the template's CopyQueue event source runs it: batches of 10, partial failures.
        var copy = new CopyHandler(CopyWiring.from(CopyFunctionConfig.fromEnv(resources.copyEnvironment()), clients,
                clock), metrics.forFunction("CopyFunction", clock));
        copySource = track(QueueEventSource.start(clients.sqs(), resources.copyQueue().arn(),
                resources.copyQueue().url(),
                QueueEventSource.Settings.of(COPY_BATCH_SIZE, Duration.ZERO, Duration.ofSeconds(900), true)
                        .withConcurrency(COPY_CONCURRENCY),
                copy, "CopyFunction"));

        var monitorConfig = MonitorFunctionConfig.fromEnv(resources.monitorEnvironment(settings.progressStepPercent(),
                MANIFEST_CHUNK_BYTES));
        var batchSettings = new BatchOperationsSettings(SandboxResources.ACCOUNT_ID, SandboxResources.BATCH_ROLE_ARN,
                resources.reportBucket());
        var monitor = new ProgressMonitorHandler(MonitorWiring.from(monitorConfig, clients.dynamoDb(), clients.s3(),
                clients.sns(), clients.sqs(), Optional.of(clients::eventBridge),
                new S3ControlBatchOperations(clients.s3Control(), batchSettings),
                new IntelligentTieringArchiveStates(clients.s3(), new S3ObjectArchiveStates(clients.s3())), clock,
                metrics.forFunction("MonitorFunction", clock)));
        ScheduledExecutorService schedule = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "monitor-schedule");
            thread.setDaemon(true);
            return thread;
        });
        track(schedule::shutdownNow);
        long interval = settings.monitorInterval().toMillis();
        // One thread and a fixed delay: like the template's reserved concurrency of 1, ticks never overlap.
        schedule.scheduleWithFixedDelay(() -> {
            try {
                monitor.handleRequest(new ScheduledEvent(), LocalContext.startInvocation("MonitorFunction", Duration.ofSeconds(120), clock));
            } catch (RuntimeException e) {
                LOG.error("monitor tick failed; the next tick retries", e);
            }
        }, interval, interval, TimeUnit.MILLISECONDS);

        LOG.info("sandbox started in {} ms: API {}", (System.nanoTime() - begin) / 1_000_000, api.endpoint());
    }

    /** DynamoDB Local prints its configuration banner on stdout; the demo's console is for the demo. */
    private static <T> T quietly(java.util.function.Supplier<T> start) {
        PrintStream console = System.out;
        System.setOut(new PrintStream(OutputStream.nullOutputStream()));
        try {
            return start.get();
        } finally {
            System.setOut(console);
        }
    }

    private <T extends AutoCloseable> T track(T resource) {
        started.push(resource);
        return resource;
    }

    /** What the functions would have sent to CloudWatch so far (their embedded-metric-format documents). */
    public SandboxMetrics metrics() {
        return metrics;
    }

    public URI apiEndpoint() {
        return api.endpoint();
    }

    public String apiKey() {
        return settings.apiKey();
    }

    public SandboxResources resources() {
        return resources;
    }

    /** Clients for every emulated service (S3, SQS, SNS on moto; DynamoDB Local; S3 Control on the emulator). */
    public AwsClients clients() {
        return clients;
    }

    public BatchOperationsEmulator batchOperations() {
        return batch;
    }

    /** The endpoint of each emulated service, as {@code aws --endpoint-url} wants it. */
    public Map<String, URI> endpoints() {
        Map<String, URI> endpoints = new LinkedHashMap<>();
        endpoints.put("S3, SQS, SNS (moto)", moto.endpoint());
        endpoints.put("DynamoDB (DynamoDB Local)", dynamoDb.endpoint());
        endpoints.put("S3 Control (Batch Operations emulator)", batch.endpoint());
        return endpoints;
    }

    @Override
    public void close() {
        while (!started.isEmpty()) {
            AutoCloseable resource = started.pop();
            try {
                resource.close();
            } catch (Exception e) {
                LOG.warn("could not stop {}", resource, e);
            }
        }
    }
}
