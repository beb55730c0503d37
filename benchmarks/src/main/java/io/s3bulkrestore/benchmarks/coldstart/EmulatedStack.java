package io.s3bulkrestore.benchmarks.coldstart;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.s3bulkrestore.adapters.AwsClients;
import io.s3bulkrestore.adapters.config.ApiFunctionConfig;
import io.s3bulkrestore.adapters.config.IngestFunctionConfig;
import io.s3bulkrestore.adapters.config.MonitorFunctionConfig;
import io.s3bulkrestore.adapters.config.RestoreEventFunctionConfig;
import io.s3bulkrestore.adapters.EmulatorClients;
import io.s3bulkrestore.adapters.dynamodb.FreshTables;
import io.s3bulkrestore.emulators.DynamoDbLocalServer;
import io.s3bulkrestore.emulators.MotoServer;
import io.s3bulkrestore.api.ApiWiring;
import io.s3bulkrestore.sandbox.batch.BatchEmulatorSettings;
import io.s3bulkrestore.sandbox.batch.BatchOperationsEmulator;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.StorageClass;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The stack the cold-started functions talk to, on this machine: DynamoDB Local in this JVM, moto (S3 with
 * archive semantics, SQS, SNS) and the sandbox's S3 Batch Operations emulator. Holds an archive bucket with a
 * small manifest of GLACIER objects, and writes each run's event from the samples in {@code events/}.
 *
 * <p>Every start of the monitor gets tables of its own holding one job, created just before by the API's own code
 * in this JVM ({@link #oneJobTables}): its first tick looks at every active job, so on the tables the other functions
 * share it would meet every job the earlier rounds created (two more per round) and, in each round, jobs the
 * other variant's tick had just moved on. Its figures then grew with the round count (about 6 s by round 9, alike
 * for both variants) and depended on which variant went first. One fresh job is the same work for every start:
 * what a cold start costs, with the tick's requests still in it.
 *
 * <p>One class (over 300 lines): the emulators, buckets, tables and event samples are one stack that every
 * cold-start round borrows and returns whole; split, each part would need the others' endpoints and lifetimes.
 */
final class EmulatedStack implements AutoCloseable {

    /** The bucket of the restore event samples in {@code events/}. */
    static final String ARCHIVE_BUCKET = "archive-1";
    static final String MANIFEST_KEY = "manifests/cold-start.csv";
    /** The object of events/restore-completed-sqs.json, so each restore event credits the latest job. */
    static final String SAMPLE_EVENT_KEY = "reports/2024/q1 summary + café.csv";
    private static final String REPORT_BUCKET = "cold-start-reports";
    private static final int MANIFEST_OBJECTS = 20;
    /** The events library's setters do not always match the JSON's case ("Records", "eventSourceARN"). */
    private static final ObjectMapper EVENT_READER = JsonMapper.builder()
            .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_PROPERTIES)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private final DynamoDbLocalServer dynamoDb;
    private final MotoServer moto;
    private final AwsClients clients;
    private final BatchOperationsEmulator batch;
    private final FreshTables tables;
    private final String ingestQueueUrl;
    /** Where the jobs created for the monitor queue their manifest chunks, apart from the ingest runs' queue. */
    private final String monitorIngestQueueUrl;
    /** The tables of the monitor's next start, made by {@link #nextEvent}. */
    private FreshTables monitorTables;
    private AwsClients apiClients;
    private final String restoreEventsQueueArn;
    private final String restoreEventsQueueUrl;
    private final String topicArn;
    private final Path events;
    private final Path scratch;
    private final Path home;
    private final ObjectMapper json = new ObjectMapper();

    private EmulatedStack(DynamoDbLocalServer dynamoDb, MotoServer moto, Path events, Path scratch) throws IOException {
        this.dynamoDb = dynamoDb;
        this.moto = moto;
        this.events = events;
        this.scratch = scratch;
        this.home = Files.createDirectories(scratch.resolve("home"));
        this.clients = EmulatorClients.of(moto, Map.of(AwsClients.Service.DYNAMODB, dynamoDb.endpoint()));
        this.tables = FreshTables.create(clients.dynamoDb());
        S3Client s3 = clients.s3();
        s3.createBucket(b -> b.bucket(ARCHIVE_BUCKET));
        s3.createBucket(b -> b.bucket(REPORT_BUCKET));
        List<String> keys = IntStream.range(0, MANIFEST_OBJECTS - 1).mapToObj(i -> "cold-start/object-" + i + ".bin")
                .collect(Collectors.toList());
        keys.add(SAMPLE_EVENT_KEY);
        for (String key : keys) {
            s3.putObject(b -> b.bucket(ARCHIVE_BUCKET).key(key).storageClass(StorageClass.GLACIER),
                    RequestBody.fromString("archived"));
        }
        String manifest = keys.stream()
                .map(key -> ARCHIVE_BUCKET + "," + URLEncoder.encode(key, StandardCharsets.UTF_8) + "\n")
                .collect(Collectors.joining());
        s3.putObject(b -> b.bucket(ARCHIVE_BUCKET).key(MANIFEST_KEY), RequestBody.fromString(manifest));
        SqsClient sqs = clients.sqs();
        this.ingestQueueUrl = sqs.createQueue(b -> b.queueName("cold-start-ingest")).queueUrl();
        this.monitorIngestQueueUrl = sqs.createQueue(b -> b.queueName("cold-start-monitor-ingest")).queueUrl();
        String restoreEventsUrl = sqs.createQueue(b -> b.queueName("cold-start-restore-events")).queueUrl();
        this.restoreEventsQueueUrl = restoreEventsUrl;
        this.restoreEventsQueueArn = sqs.getQueueAttributes(b -> b.queueUrl(restoreEventsUrl)
                .attributeNames(QueueAttributeName.QUEUE_ARN)).attributes().get(QueueAttributeName.QUEUE_ARN);
        this.topicArn = clients.sns().createTopic(b -> b.name("cold-start-notifications")).topicArn();
        this.batch = BatchOperationsEmulator.start(clients.s3(), BatchEmulatorSettings.defaults());
    }

    static EmulatedStack start(Path events, Path scratch) {
        DynamoDbLocalServer dynamoDb = DynamoDbLocalServer.start();
        MotoServer moto = null;
        try {
            moto = MotoServer.start();
            return new EmulatedStack(dynamoDb, moto, events, scratch);
        } catch (IOException | RuntimeException e) {
            if (moto != null) {
                moto.close();
            }
            dynamoDb.close();
            throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
        }
    }

    /**
     * What Lambda and the template give the function: region, credentials, the template's variables (set as
     * template.yaml sets them, with this stack's names) and endpoint overrides to the emulators.
     */
    Map<String, String> environment(ColdStartFunction function) {
        Map<String, String> env = new HashMap<>();
        env.put("HOME", home.toString());
        env.put("AWS_REGION", "us-east-1");
        env.put("AWS_DEFAULT_REGION", "us-east-1");
        env.put("AWS_ACCESS_KEY_ID", "testing");
        env.put("AWS_SECRET_ACCESS_KEY", "testing");
        env.put("AWS_SESSION_TOKEN", "testing");
        env.put("AWS_LAMBDA_FUNCTION_NAME", function.logicalId());
        env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "1024");
        // What Lambda sets from the template's LoggingConfig (LogFormat JSON, ApplicationLogLevel from LogLevel).
        env.put("AWS_LAMBDA_LOG_FORMAT", "JSON");
        env.put("AWS_LAMBDA_LOG_LEVEL", "INFO");
        env.put(AwsClients.Service.DYNAMODB.endpointVariable(), dynamoDb.endpoint().toString());
        env.put(AwsClients.Service.S3.endpointVariable(), moto.endpoint().toString());
        env.put(AwsClients.Service.SQS.endpointVariable(), moto.endpoint().toString());
        env.put(AwsClients.Service.SNS.endpointVariable(), moto.endpoint().toString());
        // The monitor also puts each job notification on the default event bus. Without this its PutEvents went to
        // AWS, unreachable from here, and every tick that notified waited out the SDK's retries and backoff.
        env.put(AwsClients.Service.EVENTBRIDGE.endpointVariable(), moto.endpoint().toString());
        env.put(AwsClients.Service.S3_CONTROL.endpointVariable(), batch.endpoint().toString());

        Map<String, String> variables = new HashMap<>();
        FreshTables functionTables = function == ColdStartFunction.MONITOR ? monitorTables() : tables;
        variables.put(ApiFunctionConfig.JOBS_TABLE, functionTables.jobs());
        variables.put(ApiFunctionConfig.OBJECTS_TABLE, functionTables.objects());
        List<String> expected = switch (function) {
            case API -> {
                variables.put(ApiFunctionConfig.ALLOWED_BUCKETS, ARCHIVE_BUCKET);
                variables.put(ApiFunctionConfig.REPORT_BUCKET, REPORT_BUCKET);
                variables.put(ApiFunctionConfig.BATCH_ROLE_ARN, "arn:aws:iam::" + MotoServer.ACCOUNT_ID + ":role/batch");
                variables.put(ApiFunctionConfig.ACCOUNT_ID, MotoServer.ACCOUNT_ID);
                variables.put(ApiFunctionConfig.TOPIC_ARN, topicArn);
                variables.put(ApiFunctionConfig.DEADLINE_FACTOR, "2");
                variables.put(ApiFunctionConfig.INGEST_QUEUE_URL, ingestQueueUrl);
                variables.put(ApiFunctionConfig.MANIFEST_CHUNK_BYTES, ApiFunctionConfig.DEFAULT_CHUNK_BYTES);
                variables.put(ApiFunctionConfig.QUOTE_EXPIRY_DAYS, ApiFunctionConfig.DEFAULT_QUOTE_EXPIRY_DAYS);
                variables.put(ApiFunctionConfig.COPY_CONCURRENCY, ApiFunctionConfig.DEFAULT_COPY_CONCURRENCY);
                variables.put(ApiFunctionConfig.COPY_KMS_KEY_ARN, ""); // CopyKmsKeyArn's default: none
                yield ApiFunctionConfig.VARIABLES;
            }
            case INGEST -> {
                variables.put(ApiFunctionConfig.ALLOWED_BUCKETS, ARCHIVE_BUCKET);
                // SQS routing: moto keeps S3 -> SQS notification configurations (it drops EventBridge ones).
                variables.put(IngestFunctionConfig.ROUTING_MODE, "SQS");
                variables.put(IngestFunctionConfig.RESTORE_EVENTS_QUEUE_ARN, restoreEventsQueueArn);
                variables.put(ApiFunctionConfig.INGEST_QUEUE_URL, ingestQueueUrl);
                // Registration sets each object record's TTL from the job's deadline plus the retention.
                variables.put(MonitorFunctionConfig.RETENTION_DAYS, MonitorFunctionConfig.DEFAULT_RETENTION_DAYS);
                yield IngestFunctionConfig.VARIABLES;
            }
            case RESTORE_EVENT -> {
                variables.put(RestoreEventFunctionConfig.RESTORE_EVENTS_QUEUE_URL, restoreEventsQueueUrl);
                yield RestoreEventFunctionConfig.VARIABLES;
            }
            case MONITOR -> {
                variables.put(ApiFunctionConfig.TOPIC_ARN, topicArn);
                variables.put(ApiFunctionConfig.REPORT_BUCKET, REPORT_BUCKET);
                variables.put(ApiFunctionConfig.ACCOUNT_ID, MotoServer.ACCOUNT_ID);
                variables.put(MonitorFunctionConfig.PROGRESS_STEP_PERCENT, MonitorFunctionConfig.DEFAULT_PROGRESS_STEP_PERCENT);
                variables.put(MonitorFunctionConfig.STALL_MINUTES, MonitorFunctionConfig.DEFAULT_STALL_MINUTES);
                variables.put(MonitorFunctionConfig.RECONCILE_PAGE_SIZE, MonitorFunctionConfig.DEFAULT_RECONCILE_PAGE_SIZE);
                variables.put(MonitorFunctionConfig.RETENTION_DAYS, MonitorFunctionConfig.DEFAULT_RETENTION_DAYS);
                variables.put(MonitorFunctionConfig.MAX_JOBS_PER_TICK, MonitorFunctionConfig.DEFAULT_MAX_JOBS_PER_TICK);
                variables.put(ApiFunctionConfig.BATCH_ROLE_ARN, "arn:aws:iam::" + MotoServer.ACCOUNT_ID + ":role/batch");
                variables.put(ApiFunctionConfig.INGEST_QUEUE_URL, monitorIngestQueueUrl);
                variables.put(ApiFunctionConfig.MANIFEST_CHUNK_BYTES, ApiFunctionConfig.DEFAULT_CHUNK_BYTES);
                variables.put(MonitorFunctionConfig.CHAT_TOPIC_ARN, ""); // ChatNotifications Disabled, the default
                variables.put(ApiFunctionConfig.DEADLINE_FACTOR, ApiFunctionConfig.DEFAULT_DEADLINE_FACTOR);
                variables.put(ApiFunctionConfig.QUOTE_EXPIRY_DAYS, ApiFunctionConfig.DEFAULT_QUOTE_EXPIRY_DAYS);
                yield MonitorFunctionConfig.VARIABLES;
            }
        };
        if (!variables.keySet().equals(Set.copyOf(expected))) {
            throw new IllegalStateException(function.logicalId() + " reads " + expected + " but is given "
                    + variables.keySet());
        }
        env.putAll(variables);
        return env;
    }

    /**
     * The event of the function's next cold start: POST /jobs for this stack's manifest (a new job each time),
     * the ingest message that job queued, a restore event for one of its objects, a scheduled tick.
     */
    Path nextEvent(ColdStartFunction function, String runId) {
        try {
            return switch (function) {
                case API -> write(runId, createJobEvent(runId));
                case INGEST -> write(runId, ingestEvent());
                case RESTORE_EVENT -> events.resolve("restore-completed-sqs.json");
                case MONITOR -> {
                    monitorTables = oneJobTables(runId);
                    yield events.resolve("scheduled-tick.json");
                }
            };
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the event of " + function.logicalId(), e);
        }
    }

    private FreshTables monitorTables() {
        if (monitorTables == null) {
            throw new IllegalStateException("the monitor's tables are made with its event: call nextEvent first");
        }
        return monitorTables;
    }

    /**
     * New tables holding one job, created by the API function's own wiring ({@link ApiWiring}) from the same
     * POST /jobs event its cold starts answer, its manifest chunks queued apart: the monitor's next start ticks it.
     */
    private FreshTables oneJobTables(String runId) throws IOException {
        FreshTables fresh = FreshTables.create(clients.dynamoDb());
        Map<String, String> env = new HashMap<>(environment(ColdStartFunction.API));
        env.put(ApiFunctionConfig.JOBS_TABLE, fresh.jobs());
        env.put(ApiFunctionConfig.OBJECTS_TABLE, fresh.objects());
        env.put(ApiFunctionConfig.INGEST_QUEUE_URL, monitorIngestQueueUrl);
        if (apiClients == null) {
            apiClients = EmulatorClients.of(moto, Map.of(AwsClients.Service.DYNAMODB, dynamoDb.endpoint(),
                    AwsClients.Service.S3_CONTROL, batch.endpoint()));
        }
        APIGatewayProxyResponseEvent response = ApiWiring.handler(ApiFunctionConfig.fromEnv(env), apiClients,
                Clock.systemUTC()).handleRequest(EVENT_READER.treeToValue(createJobEvent("monitor-" + runId),
                APIGatewayProxyRequestEvent.class), null);
        if (response.getStatusCode() != 201) {
            throw new IllegalStateException("the monitor's job was not created: " + response.getStatusCode() + " "
                    + response.getBody());
        }
        return fresh;
    }

    private JsonNode createJobEvent(String runId) throws IOException {
        ObjectNode event = (ObjectNode) json.readTree(events.resolve("create-job.json").toFile());
        ObjectNode body = (ObjectNode) json.readTree(event.get("body").asText());
        body.put("bucket", ARCHIVE_BUCKET);
        body.put("key", MANIFEST_KEY);
        event.put("body", json.writeValueAsString(body));
        // A new job per run: a replayed Idempotency-Key would only read the first one back.
        ((ObjectNode) event.get("headers")).put("Idempotency-Key", "cold-start-" + runId);
        ((ObjectNode) event.get("multiValueHeaders")).putArray("Idempotency-Key").add("cold-start-" + runId);
        return event;
    }

    private JsonNode ingestEvent() throws IOException {
        List<Message> messages = clients.sqs().receiveMessage(b -> b.queueUrl(ingestQueueUrl)
                .maxNumberOfMessages(1).waitTimeSeconds(2)).messages();
        if (messages.isEmpty()) {
            throw new IllegalStateException("the last POST /jobs queued no ingest message");
        }
        Message message = messages.getFirst();
        clients.sqs().deleteMessage(b -> b.queueUrl(ingestQueueUrl).receiptHandle(message.receiptHandle()));
        ObjectNode event = (ObjectNode) json.readTree(events.resolve("ingest-chunk.json").toFile());
        ObjectNode record = (ObjectNode) ((ArrayNode) event.get("Records")).get(0);
        record.put("messageId", message.messageId());
        record.put("body", message.body());
        return event;
    }

    private Path write(String runId, JsonNode event) throws IOException {
        Path file = scratch.resolve("event-" + runId + ".json");
        json.writeValue(file.toFile(), event);
        return file;
    }

    @Override
    public void close() {
        if (apiClients != null) {
            apiClients.close();
        }
        try {
            batch.close();
        } finally {
            try {
                moto.close();
            } finally {
                dynamoDb.close();
            }
        }
    }
}
