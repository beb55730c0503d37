package io.s3bulkrestore.events;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.s3bulkrestore.adapters.metrics.EmfMetrics;
import io.s3bulkrestore.fakes.InMemoryRestoreLedger;
import io.s3bulkrestore.model.JobId;
import io.s3bulkrestore.model.ObjectId;
import io.s3bulkrestore.tracking.MembershipClaim;
import io.s3bulkrestore.tracking.Origin;
import io.s3bulkrestore.tracking.CurrentVersions;
import io.s3bulkrestore.tracking.RecordRestoreEvents;
import io.s3bulkrestore.tracking.ObjectRecord;
import io.s3bulkrestore.tracking.RestoreEvent;
import io.s3bulkrestore.tracking.RestoreFact;
import io.s3bulkrestore.tracking.RestoreLedger;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import static io.s3bulkrestore.events.RestoreEventEnvelopesTest.fixture;
import static org.assertj.core.api.Assertions.assertThat;

class RestoreEventHandlerTest {

    private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
    private static final JobId JOB = new JobId("job-1");
    private static final ObjectId REPORT = new ObjectId("archive-1", "reports/2024/q1 summary + café.csv",
            "3HL4kqtJlcpXroDTDmJ.rmSpXd3dIbrHY");

    /** The events' versions are their objects' current ones: REPORT's, and "v1" of the EventBridge fixtures. */
    private static final CurrentVersions CURRENT_VERSIONS = objects -> objects.stream().collect(Collectors.toMap(
            object -> object, object -> Optional.of(object.key().equals(REPORT.key()) ? REPORT.versionId() : "v1")));

    private final InMemoryRestoreLedger ledger = new InMemoryRestoreLedger();

    private RestoreEventHandler handler(RestoreLedger ledger) {
        return new RestoreEventHandler(new RestoreEventBatch(new RestoreEventEnvelopes(new ObjectMapper()),
                new RecordRestoreEvents(ledger, CURRENT_VERSIONS)));
    }

    private static SQSEvent batch(String... bodies) {
        List<SQSEvent.SQSMessage> messages = new ArrayList<>();
        for (int i = 0; i < bodies.length; i++) {
            var message = new SQSEvent.SQSMessage();
            message.setMessageId("m-" + i);
            message.setBody(bodies[i]);
            messages.add(message);
        }
        var event = new SQSEvent();
        event.setRecords(messages);
        return event;
    }

    private void givenJobWaitingFor(ObjectId... objects) {
        List<MembershipClaim> claims = new ArrayList<>();
        for (int i = 0; i < objects.length; i++) {
            claims.add(new MembershipClaim(objects[i], new Origin(0, i)));
        }
        ledger.register(JOB, claims, NOW, NOW.plus(java.time.Duration.ofDays(30)));
    }

    @Test
    void shouldCreditEachObjectOnceWhateverEnvelopeAndHowOftenItArrives() {
        givenJobWaitingFor(REPORT);

        SQSBatchResponse response = handler(ledger).handleRequest(batch(fixture("s3-completed.json"),
                fixture("sns-wrapped-completed.json"), fixture("eventbridge-completed.json")), null);

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(ledger.countsOf(JOB).restored()).isEqualTo(1);
    }

    @Test
    void shouldCreditTheObjectWhoseKeyIsExactlyTheEventBridgeKey() {
        // Given a job waiting for a key with a space and a '+' (and another for what its form-decoding reads)
        ObjectId plus = ObjectId.of("archive-1", "dir/a b+c.txt");
        ObjectId spaces = ObjectId.of("archive-1", "dir/a b c.txt");
        givenJobWaitingFor(plus);
        JobId other = new JobId("job-2");
        ledger.register(other, List.of(new MembershipClaim(spaces, new Origin(0, 0))), NOW,
                NOW.plus(java.time.Duration.ofDays(30)));

        // When EventBridge reports the restore of "dir/a b+c.txt" (raw, as AWS and moto send it)
        SQSBatchResponse response = handler(ledger).handleRequest(
                batch(RestoreEventEnvelopesTest.eventBridgeCompleted("dir/a b+c.txt")), null);

        // Then that object is credited, and the object its decoding would name is not
        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(ledger.countsOf(JOB).restored()).isEqualTo(1);
        assertThat(ledger.countsOf(other).restored()).isZero();
    }

    @Test
    void shouldCreditTheDecodedVariantWhenOnlyThatIsTracked() {
        // Given a job waiting for "q1 summary + café.csv" and an EventBridge event whose key arrived form-encoded
        ObjectId tracked = ObjectId.of("archive-1", "q1 summary + café.csv");
        givenJobWaitingFor(tracked);
        String encoded = java.net.URLEncoder.encode(tracked.key(), java.nio.charset.StandardCharsets.UTF_8);

        // When
        SQSBatchResponse response = handler(ledger).handleRequest(
                batch(RestoreEventEnvelopesTest.eventBridgeCompleted(encoded)), null);

        // Then the tracked object is credited (the exact key names no tracked object), and its fact recorded
        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(ledger.countsOf(JOB).restored()).isEqualTo(1);
        assertThat(ledger.record(tracked).orElseThrow().restore()).isPresent();
    }

    @Test
    void shouldApplyAnEventBridgeKeyThatIsNoValidEncodingAsWritten() {
        ObjectId percent = ObjectId.of("archive-1", "reports/100%.txt");
        givenJobWaitingFor(percent);

        SQSBatchResponse response = handler(ledger).handleRequest(
                batch(RestoreEventEnvelopesTest.eventBridgeCompleted(percent.key())), null);

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(ledger.countsOf(JOB).restored()).isEqualTo(1);
    }

    @Test
    void shouldAcceptInitiatedAndExpiredEventsAndCreditNothingForThem() {
        // Given a job waiting for objects that Initiated / Expired events name. The stack routes only
        // Completed now, but an older routing configuration or a queue backlog may still deliver these.
        ObjectId plain = ObjectId.of("archive-1", "plain.txt");
        givenJobWaitingFor(plain, ObjectId.of("archive-1", "a"), ObjectId.of("archive-1", "b"));

        // When they arrive, in both envelopes
        SQSBatchResponse response = handler(ledger).handleRequest(batch(fixture("eventbridge-initiated.json"),
                fixture("eventbridge-expired.json"), fixture("s3-post-and-delete.json")), null);

        // Then no message fails (none would be retried into the dead-letter queue) and nothing is credited
        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(ledger.countsOf(JOB).restored()).isZero();
    }

    @Test
    void shouldKeepACompletedRestoreCreditedWhenInitiatedAndExpiredEventsFollow() {
        ObjectId plain = ObjectId.of("archive-1", "plain.txt");
        givenJobWaitingFor(plain);

        String completed = """
                {"version":"0","detail-type":"Object Restore Completed","source":"aws.s3","time":"2026-11-23T10:00:00Z",
                 "detail":{"bucket":{"name":"archive-1"},"object":{"key":"plain.txt"},
                 "restore-expiry-time":"2026-11-30T00:00:00Z"}}""";

        SQSBatchResponse response = handler(ledger).handleRequest(batch(completed,
                fixture("eventbridge-initiated.json"), fixture("eventbridge-expired.json")), null);

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(ledger.countsOf(JOB).restored()).isEqualTo(1);
    }

    @Test
    void shouldFailOnlyTheMalformedMessage() {
        givenJobWaitingFor(REPORT);

        SQSBatchResponse response = handler(ledger).handleRequest(batch("garbage", fixture("s3-completed.json"),
                fixture("s3-test-event.json")), null);

        assertThat(response.getBatchItemFailures()).extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
                .containsExactly("m-0");
        assertThat(ledger.countsOf(JOB).restored()).isEqualTo(1);
    }

    @Test
    void shouldWriteItsMetricsAsOneEmbeddedMetricFormatLinePerInvocation() {
        givenJobWaitingFor(REPORT);
        List<String> lines = new ArrayList<>();
        var handler = new RestoreEventHandler(new RestoreEventBatch(new RestoreEventEnvelopes(new ObjectMapper()),
                new RecordRestoreEvents(ledger, CURRENT_VERSIONS)),
                new EmfMetrics("RestoreEventFunction", Clock.systemUTC(), lines::add));

        handler.handleRequest(batch("garbage", fixture("s3-completed.json"), fixture("s3-test-event.json")), null);

        // one event received, recorded on the version and on the line without a version; one message failed
        assertThat(lines).singleElement().satisfies(line -> assertThat(line)
                .contains("\"Namespace\":\"S3BulkRestore\"", "\"FunctionName\":\"RestoreEventFunction\"",
                        "\"RestoreEventsReceived\":1,", "\"RestoresRecorded\":2,", "\"RestoreEventMessagesRequeued\":0,",
                        "\"RestoreEventMessagesFailed\":1}"));
    }

    @Test
    void shouldIgnoreEventsForObjectsInNoJob() {
        SQSBatchResponse response = handler(ledger).handleRequest(batch(fixture("s3-completed.json")), null);

        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(ledger.countsOf(JOB).restored()).isZero();
    }

    @Test
    void shouldIsolateTheMessageThatCannotBeAppliedWhenTheBatchFails() {
        givenJobWaitingFor(REPORT, ObjectId.of("archive-1", "plain.txt"));
        // A ledger that refuses any batch touching the object "poison".
        RestoreLedger refusing = new DelegatingLedger(ledger) {
            @Override
            public void recordRestores(Map<ObjectId, RestoreFact> restores) {
                if (restores.keySet().stream().anyMatch(object -> object.key().equals("poison"))) {
                    throw new IllegalStateException("store unavailable for this item");
                }
                super.recordRestores(restores);
            }
        };
        String poison = """
                {"Records":[{"eventName":"ObjectRestore:Completed","eventTime":"2026-11-23T10:00:00Z",
                 "s3":{"bucket":{"name":"archive-1"},"object":{"key":"poison"}}}]}""";

        SQSBatchResponse response = handler(refusing).handleRequest(batch(fixture("s3-completed.json"), poison), null);

        assertThat(response.getBatchItemFailures()).extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
                .containsExactly("m-1");
        assertThat(ledger.countsOf(JOB).restored()).isEqualTo(1);
    }

    @Test
    void shouldAnswerAnEmptyBatchWithNoFailures() {
        assertThat(handler(ledger).handleRequest(new SQSEvent(), null).getBatchItemFailures()).isEmpty();
    }

    /** Passes every call through; tests override one step. */
    private static class DelegatingLedger implements RestoreLedger {
        private final RestoreLedger delegate;

        DelegatingLedger(RestoreLedger delegate) {
            this.delegate = delegate;
        }

        @Override
        public void recordRestores(Map<ObjectId, RestoreFact> restores) {
            delegate.recordRestores(restores);
        }

        @Override
        public Map<ObjectId, ObjectRecord> records(Collection<ObjectId> objects) {
            return delegate.records(objects);
        }

        @Override
        public List<io.s3bulkrestore.tracking.Registration> register(JobId job, List<MembershipClaim> claims,
                                                                     Instant registeredAt, Instant keepUntil) {
            return delegate.register(job, claims, registeredAt, keepUntil);
        }

        @Override
        public int markFailed(JobId job, Collection<ObjectId> objects, String errorCode) {
            return delegate.markFailed(job, objects, errorCode);
        }

        @Override
        public int markSkipped(JobId job, Collection<ObjectId> objects, String code) {
            return delegate.markSkipped(job, objects, code);
        }

        @Override
        public boolean recordCopy(JobId job, ObjectId object, io.s3bulkrestore.tracking.CopyResult result) {
            return delegate.recordCopy(job, object, result);
        }

        @Override
        public boolean recordChunkSummary(JobId job, io.s3bulkrestore.tracking.ChunkSummary summary, Instant keepUntil) {
            return delegate.recordChunkSummary(job, summary, keepUntil);
        }
    }
}
