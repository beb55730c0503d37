package io.s3bulkrestore.events;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.s3bulkrestore.adapters.AwsClients;
import io.s3bulkrestore.adapters.config.RestoreEventFunctionConfig;
import io.s3bulkrestore.adapters.dynamodb.DynamoDbRestoreLedger;
import io.s3bulkrestore.adapters.s3.S3NotificationRouting;
import io.s3bulkrestore.adapters.EmulatorClients;
import io.s3bulkrestore.adapters.dynamodb.FreshTables;
import io.s3bulkrestore.emulators.DynamoDbLocalServer;
import io.s3bulkrestore.emulators.MotoServer;
import io.s3bulkrestore.model.CreateJobRequest;
import io.s3bulkrestore.model.Job;
import io.s3bulkrestore.model.JobId;
import io.s3bulkrestore.model.ManifestFormat;
import io.s3bulkrestore.model.ManifestLocation;
import io.s3bulkrestore.model.RestoreTier;
import io.s3bulkrestore.model.StorageFamily;
import io.s3bulkrestore.tracking.Membership;
import io.s3bulkrestore.model.ObjectId;
import io.s3bulkrestore.model.ObjectId.KeyEncoding;
import io.s3bulkrestore.ports.RestoreEventRouting;
import io.s3bulkrestore.tracking.RegisterManifestObjects;
import io.s3bulkrestore.tracking.RegisterManifestObjects.ChunkEntry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.StorageClass;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * End to end on moto: archived objects are registered for a job from their manifest spelling, restored
 * with RestoreObject, and moto's own ObjectRestore events, delivered to SQS through the routing we set
 * up, are consumed by the handler (twice, as SQS may) and credited exactly once against DynamoDB Local.
 */
class RestoreEventsOnMotoIT {

    private static MotoServer moto;
    private static DynamoDbLocalServer dynamoDbLocal;
    private static AwsClients clients;

    @BeforeAll
    static void start() {
        moto = MotoServer.start();
        dynamoDbLocal = DynamoDbLocalServer.start();
        Map<AwsClients.Service, java.net.URI> endpoints = new EnumMap<>(AwsClients.Service.class);
        endpoints.put(AwsClients.Service.DYNAMODB, dynamoDbLocal.endpoint());
        clients = EmulatorClients.of(moto, endpoints);
    }

    @AfterAll
    static void stop() {
        clients.close();
        dynamoDbLocal.close();
        moto.close();
    }

    @Test
    void shouldCreditObjectsRestoredOnS3FromTheEventsS3Sends() {
        var s3 = clients.s3();
        var sqs = clients.sqs();
        var dynamoDb = clients.dynamoDb();
        var tables = FreshTables.create(dynamoDb);
        String queueUrl = sqs.createQueue(b -> b.queueName("restore-events")).queueUrl();
        String queueArn = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        s3.createBucket(b -> b.bucket("archive-1"));
        // Unversioned: moto's events carry no versionId (S3's do, for versioned buckets; the envelope
        // tests cover that from fixtures), so a versioned object could not be matched here.
        assertThat(new S3NotificationRouting(s3, new S3NotificationRouting.Mode.Sqs(queueArn)).ensureRouted("archive-1"))
                .isInstanceOf(RestoreEventRouting.Outcome.Routed.class);

        List<String> keys = List.of("plain.txt", "with space.txt", "plus+sign.txt", "percent%25.txt", "dir/sub/file",
                "unicodé/日本.bin", "deep archive.bin");
        List<ObjectId> objects = new ArrayList<>();
        for (String key : keys) {
            StorageClass storageClass = key.startsWith("deep") ? StorageClass.DEEP_ARCHIVE : StorageClass.GLACIER;
            s3.putObject(b -> b.bucket("archive-1").key(key).storageClass(storageClass),
                    RequestBody.fromString("content of " + key));
            // The manifest spelling: URL-encoded key (RFC 3986: '+' stays literal), with the version id.
            String manifestKey = URLEncoder.encode(key, StandardCharsets.UTF_8).replace("+", "%20");
            objects.add(ObjectId.fromEncoded("archive-1", manifestKey, null, KeyEncoding.URL));
        }
        assertThat(objects).extracting(ObjectId::key).containsExactlyElementsOf(keys);

        var ledger = new DynamoDbRestoreLedger(dynamoDb, tables.objects(), tables.jobs());
        JobId job = new JobId("job-moto");
        List<ChunkEntry> entries = new ArrayList<>();
        for (int i = 0; i < objects.size(); i++) {
            entries.add(new ChunkEntry(objects.get(i), i * 100L));
        }
        Instant created = Instant.now().minusSeconds(60);
        var request = new CreateJobRequest("manifests", "m.csv", RestoreTier.STANDARD, 1, StorageFamily.GLACIER,
                ManifestFormat.CSV, null);
        Job submitted = Job.submitting(job, request, new ManifestLocation("manifests", "m.csv", "etag", 100), created,
                created.plus(Duration.ofHours(12)), null).submitted("batch-moto", 1);
        long registered = new RegisterManifestObjects(ledger, Clock.systemUTC(), Duration.ofDays(30))
                .register(submitted, 0, entries);
        assertThat(registered).isEqualTo(keys.size());

        for (ObjectId object : objects) {
            s3.restoreObject(b -> b.bucket(object.bucket()).key(object.key()).restoreRequest(r -> r.days(1)));
        }
        // moto completes restores at once but sends ObjectRestore:Completed when it next looks at the object.
        for (ObjectId object : objects) {
            assertThat(s3.headObject(b -> b.bucket(object.bucket()).key(object.key())).restore())
                    .contains("ongoing-request=\"false\"");
        }

        List<Message> delivered = receiveAll(sqs, queueUrl, keys.size() + 1, Duration.ofSeconds(20));
        var handler = new RestoreEventHandler(RestoreEventWiring.from(
                new RestoreEventFunctionConfig(tables.jobs(), tables.objects(), queueUrl), clients).batch());
        // Deliver every message twice, in two batches, as SQS may.
        for (int round = 0; round < 2; round++) {
            var response = handler.handleRequest(sqsEvent(delivered), null);
            assertThat(response.getBatchItemFailures()).as(() -> "failed: " + delivered.stream()
                    .filter(m -> response.getBatchItemFailures().stream()
                            .anyMatch(f -> f.getItemIdentifier().equals(m.messageId())))
                    .map(Message::body).toList()).isEmpty();
        }

        // Then every object's record holds its restore, with the expiry moto's event states, and counts for the job
        var records = ledger.records(objects);
        assertThat(records).hasSize(objects.size());
        assertThat(records.values()).allSatisfy(record -> {
            assertThat(record.restore()).isPresent();
            assertThat(record.outcome(job).orElseThrow().settlement()).isEqualTo(Membership.Settlement.CREDITED);
        });
    }

    /** Receives until {@code expected} messages arrived (test event + Completed per object) or time runs out. */
    private static List<Message> receiveAll(software.amazon.awssdk.services.sqs.SqsClient sqs, String queueUrl,
                                            int expected, Duration timeout) {
        List<Message> messages = new ArrayList<>();
        Instant giveUp = Instant.now().plus(timeout);
        while (messages.size() < expected && Instant.now().isBefore(giveUp)) {
            messages.addAll(sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(1))
                    .messages());
        }
        return messages;
    }

    private static SQSEvent sqsEvent(List<Message> messages) {
        var event = new SQSEvent();
        event.setRecords(messages.stream().map(m -> {
            var record = new SQSEvent.SQSMessage();
            record.setMessageId(m.messageId());
            record.setBody(m.body());
            return record;
        }).toList());
        return event;
    }
}
