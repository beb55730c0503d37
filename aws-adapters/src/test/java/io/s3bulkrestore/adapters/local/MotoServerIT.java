package io.s3bulkrestore.adapters.local;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.InvalidObjectStateException;
import software.amazon.awssdk.services.s3.model.StorageClass;

import java.nio.file.Files;
import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Pins the moto behaviour the rest of the suite relies on: archived objects refuse GET until restored, and SQS
 * through the launcher script that takes moto's per-request costs out.
 */
class MotoServerIT {

    @Test
    void shouldServeArchivedObjectsWithGlacierSemantics() {
        try (MotoServer moto = MotoServer.start(); var clients = moto.clients(); var s3 = clients.s3()) {
            s3.createBucket(b -> b.bucket("archive-1"));
            s3.putObject(b -> b.bucket("archive-1").key("a b+c.txt").storageClass(StorageClass.GLACIER),
                    RequestBody.fromString("hello"));

            assertThat(s3.headObject(b -> b.bucket("archive-1").key("a b+c.txt")).storageClassAsString())
                    .isEqualTo("GLACIER");
            assertThatThrownBy(() -> s3.getObjectAsBytes(b -> b.bucket("archive-1").key("a b+c.txt")))
                    .isInstanceOf(InvalidObjectStateException.class);

            s3.restoreObject(b -> b.bucket("archive-1").key("a b+c.txt").restoreRequest(r -> r.days(1)));
            assertThat(s3.headObject(b -> b.bucket("archive-1").key("a b+c.txt")).restore()).contains("ongoing-request");
        }
    }

    @Test
    void shouldReceiveMessagesThroughTheLauncherWithoutALogLinePerRequest() throws Exception {
        try (MotoServer moto = MotoServer.start(); var clients = moto.clients(); var sqs = clients.sqs()) {
            // Given a queue with messages (ReceiveMessage is where the launcher changes moto's retention check)
            String queue = sqs.createQueue(b -> b.queueName("launcher")).queueUrl();
            for (int i = 0; i < 25; i++) {
                int n = i;
                sqs.sendMessage(b -> b.queueUrl(queue).messageBody("m" + n));
            }

            // When
            Set<String> received = new HashSet<>();
            for (int polls = 0; polls < 10 && received.size() < 25; polls++) {
                sqs.receiveMessage(b -> b.queueUrl(queue).maxNumberOfMessages(10))
                        .messages().forEach(message -> received.add(message.body()));
            }

            // Then: every message, within retention, and werkzeug's per-request line is gone from moto's log
            assertThat(received).hasSize(25).contains("m0", "m24");
            assertThat(Files.readString(moto.logFile())).doesNotContain("POST / HTTP/1.1");
        }
    }
}
