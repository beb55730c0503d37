package io.s3bulkrestore.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import io.s3bulkrestore.events.RestoreEventEnvelopes;
import io.s3bulkrestore.tracking.RestoreEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample events README tells users to `sam local invoke RestoreEventFunction` with: SQS events
 * whose bodies the function really accepts, each a Completed restore of one object; and
 * `sam local invoke MonitorFunction` with an EventBridge scheduled event.
 */
class SampleEventsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest
    @ValueSource(strings = {"restore-completed-sqs.json", "restore-completed-eventbridge-sqs.json"})
    void shouldCarryACompletedRestoreTheRestoreEventFunctionParses(String sample) throws Exception {
        // Given a sample SQS event from events/
        JsonNode event = JSON.readTree(Files.readString(eventsDirectory().resolve(sample)));

        // When each message body is parsed as the function parses it
        List<RestoreEvent> parsed = new ArrayList<>();
        for (JsonNode record : event.get("Records")) {
            assertThat(record.get("eventSource").asText()).isEqualTo("aws:sqs");
            parsed.addAll(new RestoreEventEnvelopes(JSON).parse(record.get("body").asText()));
        }

        // Then it is one Completed restore of an object in a named bucket
        assertThat(parsed).singleElement().satisfies(restore -> {
            assertThat(restore.kind()).isEqualTo(RestoreEvent.Kind.COMPLETED);
            assertThat(restore.object().bucket()).isEqualTo("archive-1");
        });
    }

    @Test
    void shouldBeAnEventBridgeScheduledEventForTheMonitorTick() {
        // Given the sample tick, loaded the way the Lambda Java events library deserialises it
        ScheduledEvent tick = EventLoader.loadScheduledEvent(
                eventsDirectory().resolve("scheduled-tick.json").toString());

        // Then it is what an EventBridge schedule delivers
        assertThat(tick.getSource()).isEqualTo("aws.events");
        assertThat(tick.getDetailType()).isEqualTo("Scheduled Event");
        assertThat(tick.getTime()).isNotNull();
        assertThat(tick.getResources()).singleElement().asString().startsWith("arn:aws:events:").contains(":rule/");
    }

    private static Path eventsDirectory() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("events")) && Files.isRegularFile(dir.resolve("template.yaml"))) {
                return dir.resolve("events");
            }
        }
        throw new IllegalStateException("no events/ above " + Path.of("").toAbsolutePath());
    }
}
