package io.s3bulkrestore.events;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.s3bulkrestore.adapters.metrics.EmfMetrics;
import io.s3bulkrestore.copy.CopyOutcome;
import io.s3bulkrestore.copy.CopyRestoredObjects;
import io.s3bulkrestore.copy.CopyTask;
import io.s3bulkrestore.fakes.FakeCurrentVersions;
import io.s3bulkrestore.fakes.FakeObjectCopier;
import io.s3bulkrestore.fakes.InMemoryRestoreLedger;
import io.s3bulkrestore.fakes.RecordingCopyQueue;
import io.s3bulkrestore.model.CopySpec;
import io.s3bulkrestore.model.CreateJobRequest;
import io.s3bulkrestore.model.DestinationKeys;
import io.s3bulkrestore.model.Job;
import io.s3bulkrestore.model.JobId;
import io.s3bulkrestore.model.ManifestFormat;
import io.s3bulkrestore.model.ManifestLocation;
import io.s3bulkrestore.model.ObjectId;
import io.s3bulkrestore.model.RestoreTier;
import io.s3bulkrestore.model.StorageFamily;
import io.s3bulkrestore.model.TargetStorageClass;
import io.s3bulkrestore.tracking.MembershipClaim;
import io.s3bulkrestore.tracking.Origin;
import io.s3bulkrestore.tracking.RestoreFact;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The copy worker's Lambda entry point: a batch of copy tasks from the copy queue. */
class CopyHandlerTest {

    private static final Instant NOW = Instant.now();
    private static final JobId JOB = new JobId("job-h");

    private final InMemoryRestoreLedger ledger = new InMemoryRestoreLedger();
    private final FakeObjectCopier copier = new FakeObjectCopier();
    private final List<String> delays = new ArrayList<>();
    private final RecordingCopyQueue continuations = new RecordingCopyQueue();
    private Job job;

    private static ObjectId object(int i) {
        return new ObjectId("archive", "k" + i, "v" + i);
    }

    @BeforeEach
    void restoredObjectsOfAJobThatCopies() {
        var request = new CreateJobRequest("manifests", "m.csv", RestoreTier.BULK, 3, StorageFamily.GLACIER,
                ManifestFormat.CSV, null).withCopy(new CopySpec("vault", DestinationKeys.sameKey(),
                TargetStorageClass.STANDARD, true, null));
        job = Job.submitting(JOB, request, new ManifestLocation("manifests", "m.csv", "\"e\"", 10), NOW,
                NOW.plus(Duration.ofHours(12)), null).submitted("batch-h", 1);
        List<MembershipClaim> claims = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            claims.add(new MembershipClaim(object(i), new Origin(0, i * 10L), Optional.of(NOW.minusSeconds(60)), true));
        }
        ledger.register(JOB, claims, NOW, NOW.plus(Duration.ofDays(30)));
        ledger.recordRestores(Map.of(object(0), RestoreFact.at(NOW), object(1), RestoreFact.at(NOW),
                object(2), RestoreFact.at(NOW)));
    }

    private CopyHandler handler() {
        return new CopyHandler(new CopyRestoredObjects(id -> Optional.of(job), ledger,
                FakeCurrentVersions.neverAsked(), copier, continuations, 3), (handle, after) -> delays.add(handle + " " + after),
                EmfMetrics.nowhere());
    }

    private static SQSEvent.SQSMessage message(String id, String body, int receiveCount) {
        var message = new SQSEvent.SQSMessage();
        message.setMessageId(id);
        message.setReceiptHandle("handle-" + id + "-" + receiveCount);
        message.setBody(body);
        message.setAttributes(Map.of("ApproximateReceiveCount", Integer.toString(receiveCount)));
        return message;
    }

    private static SQSEvent event(SQSEvent.SQSMessage... messages) {
        var event = new SQSEvent();
        event.setRecords(List.of(messages));
        return event;
    }

    @Test
    void shouldCopyEachTaskOnceEvenWhenTheBatchCarriesItTwice() {
        String task0 = new CopyTask(JOB, object(0)).toMessage();
        String task1 = new CopyTask(JOB, object(1)).toMessage();

        SQSBatchResponse response = handler().handleRequest(event(message("m1", task0, 1), message("m2", task1, 1),
                message("m3", task0, 1)), null);

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(copier.requests()).hasSize(2);
        assertThat(ledger.countsOf(JOB).copied()).isEqualTo(2);
    }

    @Test
    void shouldReportATaskToTryAgainAsAFailureAndRecordItFailedAtTheLastAttempt() {
        copier.answering("k2", new CopyOutcome.Failed("SlowDown", true), new CopyOutcome.Failed("SlowDown", true));
        String task2 = new CopyTask(JOB, object(2)).toMessage();

        SQSBatchResponse first = handler().handleRequest(event(message("m1", task2, 1)), null);
        SQSBatchResponse last = handler().handleRequest(event(message("m1", task2, 3)), null);

        assertThat(first.getBatchItemFailures()).extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
                .containsExactly("m1");
        assertThat(last.getBatchItemFailures()).isEmpty();
        assertThat(ledger.countsOf(JOB).copyFailed()).isEqualTo(1);
        assertThat(delays).as("the retry hidden for 30 s, not the queue's 90 minutes").containsExactly("handle-m1-1 PT30S");
    }

    @Test
    void shouldContinueACopyThatMadeProgressWithANewMessageNeitherHandingItBackNorCountingAnAttempt() {
        // the third delivery of a task (two passing failures before) that copies 2 more parts and runs out of time
        copier.answering("k2", new CopyOutcome.Unfinished("token-1", 3, 8, 2, CopyOutcome.Unfinished.OUT_OF_TIME));
        String task2 = new CopyTask(JOB, object(2)).toMessage();

        SQSBatchResponse response = handler().handleRequest(event(message("m1", task2, 3)), null);

        assertThat(response.getBatchItemFailures()).as("its message is done: not delivered again").isEmpty();
        assertThat(delays).isEmpty();
        assertThat(continuations.sent()).containsExactly(new CopyTask(JOB, object(2), "token-1"));
        assertThat(ledger.countsOf(JOB).copyFailed()).as("not recorded failed at the last attempt").isZero();

        // the continuation is a new message: its deliveries count from 1, and it carries the token to the copier
        String continued = continuations.sent().getFirst().toMessage();
        assertThat(handler().handleRequest(event(message("m2", continued, 1)), null).getBatchItemFailures()).isEmpty();
        assertThat(copier.resumeTokens()).containsExactly(Optional.empty(), Optional.of("token-1"));
        assertThat(ledger.countsOf(JOB).copied()).isEqualTo(1);
    }

    @Test
    void shouldHandBackWithTheRetryDelayACopyThatCopiedNoPartAndKeepItsToken() {
        copier.answering("k2", new CopyOutcome.Unfinished("token-1", 3, 8, 0, "SlowDown"));
        String continued = new CopyTask(JOB, object(2), "token-1").toMessage();

        SQSBatchResponse response = handler().handleRequest(event(message("m1", continued, 2)), null);

        assertThat(response.getBatchItemFailures()).extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
                .containsExactly("m1");
        assertThat(delays).containsExactly("handle-m1-2 PT1M");
        assertThat(continuations.sent()).isEmpty();
    }

    @Test
    void shouldGiveTheCopiesLambdasTimeLeftLessTheReserveForHandingBack() {
        Context context = (Context) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Context.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getRemainingTimeInMillis" -> 600_000;
                    case "getAwsRequestId" -> "req-1";
                    default -> throw new UnsupportedOperationException(method.getName());
                });

        handler().handleRequest(event(message("m1", new CopyTask(JOB, object(0)).toMessage(), 1)), context);
        handler().handleRequest(event(message("m2", new CopyTask(JOB, object(1)).toMessage(), 1)), null);

        assertThat(copier.millisLeft()).containsExactly(600_000 - CopyHandler.HAND_BACK_RESERVE.toMillis(),
                Long.MAX_VALUE);
    }

    @Test
    void shouldDropAMessageThatIsNotACopyTaskWithoutFailingTheBatch() {
        SQSBatchResponse response = handler().handleRequest(event(message("m1", "{\"not\":\"a task\"}", 1),
                message("m2", new CopyTask(JOB, object(0)).toMessage(), 1)), null);

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(copier.requests()).hasSize(1);
    }

    @Test
    void shouldDoubleTheRetryDelayUpToAQuarterOfAnHour() {
        assertThat(List.of(1, 2, 3, 5, 6, 9).stream().map(CopyHandler::retryDelay).map(java.time.Duration::toSeconds))
                .containsExactly(30L, 60L, 120L, 480L, 900L, 900L);
    }

    @Test
    void shouldReadTheAttemptFromTheReceiveCount() {
        assertThat(CopyHandler.attempt(message("m", "", 4))).isEqualTo(4);
        var unsaid = new SQSEvent.SQSMessage();
        assertThat(CopyHandler.attempt(unsaid)).isEqualTo(1);
    }

    @Test
    void shouldCarryAnyKeyThroughTheQueueMessage() {
        ObjectId odd = new ObjectId("archive", "a|b/ctrl\u0001 ünï+%20.txt", null);
        String message = new CopyTask(JOB, odd).toMessage();

        assertThat(message).doesNotContain("\u0001");
        assertThat(CopyTask.fromMessage(message)).isEqualTo(new CopyTask(JOB, odd));
        CopyTask continued = new CopyTask(JOB, odd, "mpu1/5242880/v%7C1/e/up|load id");
        assertThat(CopyTask.fromMessage(continued.toMessage())).isEqualTo(continued);
    }
}
