package io.s3bulkrestore.logging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.slf4j.event.Level;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class JsonLogLineTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant TIME = Instant.parse("2026-12-06T21:45:43.123Z");

    @Test
    void shouldWriteTheFixedFieldsAndTheContextAsOneJsonObject() throws Exception {
        // Given
        Map<String, String> context = new LinkedHashMap<>();
        context.put("jobId", "6f1d2c1e-0000-4000-8000-000000000001");
        context.put("AWSRequestId", "c6af9ac6-7b61-11e6-9a41-93e8deadbeef");

        // When
        String line = JsonLogLine.format(TIME, Level.WARN, "io.s3bulkrestore.Some", "hello", context, null);

        // Then
        assertThat(line).doesNotContain("\n");
        JsonNode json = JSON.readTree(line);
        assertThat(json.get("timestamp").asText()).isEqualTo("2026-12-06T21:45:43.123Z");
        assertThat(json.get("level").asText()).isEqualTo("WARN");
        assertThat(json.get("logger").asText()).isEqualTo("io.s3bulkrestore.Some");
        assertThat(json.get("message").asText()).isEqualTo("hello");
        assertThat(json.get("jobId").asText()).isEqualTo("6f1d2c1e-0000-4000-8000-000000000001");
        assertThat(json.get("AWSRequestId").asText()).isEqualTo("c6af9ac6-7b61-11e6-9a41-93e8deadbeef");
        assertThat(json.has("exception")).isFalse();
    }

    @Test
    void shouldEscapeWhatJsonStringsCannotHoldAndKeepTheTextOtherwise() throws Exception {
        // Given quotes, backslashes, every control character, non-ASCII text and a pair of surrogates (an emoji)
        StringBuilder controls = new StringBuilder();
        for (char c = 0; c < 0x20; c++) {
            controls.append(c);
        }
        String message = "key \"a\\b.txt\"\r\nnext line\ttab " + controls + " é ü ✓ \uD83D\uDE00 \u007f";

        // When
        String line = JsonLogLine.format(TIME, Level.INFO, "l", message, Map.of("k\"ey", "v\\al\nue"), null);

        // Then the line is one line, and parses back to exactly the text logged
        assertThat(line).doesNotContain("\n", "\r", "\t");
        JsonNode json = JSON.readTree(line);
        assertThat(json.get("message").asText()).isEqualTo(message);
        assertThat(json.get("k\"ey").asText()).isEqualTo("v\\al\nue");
    }

    @Test
    void shouldEscapeALoneSurrogateSoTheLineStaysValidUtf8() throws Exception {
        String line = JsonLogLine.format(TIME, Level.INFO, "l", "half \uD83D of a pair", Map.of(), null);

        assertThat(line).contains("half \\ud83d of a pair");
        assertThat(JSON.readTree(line).get("message").asText()).isEqualTo("half \uD83D of a pair");
    }

    @Test
    void shouldWriteNullsAsJsonNull() throws Exception {
        JsonNode json = JSON.readTree(JsonLogLine.format(TIME, Level.ERROR, "l", null, null, null));

        assertThat(json.get("message").isNull()).isTrue();
        assertThat(json.get("level").asText()).isEqualTo("ERROR");
    }

    @Test
    void shouldNotLetAContextEntryOverwriteAFixedField() throws Exception {
        // Given a context entry named like a fixed field
        Map<String, String> context = Map.of("message", "from the context", "level", "DEBUG", "jobId", "j-1");

        // When
        String line = JsonLogLine.format(TIME, Level.INFO, "l", "the message", context, null);

        // Then each name appears once, with the event's own value
        JsonNode json = JSON.readTree(line);
        assertThat(json.get("message").asText()).isEqualTo("the message");
        assertThat(json.get("level").asText()).isEqualTo("INFO");
        assertThat(json.get("jobId").asText()).isEqualTo("j-1");
        assertThat(line.split("\"message\"", -1)).hasSize(2);
    }

    @Test
    void shouldWriteTheExceptionWithItsTypeMessageAndWholeStackTraceIncludingCauses() throws Exception {
        // Given
        var cause = new IllegalArgumentException("bad \"input\"");
        var error = new IllegalStateException("could not register chunk 3", cause);

        // When
        JsonNode json = JSON.readTree(JsonLogLine.format(TIME, Level.ERROR, "l", "failed", Map.of(), error));

        // Then
        JsonNode exception = json.get("exception");
        assertThat(exception.get("type").asText()).isEqualTo("java.lang.IllegalStateException");
        assertThat(exception.get("message").asText()).isEqualTo("could not register chunk 3");
        assertThat(exception.get("stackTrace").asText())
                .startsWith("java.lang.IllegalStateException: could not register chunk 3")
                .contains("\tat io.s3bulkrestore.logging.JsonLogLineTest.")
                .contains("Caused by: java.lang.IllegalArgumentException: bad \"input\"");
    }
}
