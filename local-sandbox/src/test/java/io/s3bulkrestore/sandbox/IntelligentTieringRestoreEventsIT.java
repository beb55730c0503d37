package io.s3bulkrestore.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.s3bulkrestore.adapters.s3.S3NotificationRouting;
import io.s3bulkrestore.events.RestoreEventEnvelopes;
import io.s3bulkrestore.model.ManifestColumns;
import io.s3bulkrestore.model.ObjectId;
import io.s3bulkrestore.ports.BatchJobState;
import io.s3bulkrestore.sandbox.batch.BatchEmulatorSettings;
import io.s3bulkrestore.sandbox.batch.EmulatorFixture;
import io.s3bulkrestore.sandbox.batch.IntelligentTieringTiers;
import io.s3bulkrestore.sandbox.batch.IntelligentTieringTiers.AccessTier;
import io.s3bulkrestore.tracking.RestoreEvent;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.StorageClass;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import static io.s3bulkrestore.sandbox.batch.EmulatorFixture.ACCOUNT;
import static io.s3bulkrestore.sandbox.batch.EmulatorFixture.DATA;
import static io.s3bulkrestore.sandbox.batch.EmulatorFixture.glacierJob;
import static io.s3bulkrestore.sandbox.batch.EmulatorFixture.tieringJob;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Intelligent-Tiering restores end to end on moto, in both routing modes: the bucket routed by the product's
 * {@link S3NotificationRouting} (and, for EVENTBRIDGE, the stack's rule), jobs created by the real adapter on the
 * emulator, the Completed events the emulator's {@link RestoreCompletedDelivery} sends read back from the queue with
 * the restore-event function's {@link RestoreEventEnvelopes}, and their shape set against the one moto gives a
 * Glacier restore on the same path.
 */
class IntelligentTieringRestoreEventsIT {

    private static final String REGION = "us-east-1";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final RestoreEventEnvelopes ENVELOPES = new RestoreEventEnvelopes(JSON);
    /**
     * Fields moto writes into every EventBridge event that AWS's "Object Restore Completed" example
     * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/ev-events.html) does not have, or spells otherwise: the
     * delivery follows AWS ({@code etag}; no sequencer, source IP or reason; no version id for an object without one).
     */
    private static final Set<String> MOTO_ONLY_FIELDS = Set.of("detail.object.eTag", "detail.object.sequencer",
            "detail.object.version-id", "detail.source-ip-address", "detail.reason");

    @RegisterExtension
    static final EmulatorFixture MOTO = new EmulatorFixture();

    @ParameterizedTest
    @EnumSource(RoutingMode.class)
    void shouldDeliverTheCompletedEventsOfArchiveTierRestoresTheWayTheRoutingModeDelivers(RoutingMode mode)
            throws Exception {
        // Given a bucket whose restore events are routed to a queue in this mode
        S3Client s3 = MOTO.s3();
        SqsClient sqs = MOTO.sqs();
        String queueUrl = sqs.createQueue(b -> b.queueName("restore-events")).queueUrl();
        String queueArn = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        if (mode == RoutingMode.EVENTBRIDGE) {
            new S3NotificationRouting(s3, new S3NotificationRouting.Mode.EventBridge()).ensureRouted(DATA);
            RestoreEventsRule.create(MOTO.moto().endpoint(), REGION, List.of(DATA), queueArn);
        } else {
            new S3NotificationRouting(s3, new S3NotificationRouting.Mode.Sqs(queueArn)).ensureRouted(DATA);
        }
        var delivery = new RestoreCompletedDelivery(s3, sqs, MOTO.motoClients().sns(), ACCOUNT, REGION,
                mode == RoutingMode.EVENTBRIDGE ? Set.of(DATA) : Set.of(), Optional.of(queueUrl),
                () -> UUID.randomUUID().toString());
        MOTO.startEmulator(new BatchEmulatorSettings(0, Duration.ofSeconds(1), Duration.ofMillis(50)), delivery);
        var batch = MOTO.batch();

        // and what moto itself delivers for a Glacier restore on that path
        MOTO.put("glacier/g.bin", StorageClass.GLACIER);
        MOTO.awaitEnd(batch.createRestoreJob(glacierJob("job-glacier",
                MOTO.csvManifest("glacier.csv", List.of("glacier/g.bin"))), Optional.of(ManifestColumns.BUCKET_KEY)));
        List<String> fromMoto = completedBodies(drain(queueUrl, 1, Duration.ofSeconds(10)));
        assertThat(fromMoto).as("moto's Completed event for the Glacier restore").isNotEmpty();

        // and Intelligent-Tiering objects in both archive tiers and in the frequent tier
        MOTO.putTiered("it/archive one.bin", IntelligentTieringTiers.tagging(AccessTier.ARCHIVE_ACCESS));
        MOTO.putTiered("it/deep+archive.bin", IntelligentTieringTiers.tagging(AccessTier.DEEP_ARCHIVE_ACCESS));
        MOTO.putTiered("it/frequent.bin", null);
        List<String> keys = List.of("it/archive one.bin", "it/deep+archive.bin", "it/frequent.bin");

        // When an Intelligent-Tiering job restores them
        BatchJobState first = MOTO.awaitEnd(batch.createRestoreJob(tieringJob("job-it-1",
                MOTO.csvManifest("it-1.csv", keys)), Optional.of(ManifestColumns.BUCKET_KEY)));

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
        BatchJobState second = MOTO.awaitEnd(batch.createRestoreJob(tieringJob("job-it-2",
                MOTO.csvManifest("it-2.csv", keys)), Optional.of(ManifestColumns.BUCKET_KEY)));

        // Then they are all in the active tier, and no event follows
        assertThat(second.failedTasks()).isEqualTo(3);
        assertThat(completedBodies(drain(queueUrl, Integer.MAX_VALUE, Duration.ofMillis(1500)))).isEmpty();
    }

    // ---- helpers ----

    /** Receives (and deletes) messages until {@code completed} Completed events came, or the time is up. */
    private static List<Message> drain(String queueUrl, int completed, Duration timeout) throws Exception {
        SqsClient sqs = MOTO.sqs();
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
