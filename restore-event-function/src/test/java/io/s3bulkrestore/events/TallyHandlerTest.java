package io.s3bulkrestore.events;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent.DynamodbStreamRecord;
import com.amazonaws.services.lambda.runtime.events.DynamodbTimeWindowEvent;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord;
import io.s3bulkrestore.adapters.metrics.EmfMetrics;
import io.s3bulkrestore.fakes.InMemoryRestoreLedger;
import io.s3bulkrestore.model.JobCounts;
import io.s3bulkrestore.model.JobId;
import io.s3bulkrestore.tally.TallyChanges;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TallyHandlerTest {

    private static final JobId JOB = new JobId("job-t");
    private static final long CREATED = Instant.now().minusSeconds(3600).toEpochMilli();

    private final InMemoryRestoreLedger counters = new InMemoryRestoreLedger();
    private final TallyHandler handler = new TallyHandler(new TallyChanges(counters));

    /** A stored object record as the stream shows it: listed by the job, restored or not, its task failed or not. */
    private static Map<String, AttributeValue> image(String key, boolean restored, String settled) {
        Map<String, AttributeValue> membership = new HashMap<>(Map.of(
                "o", new AttributeValue().withS("0#" + key.length()),
                "c", new AttributeValue().withN(Long.toString(CREATED)),
                "r", new AttributeValue().withN(Long.toString(CREATED + 1_000))));
        if (settled != null) {
            membership.put("s", new AttributeValue().withS(settled));
            membership.put("e", new AttributeValue().withS("AccessDenied"));
        }
        Map<String, AttributeValue> item = new HashMap<>(Map.of(
                "pk", new AttributeValue().withS(io.s3bulkrestore.model.ObjectId.of("archive-1", key).canonical()),
                "J#" + JOB.value(), new AttributeValue().withM(membership)));
        if (restored) {
            item.put("restoredAt", new AttributeValue().withN(Long.toString(CREATED + 60_000)));
            item.put("restoreExpiresAt", new AttributeValue().withN(Long.toString(CREATED + 86_400_000)));
        }
        return item;
    }

    private static DynamodbStreamRecord record(String eventName, String sequence, Map<String, AttributeValue> before,
                                               Map<String, AttributeValue> after) {
        var stream = new StreamRecord();
        stream.setSequenceNumber(sequence);
        stream.setOldImage(before);
        stream.setNewImage(after);
        stream.setStreamViewType(com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamViewType.NEW_AND_OLD_IMAGES);
        var record = new DynamodbStreamRecord();
        record.setEventName(eventName);
        record.setDynamodb(stream);
        return record;
    }

    private static DynamodbTimeWindowEvent event(String shard, DynamodbStreamRecord... records) {
        var event = new DynamodbTimeWindowEvent();
        event.setRecords(List.of(records));
        event.setShardId(shard);
        event.setState(Map.of());
        return event;
    }

    @Test
    void shouldWriteTheRecordsTheRestoresAndTheLagOfTheOldestRecordAsMetrics() {
        Instant now = Instant.now();
        List<String> lines = new ArrayList<>();
        var metered = new TallyHandler(new TallyChanges(counters),
                new EmfMetrics("TallyFunction", Clock.fixed(now, ZoneOffset.UTC), lines::add),
                Clock.fixed(now, ZoneOffset.UTC));
        var older = record("INSERT", "200", null, image("c", false, null));
        older.getDynamodb().setApproximateCreationDateTime(Date.from(now.minusSeconds(90)));
        var newer = record("MODIFY", "201", image("c", false, null), image("c", true, null));
        newer.getDynamodb().setApproximateCreationDateTime(Date.from(now.minusSeconds(3)));

        metered.handleRequest(event("shard-9", older, newer), null);

        assertThat(lines).singleElement().satisfies(line -> assertThat(line).contains(
                "\"TallyRecords\":2,", "\"ObjectsRestoredForJobs\":1,", "\"TallyLagSeconds\":90}"));
    }

    @Test
    void shouldCountRegistrationsRestoresAndFailuresFromOldAndNewImagesOnce() {
        var batch = event("shard-1",
                record("INSERT", "100", null, image("a", false, null)),
                record("INSERT", "101", null, image("b", false, null)),
                record("MODIFY", "102", image("a", false, null), image("a", true, null)),
                record("MODIFY", "103", image("b", false, null), image("b", false, "F")));

        var response = handler.handleRequest(batch, null);
        handler.handleRequest(batch, null); // Lambda delivers it again

        assertThat(response.getState()).isEmpty(); // a tumbling window's state must be in the answer
        assertThat(counters.countsOf(JOB)).isEqualTo(new JobCounts(1, 1, 0));
        assertThat(counters.registeredOf(JOB)).isEqualTo(2);
        assertThat(counters.counterWrites()).isEqualTo(1);
    }

    @Test
    void shouldMoveAFailedObjectToRestoredWhenItsRestoreCompletesAfterAll() {
        handler.handleRequest(event("shard-1", record("INSERT", "100", null, image("a", false, "F"))), null);

        handler.handleRequest(event("shard-1",
                record("MODIFY", "101", image("a", false, "F"), image("a", true, "F"))), null);

        assertThat(counters.countsOf(JOB)).isEqualTo(new JobCounts(1, 0, 0));
    }

    @Test
    void shouldCountNothingForATtlDeletion() {
        handler.handleRequest(event("shard-1", record("INSERT", "100", null, image("a", true, null))), null);

        handler.handleRequest(event("shard-1", record("REMOVE", "101", image("a", true, null), null)), null);

        assertThat(counters.countsOf(JOB)).isEqualTo(new JobCounts(1, 0, 0));
        assertThat(counters.registeredOf(JOB)).isEqualTo(1);
    }

    @Test
    void shouldAnswerAWindowsFinalInvokeWithNoRecords() {
        var last = event(null);
        last.setIsFinalInvokeForWindow(true);

        assertThat(handler.handleRequest(last, null).getState()).isEmpty();
    }

    @Test
    void shouldRefuseRecordsWithoutTheirShardRatherThanCountThemUnguarded() {
        assertThatThrownBy(() -> handler.handleRequest(event(null, record("INSERT", "100", null, image("a", false, null))),
                null)).isInstanceOf(IllegalStateException.class).hasMessageContaining("TumblingWindowInSeconds");
        assertThat(counters.registeredOf(JOB)).isZero();
    }
}
