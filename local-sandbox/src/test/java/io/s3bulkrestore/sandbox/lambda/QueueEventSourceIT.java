package io.s3bulkrestore.sandbox.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.s3bulkrestore.adapters.AwsClients;
import io.s3bulkrestore.adapters.EmulatorClients;
import io.s3bulkrestore.emulators.MotoServer;
import io.s3bulkrestore.sandbox.lambda.QueueEventSource.Settings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/** The event source mapping stand-in against moto's SQS. */
class QueueEventSourceIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private static MotoServer moto;
    private static AwsClients clients;
    private static SqsClient sqs;

    private final RecordingHandler handler = new RecordingHandler();
    private QueueEventSource source;

    @BeforeAll
    static void startMoto() {
        moto = MotoServer.start();
        clients = EmulatorClients.of(moto);
        sqs = clients.sqs();
    }

    @AfterAll
    static void stopMoto() {
        clients.close();
        moto.close();
    }

    @AfterEach
    void stopSource() {
        if (source != null) {
            source.close();
        }
        moto.reset();
    }

    @Test
    void shouldHandTwentyFiveMessagesInBatchesOfAtMostTenAndDeleteEveryOne() {
        // Given
        Queue queue = createQueue("restore-events", 30, null);
        List<String> bodies = bodies("event-", 25);
        send(queue, bodies);

        // When
        source = QueueEventSource.start(sqs, queue.arn(), queue.url(), Settings.of(10, Duration.ZERO, Duration.ofSeconds(60), true),
                handler, "RestoreEventFunction");
        await("all 25 handled", () -> source.messagesHandled() == 25);

        // Then
        assertThat(handler.batches()).allSatisfy(batch -> assertThat(batch).hasSizeBetween(1, 10));
        assertThat(handler.deliveredBodies()).containsExactlyInAnyOrderElementsOf(bodies);
        assertThat(source.messagesFailed()).isZero();
        assertThat(source.invocations()).isEqualTo(handler.batches().size()).isGreaterThanOrEqualTo(3);
        assertThat(messagesOn(queue)).isZero();
    }

    @Test
    void shouldGatherMoreThanTenMessagesIntoOneBatchWithinTheBatchingWindow() {
        // Given
        Queue queue = createQueue("restore-events", 30, null);
        send(queue, bodies("event-", 25));

        // When
        source = QueueEventSource.start(sqs, queue.arn(), queue.url(), Settings.of(25, Duration.ofSeconds(2), Duration.ofSeconds(60), true),
                handler, "RestoreEventFunction");
        await("all 25 handled", () -> source.messagesHandled() == 25);

        // Then
        assertThat(handler.batches()).hasSize(1);
        assertThat(handler.batches().getFirst()).hasSize(25);
        assertThat(messagesOn(queue)).isZero();
    }

    @Test
    void shouldBuildRecordsAsLambdaDoes() throws Exception {
        // Given
        Queue queue = createQueue("restore-events", 30, null);
        String body = "{\"detail\":\"ünïcode\"}";
        String messageId = sqs.sendMessage(r -> r.queueUrl(queue.url()).messageBody(body).messageAttributes(Map.of(
                "jobId", MessageAttributeValue.builder().dataType("String").stringValue("job-7").build(),
                "blob", MessageAttributeValue.builder().dataType("Binary").binaryValue(SdkBytes.fromUtf8String("xyz")).build())))
                .messageId();

        // When
        source = QueueEventSource.start(sqs, queue.arn(), queue.url(), Settings.of(10, Duration.ZERO, Duration.ofSeconds(60), true),
                handler, "RestoreEventFunction");
        await("the message handled", () -> source.messagesHandled() == 1);

        // Then
        SQSEvent.SQSMessage record = handler.records().getFirst();
        assertThat(record.getMessageId()).isEqualTo(messageId);
        assertThat(record.getBody()).isEqualTo(body);
        assertThat(record.getReceiptHandle()).isNotBlank();
        assertThat(record.getMd5OfBody()).isEqualTo(md5Hex(body));
        assertThat(record.getMd5OfMessageAttributes()).isNotBlank();
        assertThat(record.getEventSource()).isEqualTo("aws:sqs");
        assertThat(record.getEventSourceArn()).isEqualTo(queue.arn());
        assertThat(record.getAwsRegion()).isEqualTo("us-east-1");
        assertThat(record.getAttributes()).containsEntry("ApproximateReceiveCount", "1")
                .containsKeys("SentTimestamp", "ApproximateFirstReceiveTimestamp", "SenderId");
        assertThat(record.getMessageAttributes().get("jobId").getStringValue()).isEqualTo("job-7");
        assertThat(record.getMessageAttributes().get("jobId").getDataType()).isEqualTo("String");
        ByteBuffer blob = record.getMessageAttributes().get("blob").getBinaryValue();
        assertThat(StandardCharsets.UTF_8.decode(blob.duplicate()).toString()).isEqualTo("xyz");
        assertThat(handler.contexts()).singleElement().satisfies(context -> {
            assertThat(context.functionName()).isEqualTo("RestoreEventFunction");
            assertThat(context.remainingMillis()).isBetween(1, 60_000);
        });
    }

    @Test
    void shouldLeaveExactlyTheReportedFailuresWhichComeBackAndReachTheDeadLetterQueue() {
        // Given a queue with a 1 s visibility timeout whose redrive policy allows two receives
        Queue deadLetters = createQueue("restore-events-dlq", 30, null);
        Queue queue = createQueue("restore-events", 1, new Redrive(deadLetters.arn(), 2));
        send(queue, List.of("ok-1", "ok-2", "ok-3", "ok-4", "bad-1", "bad-2"));
        handler.answerWith(event -> new SQSBatchResponse(event.getRecords().stream()
                .filter(record -> record.getBody().startsWith("bad"))
                .map(record -> new SQSBatchResponse.BatchItemFailure(record.getMessageId()))
                .toList()));

        // When
        source = QueueEventSource.start(sqs, queue.arn(), queue.url(), Settings.of(10, Duration.ZERO, Duration.ofSeconds(60), true),
                handler, "RestoreEventFunction");
        await("both failures on the dead-letter queue", () -> messagesOn(deadLetters) == 2);

        // Then the successes were delivered once, the failures exactly maxReceiveCount times
        Map<String, List<String>> receiveCounts = handler.receiveCountsByBody();
        for (String ok : List.of("ok-1", "ok-2", "ok-3", "ok-4")) {
            assertThat(receiveCounts.get(ok)).as(ok).containsExactly("1");
        }
        for (String bad : List.of("bad-1", "bad-2")) {
            assertThat(receiveCounts.get(bad)).as(bad).containsExactly("1", "2");
        }
        assertThat(source.messagesHandled()).isEqualTo(4);
        assertThat(source.messagesFailed()).isEqualTo(4);
        assertThat(messagesOn(queue)).isZero();
        List<Message> dead = sqs.receiveMessage(r -> r.queueUrl(deadLetters.url()).maxNumberOfMessages(10)).messages();
        assertThat(dead).extracting(Message::body).containsExactlyInAnyOrder("bad-1", "bad-2");
    }

    @Test
    void shouldDeleteNothingWhenTheFunctionThrows() {
        // Given
        Queue queue = createQueue("restore-events", 1, null);
        send(queue, List.of("a", "b", "c"));
        handler.answerWith(event -> {
            throw new IllegalStateException("the table is unreachable");
        });

        // When
        source = QueueEventSource.start(sqs, queue.arn(), queue.url(), Settings.of(10, Duration.ZERO, Duration.ofSeconds(60), true),
                handler, "RestoreEventFunction");
        await("every message delivered twice", () -> handler.receiveCountsByBody().values().stream()
                .filter(counts -> counts.size() >= 2).count() == 3);
        source.close();

        // Then
        assertThat(source.messagesHandled()).isZero();
        assertThat(source.messagesFailed()).isGreaterThanOrEqualTo(6);
        assertThat(messagesOn(queue)).isEqualTo(3);
    }

    @Test
    void shouldFailTheWholeBatchWhenTheFunctionReportsAMessageThatIsNotInIt() {
        // Given
        Queue queue = createQueue("restore-events", 1, null);
        send(queue, List.of("a", "b"));
        handler.answerWith(event -> new SQSBatchResponse(List.of(new SQSBatchResponse.BatchItemFailure("not-a-message-id"))));

        // When
        source = QueueEventSource.start(sqs, queue.arn(), queue.url(), Settings.of(10, Duration.ZERO, Duration.ofSeconds(60), true),
                handler, "RestoreEventFunction");
        await("both messages delivered twice", () -> handler.receiveCountsByBody().values().stream()
                .filter(counts -> counts.size() >= 2).count() == 2);
        source.close();

        // Then
        assertThat(source.messagesHandled()).isZero();
        assertThat(messagesOn(queue)).isEqualTo(2);
    }

    @Test
    void shouldIgnoreReportedFailuresWithoutReportBatchItemFailures() throws InterruptedException {
        // Given
        Queue queue = createQueue("restore-events", 1, null);
        send(queue, List.of("a", "b"));
        handler.answerWith(event -> new SQSBatchResponse(event.getRecords().stream()
                .map(record -> new SQSBatchResponse.BatchItemFailure(record.getMessageId())).toList()));

        // When
        source = QueueEventSource.start(sqs, queue.arn(), queue.url(), Settings.of(10, Duration.ZERO, Duration.ofSeconds(60), false),
                handler, "RestoreEventFunction");
        await("both handled", () -> source.messagesHandled() == 2);
        Thread.sleep(2_500); // longer than the visibility timeout: a message left behind would be delivered again

        // Then
        assertThat(handler.deliveredBodies()).containsExactlyInAnyOrder("a", "b");
        assertThat(messagesOn(queue)).isZero();
    }

    @Test
    void shouldFinishTheRunningInvocationWhenClosed() throws Exception {
        // Given a function that is still busy when close() is called
        Queue queue = createQueue("restore-events", 30, null);
        send(queue, List.of("a", "b", "c"));
        CountDownLatch inside = new CountDownLatch(1);
        handler.answerWith(event -> {
            inside.countDown();
            sleep(Duration.ofMillis(1_500));
            return new SQSBatchResponse(List.of());
        });
        source = QueueEventSource.start(sqs, queue.arn(), queue.url(), Settings.of(10, Duration.ZERO, Duration.ofSeconds(60), true),
                handler, "RestoreEventFunction");
        assertThat(inside.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();

        // When
        source.close();

        // Then the batch was settled before close returned
        assertThat(source.messagesHandled()).isEqualTo(handler.deliveredBodies().size()).isPositive();
        assertThat(messagesOn(queue)).isEqualTo(3 - source.messagesHandled());
    }

    @Test
    void shouldStopPollingWhenClosed() throws InterruptedException {
        // Given
        Queue queue = createQueue("restore-events", 30, null);
        source = QueueEventSource.start(sqs, queue.arn(), queue.url(),
                Settings.of(10, Duration.ZERO, Duration.ofSeconds(60), true).withConcurrency(2), handler, "RestoreEventFunction");

        // When
        Instant closing = Instant.now();
        source.close();
        Duration closeTook = Duration.between(closing, Instant.now());
        send(queue, List.of("a", "b", "c"));
        Thread.sleep(2_000);

        // Then
        assertThat(closeTook).isLessThan(Duration.ofSeconds(5));
        assertThat(source.invocations()).isZero();
        assertThat(handler.batches()).isEmpty();
        assertThat(messagesOn(queue)).isEqualTo(3);
    }

    // ---------------------------------------------------------------------------------------------

    private record Queue(String url, String arn) {
    }

    private record Redrive(String deadLetterArn, int maxReceiveCount) {
    }

    private static Queue createQueue(String name, int visibilityTimeoutSeconds, Redrive redrive) {
        Map<QueueAttributeName, String> attributes = new java.util.HashMap<>();
        attributes.put(QueueAttributeName.VISIBILITY_TIMEOUT, Integer.toString(visibilityTimeoutSeconds));
        if (redrive != null) {
            attributes.put(QueueAttributeName.REDRIVE_POLICY, "{\"deadLetterTargetArn\":\"" + redrive.deadLetterArn()
                    + "\",\"maxReceiveCount\":\"" + redrive.maxReceiveCount() + "\"}");
        }
        String url = sqs.createQueue(r -> r.queueName(name).attributes(attributes)).queueUrl();
        String arn = sqs.getQueueAttributes(r -> r.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        return new Queue(url, arn);
    }

    private static List<String> bodies(String prefix, int count) {
        return IntStream.rangeClosed(1, count).mapToObj(i -> prefix + i).toList();
    }

    private static void send(Queue queue, List<String> bodies) {
        for (int from = 0; from < bodies.size(); from += 10) {
            List<String> chunk = bodies.subList(from, Math.min(bodies.size(), from + 10));
            List<SendMessageBatchRequestEntry> entries = IntStream.range(0, chunk.size())
                    .mapToObj(i -> SendMessageBatchRequestEntry.builder().id("m" + i).messageBody(chunk.get(i)).build())
                    .toList();
            assertThat(sqs.sendMessageBatch(r -> r.queueUrl(queue.url()).entries(entries)).failed()).isEmpty();
        }
    }

    /** Visible plus in-flight messages. */
    private static int messagesOn(Queue queue) {
        Map<QueueAttributeName, String> attributes = sqs.getQueueAttributes(r -> r.queueUrl(queue.url()).attributeNames(
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
                .attributes();
        return Integer.parseInt(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                + Integer.parseInt(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
    }

    private static void await(String what, BooleanSupplier condition) {
        Instant giveUp = Instant.now().plus(TIMEOUT);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(giveUp)) {
                fail("gave up waiting for " + what + " after " + TIMEOUT);
            }
            sleep(Duration.ofMillis(100));
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String md5Hex(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** Records every batch and context, and answers as told (a complete success by default). */
    private static final class RecordingHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {

        record SeenContext(String functionName, int remainingMillis) {
        }

        private final List<List<SQSEvent.SQSMessage>> batches = Collections.synchronizedList(new ArrayList<>());
        private final List<SeenContext> contexts = Collections.synchronizedList(new ArrayList<>());
        private volatile Function<SQSEvent, SQSBatchResponse> answer = event -> new SQSBatchResponse(List.of());

        void answerWith(Function<SQSEvent, SQSBatchResponse> answer) {
            this.answer = answer;
        }

        @Override
        public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
            batches.add(List.copyOf(event.getRecords()));
            contexts.add(new SeenContext(context.getFunctionName(), context.getRemainingTimeInMillis()));
            return answer.apply(event);
        }

        List<List<SQSEvent.SQSMessage>> batches() {
            return List.copyOf(batches);
        }

        List<SeenContext> contexts() {
            return List.copyOf(contexts);
        }

        List<SQSEvent.SQSMessage> records() {
            return batches().stream().flatMap(List::stream).toList();
        }

        List<String> deliveredBodies() {
            return records().stream().map(SQSEvent.SQSMessage::getBody).toList();
        }

        /** Each body's ApproximateReceiveCount at every delivery, in delivery order. */
        Map<String, List<String>> receiveCountsByBody() {
            return records().stream().collect(Collectors.groupingBy(SQSEvent.SQSMessage::getBody,
                    Collectors.mapping(record -> record.getAttributes().get("ApproximateReceiveCount"), Collectors.toList())));
        }
    }
}
