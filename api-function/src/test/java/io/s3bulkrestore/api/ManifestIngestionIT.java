package io.s3bulkrestore.api;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.s3bulkrestore.adapters.AwsClients;
import io.s3bulkrestore.adapters.config.ApiFunctionConfig;
import io.s3bulkrestore.adapters.config.IngestFunctionConfig;
import io.s3bulkrestore.adapters.dynamodb.DynamoDbJobStore;
import io.s3bulkrestore.adapters.dynamodb.DynamoDbRestoreLedger;
import io.s3bulkrestore.adapters.s3.S3ManifestStore;
import io.s3bulkrestore.adapters.s3.S3NotificationRouting;
import io.s3bulkrestore.adapters.EmulatorClients;
import io.s3bulkrestore.adapters.dynamodb.FreshTables;
import io.s3bulkrestore.emulators.DynamoDbLocalServer;
import io.s3bulkrestore.emulators.MotoServer;
import io.s3bulkrestore.adapters.sqs.SqsIngestQueue;
import io.s3bulkrestore.ingest.IngestBatch;
import io.s3bulkrestore.ingest.IngestManifestChunk;
import io.s3bulkrestore.ingest.IngestTask;
import io.s3bulkrestore.logging.TestLambdaContext;
import io.s3bulkrestore.tracking.RegisterManifestObjects;
import io.s3bulkrestore.tracking.RestoreLedger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Event;
import software.amazon.awssdk.services.s3.model.GetBucketNotificationConfigurationResponse;
import software.amazon.awssdk.services.s3.model.TopicConfiguration;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPOutputStream;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * POST /jobs to GET /jobs/{id} through the real adapters: DynamoDB Local, moto (S3, SQS, SNS) and WireMock
 * answering S3 Control CreateJob. The IngestQueue is drained through ManifestChunkHandler with every message
 * delivered twice and one chunk crashing half-way first.
 */
class ManifestIngestionIT {

    private static final String MANIFESTS = "manifests-1";
    private static final String DATA = "data-1";
    private static final String INVENTORY = "inventory-1";
    private static final long CHUNK_BYTES = 16 * 1024;

    private static MotoServer moto;
    private static DynamoDbLocalServer dynamoDbLocal;
    private static WireMockServer s3Control;
    private static AwsClients clients;
    private static S3Client s3;
    private static SqsClient sqs;

    private FreshTables tables;
    private String queueUrl;
    private String restoreEventsArn;
    private String topicArn;
    private CreateJobHandler api;
    private IngestFunctionConfig ingestConfig;

    @BeforeAll
    static void start() {
        moto = MotoServer.start();
        dynamoDbLocal = DynamoDbLocalServer.start();
        s3Control = new WireMockServer(wireMockConfig().bindAddress("127.0.0.1").dynamicPort());
        s3Control.start();
        clients = EmulatorClients.of(moto, Map.of(AwsClients.Service.DYNAMODB, dynamoDbLocal.endpoint(),
                AwsClients.Service.S3_CONTROL, URI.create("http://127.0.0.1:" + s3Control.port())));
        s3 = clients.s3();
        sqs = clients.sqs();
    }

    @AfterAll
    static void stop() {
        clients.close();
        s3Control.stop();
        dynamoDbLocal.close();
        moto.close();
    }

    @BeforeEach
    void givenTheStack() {
        moto.reset();
        tables = FreshTables.create(clients.dynamoDb());
        s3Control.stubFor(post(urlPathEqualTo("/v20180820/jobs")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/xml")
                .withBody("<?xml version=\"1.0\" encoding=\"UTF-8\"?><CreateJobResult><JobId>"
                        + UUID.randomUUID() + "</JobId></CreateJobResult>")));
        queueUrl = sqs.createQueue(b -> b.queueName("ingest")).queueUrl();
        String eventsUrl = sqs.createQueue(b -> b.queueName("restore-events")).queueUrl();
        restoreEventsArn = sqs.getQueueAttributes(b -> b.queueUrl(eventsUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        topicArn = clients.sns().createTopic(b -> b.name("uploads")).topicArn();
        for (String bucket : List.of(MANIFESTS, DATA, INVENTORY, "reports-1")) {
            s3.createBucket(b -> b.bucket(bucket));
        }
        // Someone else's notification on the data bucket, which routing must keep
        s3.putBucketNotificationConfiguration(b -> b.bucket(DATA).notificationConfiguration(n -> n
                .topicConfigurations(TopicConfiguration.builder().id("uploads").topicArn(topicArn)
                        .events(Event.S3_OBJECT_CREATED).build())));

        Set<String> allowed = Set.of(MANIFESTS, DATA);
        api = ApiWiring.handler(new ApiFunctionConfig(tables.jobs(), tables.objects(), allowed, "reports-1",
                "arn:aws:iam::123456789012:role/BatchRestoreRole", MotoServer.ACCOUNT_ID, topicArn, 2.0, queueUrl,
                CHUNK_BYTES, 7), clients, Clock.systemUTC());
        ingestConfig = new IngestFunctionConfig(tables.jobs(), tables.objects(), allowed,
                new S3NotificationRouting.Mode.Sqs(restoreEventsArn), queueUrl, 30);
    }

    /** A manifest and what it holds. */
    private static final class Manifest {
        final StringBuilder text = new StringBuilder();
        final Set<String> distinct = new LinkedHashSet<>();
        final List<String> samples = new ArrayList<>();
        long invalid;
        long line;

        void add(String content, String decodedKey, String invalidReason) {
            text.append(content).append('\n');
            line++;
            if (decodedKey != null) {
                distinct.add(decodedKey);
            }
            if (invalidReason != null) {
                invalid++;
                if (samples.size() < 10) {
                    samples.add("line " + line + ": " + invalidReason);
                }
            }
        }
    }

    private static Manifest csvManifest() {
        Manifest m = new Manifest();
        for (int i = 0; m.line < 3_000; i++) {
            // URL-encoded keys: %20 is a space, %2F a slash, '+' a literal plus
            m.add(DATA + ",archive%2F2019%2Fscan%20" + i + "+final.tif", "archive/2019/scan " + i + "+final.tif", null);
            if (i % 50 == 10) {
                m.add(DATA + ",archive%2F2019%2Fscan%20" + (i - 10) + "+final.tif", null, null); // duplicate
            }
            if (i % 97 == 3) {
                m.add(DATA, null, "expected bucket,key[,versionId] but found 1 field(s)");
            }
            if (i % 211 == 5) {
                m.add("elsewhere-1,x.txt", null, "bucket elsewhere-1 is not in this stack's AllowedBuckets");
            }
        }
        return m;
    }

    @Test
    void shouldIngestACsvManifestExactlyOnceWhateverTheRedeliveriesAndCrashes() {
        // Given a manifest of 3,000 lines (about 6 chunks of 16 KiB) in S3
        Manifest manifest = csvManifest();
        s3.putObject(b -> b.bucket(MANIFESTS).key("restores/q3.csv"), RequestBody.fromString(manifest.text.toString()));
        assertThat(manifest.text.length()).isGreaterThan((int) (4 * CHUNK_BYTES));

        // When the job is created and its ingest queue drained, one chunk crashing half-way first
        String jobId = createJob("restores/q3.csv", "csv");
        List<Message> messages = receiveAll();
        assertThat(messages).hasSize((int) ((manifest.text.length() + CHUNK_BYTES - 1) / CHUNK_BYTES));
        IngestTask crashing = IngestTask.parse(messages.get(2).body());
        var dying = new ManifestChunkHandler(new IngestBatch(ingestWith(crashingAfter(1)), new SqsIngestQueue(clients.sqs(), queueUrl)));
        assertThat(dying.handleRequest(event(List.of(messages.get(2))), null).getBatchItemFailures()).hasSize(1);
        assertThat(crashing.chunkNumber()).isEqualTo(2);

        var worker = new ManifestChunkHandler(IngestWiring.batch(ingestConfig, clients, Clock.systemUTC()));
        for (int delivery = 0; delivery < 2; delivery++) {
            SQSBatchResponse response = worker.handleRequest(event(messages), null);
            assertThat(response.getBatchItemFailures()).isEmpty();
        }

        // Then the job counts each distinct valid object once and numbers its invalid lines in the manifest
        JsonNode job = getJob(jobId);
        assertThat(job.path("TotalObjects").asLong()).isEqualTo(manifest.distinct.size());
        assertThat(job.path("InvalidLines").asLong()).isEqualTo(manifest.invalid);
        List<String> samples = new ArrayList<>();
        job.path("InvalidLineSamples").forEach(s -> samples.add(s.asText()));
        assertThat(samples).containsExactlyElementsOf(manifest.samples);
        assertThat(job.path("PendingObjects").asLong()).isEqualTo(manifest.distinct.size());

        // and the data bucket routes restore events to the stack, keeping its topic configuration
        GetBucketNotificationConfigurationResponse config = s3.getBucketNotificationConfiguration(b -> b.bucket(DATA));
        assertThat(config.queueConfigurations()).anySatisfy(q -> {
            assertThat(q.queueArn()).isEqualTo(restoreEventsArn);
            assertThat(q.eventsAsStrings()).anySatisfy(e -> assertThat(e).startsWith("s3:ObjectRestore:"));
        });
        assertThat(config.topicConfigurations()).singleElement()
                .satisfies(t -> assertThat(t.topicArn()).isEqualTo(topicArn));
    }

    @Test
    void shouldIngestAnInventoryReportByDataFile() throws IOException {
        // Given an inventory report with one gzipped CSV data file
        String data = """
                "data-1","reports/q1+2019.csv","","true"
                "data-1","caf%C3%A9/menu.pdf","","true"
                "data-1","reports/q1+2019.csv","","true"
                "elsewhere-1","x","","true"
                """;
        var gz = new ByteArrayOutputStream();
        try (var out = new GZIPOutputStream(gz)) {
            out.write(data.getBytes(StandardCharsets.UTF_8));
        }
        s3.putObject(b -> b.bucket(INVENTORY).key("inv/data/part-0.csv.gz"), RequestBody.fromBytes(gz.toByteArray()));
        s3.putObject(b -> b.bucket(MANIFESTS).key("inv/manifest.json"), RequestBody.fromString("""
                {"sourceBucket":"data-1","destinationBucket":"arn:aws:s3:::inventory-1","version":"2016-11-30",
                 "creationTimestamp":"1514944800000","fileFormat":"CSV",
                 "fileSchema":"Bucket, Key, VersionId, IsLatest",
                 "files":[{"key":"inv/data/part-0.csv.gz","size":%d,"MD5checksum":"x"}]}
                """.formatted(gz.size())));

        // When the job is created and its one task ingested twice
        String jobId = createJob("inv/manifest.json", "inventory");
        List<Message> messages = receiveAll();
        assertThat(messages).hasSize(1);
        var worker = new ManifestChunkHandler(IngestWiring.batch(ingestConfig, clients, Clock.systemUTC()));
        worker.handleRequest(event(messages), null);
        worker.handleRequest(event(messages), null);

        // Then
        JsonNode job = getJob(jobId);
        assertThat(job.path("TotalObjects").asLong()).isEqualTo(2);
        assertThat(job.path("InvalidLines").asLong()).isEqualTo(1);
        assertThat(job.path("InvalidLineSamples").get(0).asText())
                .isEqualTo("line 4: bucket elsewhere-1 is not in this stack's AllowedBuckets");
    }

    @Test
    void shouldRefuseAnUnusableInventoryManifestWithoutWritingAnything() {
        s3.putObject(b -> b.bucket(MANIFESTS).key("orc/manifest.json"), RequestBody.fromString("""
                {"destinationBucket":"arn:aws:s3:::inventory-1","fileFormat":"ORC","fileSchema":"Bucket, Key",
                 "files":[{"key":"orc/a.orc","size":1}]}"""));

        var response = api.handleRequest(ApiEvents.post("/jobs", """
                {"bucket":"manifests-1","key":"orc/manifest.json","tier":"BULK","expiration_days":3,
                 "manifest_format":"inventory"}""").build(), new TestLambdaContext("req-1"));

        assertThat(response.getStatusCode()).isEqualTo(422);
        assertThat(ApiTestbed.json(response.getBody()).path("error").path("code").asText()).isEqualTo("MANIFEST_UNAVAILABLE");
        assertThat(response.getBody()).contains("only CSV reports are supported");
        assertThat(clients.dynamoDb().scan(b -> b.tableName(tables.jobs())).count()).isZero();
        assertThat(receiveAll()).isEmpty();
    }

    private String createJob(String key, String format) {
        var response = api.handleRequest(ApiEvents.post("/jobs", """
                {"bucket":"manifests-1","key":"%s","tier":"BULK","expiration_days":3,"manifest_format":"%s"}"""
                .formatted(key, format)).build(), new TestLambdaContext("req-1"));
        assertThat(response.getStatusCode()).as(response.getBody()).isEqualTo(201);
        return ApiTestbed.json(response.getBody()).path("JobId").asText();
    }

    private JsonNode getJob(String jobId) {
        var response = api.handleRequest(ApiEvents.get("/jobs/" + jobId).build(), new TestLambdaContext("req-2"));
        assertThat(response.getStatusCode()).isEqualTo(200);
        return ApiTestbed.json(response.getBody());
    }

    private List<Message> receiveAll() {
        List<Message> all = new ArrayList<>();
        while (true) {
            List<Message> batch = sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10)
                    .waitTimeSeconds(0).visibilityTimeout(300)).messages();
            if (batch.isEmpty()) {
                return all;
            }
            all.addAll(batch);
        }
    }

    private static SQSEvent event(List<Message> messages) {
        SQSEvent event = new SQSEvent();
        event.setRecords(messages.stream().map(m -> {
            SQSEvent.SQSMessage message = new SQSEvent.SQSMessage();
            message.setMessageId(m.messageId());
            message.setBody(m.body());
            return message;
        }).toList());
        return event;
    }

    private IngestManifestChunk ingestWith(RestoreLedger ledger) {
        var dynamoDb = clients.dynamoDb();
        return new IngestManifestChunk(new DynamoDbJobStore(dynamoDb, tables.jobs()), new S3ManifestStore(s3),
                new RegisterManifestObjects(ledger, Clock.systemUTC(), java.time.Duration.ofDays(30)),
                new S3NotificationRouting(s3, ingestConfig.routing()), ingestConfig.allowedBuckets(), 100);
    }

    /** The real ledger, whose register throws after {@code batches} calls: a Lambda dying mid-chunk. */
    private RestoreLedger crashingAfter(int batches) {
        RestoreLedger real = new DynamoDbRestoreLedger(clients.dynamoDb(), tables.objects(), tables.jobs());
        AtomicInteger calls = new AtomicInteger();
        return (RestoreLedger) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[]{RestoreLedger.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("register") && calls.incrementAndGet() > batches) {
                        throw new IllegalStateException("injected crash half-way through the chunk");
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
