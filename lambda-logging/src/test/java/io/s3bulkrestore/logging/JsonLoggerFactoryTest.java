package io.s3bulkrestore.logging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.event.Level;
import org.slf4j.helpers.BasicMDCAdapter;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class JsonLoggerFactoryTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<String> lines = new ArrayList<>();
    private final BasicMDCAdapter context = new BasicMDCAdapter();

    private Logger logger(Level threshold) {
        var clock = Clock.fixed(Instant.parse("2026-12-06T10:00:00Z"), ZoneOffset.UTC);
        return new JsonLoggerFactory(threshold, context, clock, lines::add).getLogger("io.s3bulkrestore.Test");
    }

    @Test
    void shouldWriteOnlyTheThresholdAndMoreSevere() {
        // Given
        Logger log = logger(Level.WARN);

        // When
        log.trace("t");
        log.debug("d");
        log.info("i");
        log.warn("w");
        log.error("e");

        // Then
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).contains("\"level\":\"WARN\"", "\"message\":\"w\"");
        assertThat(lines.get(1)).contains("\"level\":\"ERROR\"", "\"message\":\"e\"");
        assertThat(log.isInfoEnabled()).isFalse();
        assertThat(log.isWarnEnabled()).isTrue();
    }

    @Test
    void shouldFillInPlaceholdersAndTakeATrailingThrowableAsTheException() throws Exception {
        // Given
        Logger log = logger(Level.INFO);

        // When
        log.info("POST {} -> {} in {} ms", "/jobs", 201, 12);
        log.error("chunk {} of job {} failed", 3, "j-1", new IllegalStateException("boom"));

        // Then
        assertThat(JSON.readTree(lines.get(0)).get("message").asText()).isEqualTo("POST /jobs -> 201 in 12 ms");
        JsonNode failure = JSON.readTree(lines.get(1));
        assertThat(failure.get("message").asText()).isEqualTo("chunk 3 of job j-1 failed");
        assertThat(failure.get("exception").get("message").asText()).isEqualTo("boom");
    }

    @Test
    void shouldPutTheJobIdFromTheMdcInTheLineWhileItIsSet() throws Exception {
        // Given
        Logger log = logger(Level.INFO);

        // When
        context.put("jobId", "0b6a3c1e-5f0e-4c55-9d6e-2c1f0d9a7e11");
        log.info("registered {} objects", 1000);
        context.remove("jobId");
        log.info("between jobs");

        // Then
        JsonNode withJob = JSON.readTree(lines.get(0));
        assertThat(withJob.get("jobId").asText()).isEqualTo("0b6a3c1e-5f0e-4c55-9d6e-2c1f0d9a7e11");
        assertThat(withJob.get("timestamp").asText()).isEqualTo("2026-12-06T10:00:00Z");
        assertThat(JSON.readTree(lines.get(1)).has("jobId")).isFalse();
    }

    @Test
    void shouldGiveOneLoggerPerName() {
        var factory = new JsonLoggerFactory(Level.INFO, context, Clock.systemUTC(), lines::add);

        assertThat(factory.getLogger("a")).isSameAs(factory.getLogger("a"));
        assertThat(factory.getLogger("a").getName()).isEqualTo("a");
    }
}
