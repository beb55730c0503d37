package io.s3bulkrestore.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.s3bulkrestore.adapters.AwsClients;
import io.s3bulkrestore.adapters.EmulatorClients;
import io.s3bulkrestore.emulators.MotoServer;
import io.s3bulkrestore.adapters.s3.S3NotificationRouting;
import io.s3bulkrestore.adapters.s3control.BatchOperationsSettings;
import io.s3bulkrestore.adapters.s3control.S3ControlBatchOperations;
import io.s3bulkrestore.events.RestoreEventEnvelopes;
import io.s3bulkrestore.model.CreateJobRequest;
import io.s3bulkrestore.model.Job;
import io.s3bulkrestore.model.JobId;
import io.s3bulkrestore.model.ManifestColumns;
import io.s3bulkrestore.model.ManifestFormat;
import io.s3bulkrestore.model.ManifestLocation;
import io.s3bulkrestore.model.ObjectId;
import io.s3bulkrestore.model.RestoreTier;
import io.s3bulkrestore.model.StorageFamily;
import io.s3bulkrestore.ports.BatchJobState;
import io.s3bulkrestore.sandbox.batch.BatchEmulatorSettings;
import io.s3bulkrestore.sandbox.batch.BatchOperationsEmulator;
import io.s3bulkrestore.sandbox.batch.IntelligentTieringTiers;
import io.s3bulkrestore.sandbox.batch.IntelligentTieringTiers.AccessTier;
import io.s3bulkrestore.tracking.RestoreEvent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.StorageClass;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Intelligent-Tiering restores end to end on moto, in both routing modes: the bucket routed by the product's
 * {@link S3NotificationRouting} (and, for EVENTBRIDGE, the stack's rule), jobs created by the real adapter on the
 * emulator, the Completed events the emulator's {@link RestoreCompletedDelivery} sends read back from the queue with
 * the restore-event function's {@link RestoreEventEnvelopes}, and their shape set against the one moto gives a
 * Glacier restore on the same path.
 */
class IntelligentTieringRestoreEventsIT {

    private static final String ACCOUNT = MotoServer.ACCOUNT_ID;
    private static final String REGION = "us-east-1";
    private static final String ROLE = "arn:aws:iam::123456789012:role/BatchRestoreRole";
    private static final String DATA = "tiered-data";
    private static final String MANIFESTS = "manifests";
    private static final String REPORTS = "restore-reports";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final RestoreEventEnvelopes ENVELOPES = new RestoreEventEnvelopes(JSON);
    /**
     * Fields moto writes into every EventBridge event that AWS's "Object Restore Completed" example
     * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/ev-events.html) does not have, or spells otherwise: the
     * delivery follows AWS ({@code etag}; no sequencer, source IP or reason; no version id for an object without one).
     */
    private static final Set<String> MOTO_ONLY_FIELDS = Set.of("detail.object.eTag", "detail.object.sequencer",
            "detail.object.version-id", "detail.source-ip-address", "detail.reason");

    private static MotoServer moto;
    private static AwsClients motoClients;
    private static S3Client s3;
    private static SqsClient sqs;

    private BatchOperationsEmulator emulator;
    private AwsClients clients;

    @BeforeAll
    static void startMoto() {
        moto = MotoServer.start();
        motoClients = EmulatorClients.of(moto);
        s3 = motoClients.s3();
        sqs = motoClients.sqs();
    }

    @AfterAll
    static void stopMoto() {
        motoClients.close();
        moto.close();
    }

    @AfterEach
    void stopEmulator() {
        if (emulator != null) {
            emulator.close();
            clients.close();
        }
    }

    @ParameterizedTest
    @EnumSource(RoutingMode.class)
    void shouldDeliverTheCompletedEventsOfArchiveTierRestoresTheWayTheRoutingModeDelivers(RoutingMode mode)
            throws Exception {
        // Given a bucket whose restore events are routed to a queue in this mode
        moto.reset();
        for (String bucket : List.of(DATA, MANIFESTS, REPORTS)) {
            s3.createBucket(b -> b.bucket(bucket));
        }
        String queueUrl = sqs.createQueue(b -> b.queueName("restore-events")).queueUrl();
        String queueArn = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        if (mode == RoutingMode.EVENTBRIDGE) {
            new S3NotificationRouting(s3, new S3NotificationRouting.Mode.EventBridge()).ensureRouted(DATA);
            RestoreEventsRule.create(moto.endpoint(), REGION, List.of(DATA), queueArn);
        } else {
            new S3NotificationRouting(s3, new S3NotificationRouting.Mode.Sqs(queueArn)).ensureRouted(DATA);
        }
        var delivery = new RestoreCompletedDelivery(s3, sqs, motoClients.sns(), ACCOUNT, REGION,
                mode == RoutingMode.EVENTBRIDGE ? Set.of(DATA) : Set.of(), Optional.of(queueUrl),
                () -> UUID.randomUUID().toString());
        emulator = BatchOperationsEmulator.start(s3, new BatchEmulatorSettings(0, Duration.ofSeconds(1),
                Duration.ofMillis(50)), delivery);
        clients = EmulatorClients.of(moto, Map.of(AwsClients.Service.S3_CONTROL, emulator.endpoint()));
        var batch = new S3ControlBatchOperations(clients.s3Control(), new BatchOperationsSettings(ACCOUNT, ROLE, REPORTS));

        // and what moto itself delivers for a Glacier restore on that path
        s3.putObject(b -> b.bucket(DATA).key("glacier/g.bin").storageClass(StorageClass.GLACIER),
                RequestBody.fromString("glacier"));
        awaitEnd(batch, batch.createRestoreJob(job("job-glacier", StorageFamily.GLACIER,
                manifest("glacier.csv", List.of("glacier/g.bin"))), Optional.of(ManifestColumns.BUCKET_KEY)));
        List<String> fromMoto = completedBodies(drain(queueUrl, 1, Duration.ofSeconds(10)));
        assertThat(fromMoto).as("moto's Completed event for the Glacier restore").isNotEmpty();

        // and Intelligent-Tiering objects in both archive tiers and in the frequent tier
        putTiered("it/archive one.bin", AccessTier.ARCHIVE_ACCESS);
        putTiered("it/deep+archive.bin", AccessTier.DEEP_ARCHIVE_ACCESS);
        putTiered("it/frequent.bin", null);
        List<String> keys = List.of("it/archive one.bin", "it/deep+archive.bin", "it/frequent.bin");

        // When an Intelligent-Tiering job restores them
        BatchJobState first = awaitEnd(batch, batch.createRestoreJob(job("job-it-1", StorageFamily.INTELLIGENT_TIERING,
                manifest("it-1.csv", keys)), Optional.of(ManifestColumns.BUCKET_KEY)));

        // Then the archived ones complete, and only their events arrive: parsed as the function parses them
        assertThat(first.succeededTasks()).isEqualTo(2);
        assertThat(first.failedTasks()).isEqualTo(1);
        List<String> ours = completedBodies(drain(queueUrl, 2, Duration.ofSeconds(10)));
        List<RestoreEvent> events = new ArrayList<>();
        for (String body : ours) {
            events.addAll(ENVELOPES.parse(body));
        }
        assertThat(events).extracting(RestoreEvent::object).containsExactlyInAnyOrder(
                ObjectId.of(DATA, "it/archive one.bin"), ObjectId.of(DATA, "it/deep+archive.bin"));
        assertThat(events).allSatisfy(event -> {
            assertThat(event.kind()).isEqualTo(RestoreEvent.Kind.COMPLETED);
            assertThat(event.sourceStorageClass()).isEqualTo("INTELLIGENT_TIERING");
            assertThat(event.restoreExpiresAt()).isNull();
        });
        // in the envelope moto uses for a Glacier restore on the same path (every field of moto's that AWS has too)
        Set<String> motoFields = new HashSet<>(fieldsOf(fromMoto.get(0)));
        motoFields.removeAll(MOTO_ONLY_FIELDS);
        for (String body : ours) {
            assertThat(fieldsOf(body)).containsAll(motoFields);
        }

        // When a second job restores the same objects
        BatchJobState second = awaitEnd(batch, batch.createRestoreJob(job("job-it-2", StorageFamily.INTELLIGENT_TIERING,
                manifest("it-2.csv", keys)), Optional.of(ManifestColumns.BUCKET_KEY)));

        // Then they are all in the active tier, and no event follows
        assertThat(second.failedTasks()).isEqualTo(3);
        assertThat(completedBodies(drain(queueUrl, Integer.MAX_VALUE, Duration.ofMillis(1500)))).isEmpty();
    }

    // ---- helpers ----

    private static void putTiered(String key, AccessTier tier) {
        s3.putObject(b -> b.bucket(DATA).key(key).storageClass(StorageClass.INTELLIGENT_TIERING)
                .tagging(tier == null ? null : IntelligentTieringTiers.tagging(tier)),
                RequestBody.fromString("content of " + key));
    }

    private static ManifestLocation manifest(String name, List<String> keys) {
        StringBuilder csv = new StringBuilder();
        keys.forEach(key -> csv.append(DATA).append(',')
                .append(URLEncoder.encode(key, StandardCharsets.UTF_8).replace("+", "%20")).append('\n'));
        String etag = s3.putObject(b -> b.bucket(MANIFESTS).key(name), RequestBody.fromString(csv.toString())).eTag();
        return new ManifestLocation(MANIFESTS, name, etag, csv.length());
    }

    private static Job job(String id, StorageFamily storage, ManifestLocation manifest) {
        var request = new CreateJobRequest(manifest.bucket(), manifest.key(), RestoreTier.BULK,
                storage == StorageFamily.GLACIER ? 1 : null, storage, ManifestFormat.CSV, null);
        return Job.submitting(new JobId(id), request, manifest, Instant.now(), Instant.now().plusSeconds(3600), null);
    }

    private static BatchJobState awaitEnd(S3ControlBatchOperations batch, String batchJobId) throws InterruptedException {
        Instant giveUp = Instant.now().plusSeconds(30);
        while (true) {
            BatchJobState state = batch.describe(batchJobId);
            if (state.isTerminal()) {
                return state;
            }
            assertThat(Instant.now()).as("job %s still %s", batchJobId, state).isBefore(giveUp);
            Thread.sleep(50);
        }
    }

    /** Receives (and deletes) messages until {@code completed} Completed events came, or the time is up. */
    private static List<Message> drain(String queueUrl, int completed, Duration timeout) throws Exception {
        List<Message> messages = new ArrayList<>();
        Instant giveUp = Instant.now().plus(timeout);
        while (completedBodies(messages).size() < completed && Instant.now().isBefore(giveUp)) {
            for (Message message : sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10)
                    .waitTimeSeconds(1)).messages()) {
                messages.add(message);
                sqs.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(message.receiptHandle()));
            }
        }
        return messages;
    }

    /** The bodies that announce a completed restore, in either envelope (moto's test event and others left out). */
    private static List<String> completedBodies(List<Message> messages) throws Exception {
        List<String> bodies = new ArrayList<>();
        for (Message message : messages) {
            JsonNode body = JSON.readTree(message.body());
            boolean completed = "Object Restore Completed".equals(body.path("detail-type").asText())
                    || "ObjectRestore:Completed".equals(body.path("Records").path(0).path("eventName").asText());
            if (completed) {
                bodies.add(message.body());
            }
        }
        return bodies;
    }

    /** The names of the envelope's fields, as paths (the record's, for an S3 notification). */
    private static Set<String> fieldsOf(String body) throws Exception {
        JsonNode root = JSON.readTree(body);
        JsonNode top = root.has("Records") ? root.path("Records").path(0) : root;
        Set<String> names = new HashSet<>();
        collect(top, "", names);
        return names;
    }

    private static void collect(JsonNode node, String path, Set<String> names) {
        node.fieldNames().forEachRemaining(name -> {
            JsonNode child = node.get(name);
            names.add(path + name);
            if (child.isObject()) {
                collect(child, path + name + ".", names);
            }
        });
    }
}
