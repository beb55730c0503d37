package io.s3bulkrestore.events;

import io.s3bulkrestore.fakes.FakeCurrentVersions;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.s3bulkrestore.fakes.InMemoryRestoreLedger;
import io.s3bulkrestore.fakes.RecordingMessageRequeue;
import io.s3bulkrestore.logging.TestLambdaContext;
import io.s3bulkrestore.model.JobId;
import io.s3bulkrestore.model.ObjectId;
import io.s3bulkrestore.tracking.MembershipClaim;
import io.s3bulkrestore.tracking.Origin;
import io.s3bulkrestore.tracking.RecordRestoreEvents;
import io.s3bulkrestore.tracking.RestoreLedger;
import org.junit.jupiter.api.Test;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** RestoreEventFunction within its 60 s: slices that fit run, the others go back to the queue. */
class RestoreEventBatchTest {

    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private static final JobId JOB = new JobId("job-1");
    private static final int EVENTS = 1_000;

    private final InMemoryRestoreLedger ledger = new InMemoryRestoreLedger();
    private final RecordingMessageRequeue requeue = new RecordingMessageRequeue();
    /** RestoreEventFunction's time left; recording a slice's facts "takes" {@link #factsMillis}. */
    private int remainingMillis = 60_000;
    private int factsMillis;

    /** The in-memory ledger, as slow as a throttled DynamoDB when it records facts. */
    private final RestoreLedger slowLedger = (RestoreLedger) Proxy.newProxyInstance(getClass().getClassLoader(),
            new Class<?>[] {RestoreLedger.class}, (proxy, method, args) -> {
                if (method.getName().equals("recordRestores")) {
                    remainingMillis -= factsMillis;
                }
                try {
                    return method.invoke(ledger, args);
                } catch (InvocationTargetException e) {
                    throw e.getCause();
                }
            });

    private final RestoreEventHandler handler = new RestoreEventHandler(new RestoreEventBatch(
            new RestoreEventEnvelopes(new ObjectMapper()), new RecordRestoreEvents(slowLedger, FakeCurrentVersions.neverAsked()),
            requeue));

    /** A Lambda context whose time left is {@link #remainingMillis}. */
    private final Context context = new TestLambdaContext("req-1", () -> remainingMillis);

    private static ObjectId object(int i) {
        return ObjectId.of("archive-1", "photos/img-" + i + ".jpg");
    }

    private static String completed(int i) {
        return """
                {"Records":[{"eventName":"ObjectRestore:Completed","eventTime":"%s",
                 "s3":{"bucket":{"name":"archive-1"},"object":{"key":"photos/img-%d.jpg"}}}]}"""
                .formatted(NOW, i);
    }

    private static SQSEvent sqsEvent(List<String> bodies) {
        List<SQSEvent.SQSMessage> messages = new ArrayList<>();
        for (int i = 0; i < bodies.size(); i++) {
            var message = new SQSEvent.SQSMessage();
            message.setMessageId("m-" + i);
            message.setBody(bodies.get(i));
            messages.add(message);
        }
        var event = new SQSEvent();
        event.setRecords(messages);
        return event;
    }

    private List<String> givenAJobWaitingForEveryObjectAndTheirEvents() {
        List<MembershipClaim> claims = new ArrayList<>();
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < EVENTS; i++) {
            claims.add(new MembershipClaim(object(i), new Origin(0, i)));
            bodies.add(completed(i));
        }
        ledger.register(JOB, claims, NOW.minusSeconds(3600), NOW.plus(java.time.Duration.ofDays(30)));
        return bodies;
    }

    @Test
    void shouldApplyTheSlicesThatFitAndSendTheRestBackToTheQueueWhenDynamoDbIsSlow() {
        // Given the largest batch the template allows, and a store that takes 20 s per slice of 100 events
        List<String> bodies = givenAJobWaitingForEveryObjectAndTheirEvents();
        factsMillis = 20_000;

        // When
        SQSBatchResponse response = handler.handleRequest(sqsEvent(bodies), context);

        // Then two slices ran (the second needed 1.5 x 20 s + 10 s = 40 s, and 40 s were left); the third would
        // have outlived the timeout, so its messages and the rest went back to the queue, none as a failure
        assertThat(ledger.countsOf(JOB).restored()).isEqualTo(200);
        assertThat(requeue.sent()).isEqualTo(bodies.subList(200, EVENTS));
        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(remainingMillis).isPositive();

        // And when the queue delivers them again, they are credited
        factsMillis = 0;
        remainingMillis = 60_000;
        handler.handleRequest(sqsEvent(requeue.sent()), context);
        assertThat(ledger.countsOf(JOB).restored()).isEqualTo(EVENTS);
    }

    @Test
    void shouldApplyTheWholeLargestBatchAtTheUsualPace() {
        List<String> bodies = givenAJobWaitingForEveryObjectAndTheirEvents();
        factsMillis = 1_000;

        SQSBatchResponse response = handler.handleRequest(sqsEvent(bodies), context);

        assertThat(ledger.countsOf(JOB).restored()).isEqualTo(EVENTS);
        assertThat(requeue.sent()).isEmpty();
        assertThat(response.getBatchItemFailures()).isEmpty();
    }

    @Test
    void shouldReportTheUnstartedMessagesAsFailedWhenTheyCannotBeSentBack() {
        List<String> bodies = givenAJobWaitingForEveryObjectAndTheirEvents();
        factsMillis = 55_000;
        requeue.failSends(true);

        SQSBatchResponse response = handler.handleRequest(sqsEvent(bodies), context);

        assertThat(ledger.countsOf(JOB).restored()).isEqualTo(100);
        assertThat(response.getBatchItemFailures()).hasSize(EVENTS - 100)
                .first().extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier).isEqualTo("m-100");
    }
}
