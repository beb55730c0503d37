package io.s3bulkrestore.logging;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** Through SLF4J itself, as the functions log: the service file must make SLF4J pick this backend. */
class JsonLogServiceProviderTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void shouldBeTheBackendSlf4jFinds() {
        assertThat(LoggerFactory.getILoggerFactory()).isInstanceOf(JsonLoggerFactory.class);
    }

    @Test
    void shouldWriteAJsonLineWithTheJobIdAndTheRequestIdToStandardOutput() throws Exception {
        // Given
        Logger log = LoggerFactory.getLogger(JsonLogServiceProviderTest.class);
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.out;
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try (var request = RequestLogContext.of(contextWithRequestId("8f3e6c2a-1d4b-4e5f-a6b7-c8d9e0f1a2b3"));
             var job = MDC.putCloseable("jobId", "2d9c1a7e-3b4f-4a6d-8e9f-0a1b2c3d4e5f")) {
            // When
            log.info("job {} created, manifest \"{}\"", "2d9c1a7e", "s3://b/m ü.csv");
        } finally {
            System.setOut(original);
        }
        log.info("after the invocation");

        // Then
        String[] written = captured.toString(StandardCharsets.UTF_8).split("\n");
        assertThat(written).hasSize(1);
        JsonNode line = JSON.readTree(written[0]);
        assertThat(line.get("level").asText()).isEqualTo("INFO");
        assertThat(line.get("logger").asText()).isEqualTo(JsonLogServiceProviderTest.class.getName());
        assertThat(line.get("message").asText()).isEqualTo("job 2d9c1a7e created, manifest \"s3://b/m ü.csv\"");
        assertThat(line.get("jobId").asText()).isEqualTo("2d9c1a7e-3b4f-4a6d-8e9f-0a1b2c3d4e5f");
        assertThat(line.get("AWSRequestId").asText()).isEqualTo("8f3e6c2a-1d4b-4e5f-a6b7-c8d9e0f1a2b3");
        assertThat(MDC.get(RequestLogContext.KEY)).isNull();
    }

    @Test
    void shouldLeaveTheContextAloneWithoutARequestId() {
        try (var request = RequestLogContext.of(null)) {
            assertThat(MDC.get(RequestLogContext.KEY)).isNull();
        }
    }

    private static Context contextWithRequestId(String requestId) {
        return (Context) Proxy.newProxyInstance(Context.class.getClassLoader(), new Class<?>[] {Context.class},
                (proxy, method, args) -> method.getName().equals("getAwsRequestId") ? requestId : null);
    }
}
