package io.s3bulkrestore.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.s3bulkrestore.events.RestoreEventEnvelopes;
import io.s3bulkrestore.model.ObjectId;
import io.s3bulkrestore.sandbox.batch.TierRestoreCompleted;
import io.s3bulkrestore.tracking.RestoreEvent;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.FilterRule;
import software.amazon.awssdk.services.s3.model.FilterRuleName;
import software.amazon.awssdk.services.s3.model.NotificationConfigurationFilter;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The Completed events of Intelligent-Tiering restores, read back as the restore-event function reads them. */
class RestoreCompletedEventsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final RestoreEventEnvelopes ENVELOPES = new RestoreEventEnvelopes(JSON);
    private static final Instant AT = Instant.parse("2030-01-02T03:04:05.678Z");
    private static final TierRestoreCompleted VERSIONED = new TierRestoreCompleted(
            new ObjectId("tiered", "dir/q1 summary + café.csv", "3HL4kqtJlcpXroDTDmJ.rmSpXd3dIbrHY"), 1_048_576,
            "d41d8cd98f00b204e9800998ecf8427e", AT);

    @Test
    void shouldWriteTheEventBridgeEventThatTheRestoreEventFunctionReadsWithoutExpiry() throws Exception {
        // When
        String body = RestoreCompletedEvents.eventBridgeEvent(VERSIONED, "123456789012", "us-east-1", "event-1", "REQ1");

        // Then
        assertThat(ENVELOPES.parse(body)).singleElement().satisfies(event -> {
            assertThat(event.kind()).isEqualTo(RestoreEvent.Kind.COMPLETED);
            assertThat(event.object()).isEqualTo(VERSIONED.object());
            assertThat(event.eventTime()).isEqualTo(Instant.parse("2030-01-02T03:04:05Z"));
            assertThat(event.restoreExpiresAt()).isNull();
            assertThat(event.sourceStorageClass()).isEqualTo("INTELLIGENT_TIERING");
        });
        // and its fields are those of AWS's example, less the expiry
        JsonNode event = JSON.readTree(body);
        assertThat(event.path("detail-type").asText()).isEqualTo("Object Restore Completed");
        assertThat(event.path("resources").get(0).asText()).isEqualTo("arn:aws:s3:::tiered");
        assertThat(event.path("detail").path("object").path("etag").asText()).isEqualTo(VERSIONED.eTag());
        assertThat(event.path("detail").path("object").path("size").asLong()).isEqualTo(1_048_576);
        assertThat(event.path("detail").has("restore-expiry-time")).isFalse();
    }

    @Test
    void shouldWriteTheS3NotificationThatTheRestoreEventFunctionReadsWithoutExpiry() throws Exception {
        // When
        String body = RestoreCompletedEvents.notification(VERSIONED, "us-east-1", "restore-events", "REQ1");

        // Then
        assertThat(ENVELOPES.parse(body)).singleElement().satisfies(event -> {
            assertThat(event.kind()).isEqualTo(RestoreEvent.Kind.COMPLETED);
            assertThat(event.object()).isEqualTo(VERSIONED.object());
            assertThat(event.eventTime()).isEqualTo(AT);
            assertThat(event.restoreExpiresAt()).isNull();
            assertThat(event.sourceStorageClass()).isEqualTo("INTELLIGENT_TIERING");
        });
        JsonNode record = JSON.readTree(body).path("Records").get(0);
        assertThat(record.path("eventName").asText()).isEqualTo("ObjectRestore:Completed");
        assertThat(record.path("s3").path("object").path("key").asText()).isEqualTo("dir%2Fq1+summary+%2B+caf%C3%A9.csv");
        assertThat(record.path("s3").path("configurationId").asText()).isEqualTo("restore-events");
        assertThat(record.path("glacierEventData").path("restoreEventData").has("lifecycleRestorationExpiryTime"))
                .isFalse();
    }

    @Test
    void shouldLeaveTheVersionOutForAnObjectNamedWithoutOne() throws Exception {
        TierRestoreCompleted unversioned = new TierRestoreCompleted(ObjectId.of("tiered", "a.bin"), 3, "abc", AT);

        assertThat(ENVELOPES.parse(RestoreCompletedEvents.notification(unversioned, "us-east-1", "c", "R")))
                .extracting(RestoreEvent::object).containsExactly(ObjectId.of("tiered", "a.bin"));
        assertThat(ENVELOPES.parse(RestoreCompletedEvents.eventBridgeEvent(unversioned, "123456789012", "us-east-1",
                "e", "R"))).extracting(RestoreEvent::object).containsExactly(ObjectId.of("tiered", "a.bin"));
    }

    @Test
    void shouldSendToANotificationTargetOnlyWhatItsEventsAndFilterTake() {
        var logs = NotificationConfigurationFilter.builder().key(k -> k.filterRules(
                FilterRule.builder().name(FilterRuleName.PREFIX).value("logs/").build(),
                FilterRule.builder().name(FilterRuleName.SUFFIX).value(".gz").build())).build();

        assertThat(RestoreCompletedDelivery.takes(List.of("s3:ObjectRestore:Completed"), null, "any")).isTrue();
        assertThat(RestoreCompletedDelivery.takes(List.of("s3:ObjectRestore:*"), null, "any")).isTrue();
        assertThat(RestoreCompletedDelivery.takes(List.of("s3:ObjectRestore:Post", "s3:ObjectCreated:*"), null, "any"))
                .isFalse();
        assertThat(RestoreCompletedDelivery.takes(List.of("s3:ObjectRestore:Completed"), logs, "logs/a.gz")).isTrue();
        assertThat(RestoreCompletedDelivery.takes(List.of("s3:ObjectRestore:Completed"), logs, "logs/a.txt")).isFalse();
        assertThat(RestoreCompletedDelivery.takes(List.of("s3:ObjectRestore:Completed"), logs, "data/a.gz")).isFalse();
    }
}
