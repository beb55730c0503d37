package io.s3bulkrestore.benchmarks.coldstart.launch;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The {@code main} of one cold start: runs in a fresh JVM whose classpath is a function's Lambda zip (plus this
 * package). It does what the Lambda Java runtime does on a cold start: constructs the handler (with its no-arg
 * constructor, or through an SDK-defaults factory for the baseline), reads the event, calls
 * {@code handleRequest} once, then prints {@link #MARKER} with the CPU time used and the result. Only the JDK, the Lambda core
 * interface and Jackson (both in every function's zip) are used here.
 *
 * <p>Arguments: handler class, event class, event JSON file, and optionally a factory class whose static
 * {@code create()} builds the handler instead.
 */
public final class ColdStartLauncher {

    public static final String MARKER = "COLD-START-HANDLED";

    @JsonIgnoreProperties("time")
    private interface WithoutTime {
    }

    private ColdStartLauncher() {
    }

    @SuppressWarnings("unchecked")
    public static void main(String[] args) throws Exception {
        long started = System.nanoTime();
        RequestHandler<Object, Object> handler = args.length > 3
                ? (RequestHandler<Object, Object>) Class.forName(args[3]).getMethod("create").invoke(null)
                : (RequestHandler<Object, Object>) Class.forName(args[0]).getDeclaredConstructor().newInstance();
        long constructed = System.nanoTime();

        Class<?> eventType = Class.forName(args[1]);
        ObjectMapper json = JsonMapper.builder()
                // The events library's setters do not always match the JSON's case ("Records", "eventSourceARN").
                .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_PROPERTIES)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .build();
        if (eventType.getSimpleName().equals("ScheduledEvent")) {
            // Its time is a Joda DateTime, which needs jackson-datatype-joda (Lambda's runtime reads events with its
            // own serialization, not the zip's); no handler reads it.
            json.addMixIn(eventType, WithoutTime.class);
        }
        Object event = json.readValue(Files.readAllBytes(Path.of(args[2])), eventType);
        Object result = handler.handleRequest(event, null);
        long handled = System.nanoTime();

        // CPU time of every thread so far (JIT and GC included): on a shared machine it varies far less than
        // wall time, and on Lambda, where a function has a fraction of a vCPU, it is what a cold start costs.
        long cpuMillis = ProcessHandle.current().info().totalCpuDuration().map(d -> d.toMillis()).orElse(-1L);
        System.out.println(MARKER + " cpu_ms=" + cpuMillis + " init_ms=" + (constructed - started) / 1_000_000
                + " invoke_ms=" + (handled - constructed) / 1_000_000 + " result=" + json.writeValueAsString(result));
        System.out.flush();
        // SDK and logging threads must not keep the JVM alive: the parent waits for the exit.
        System.exit(0);
    }
}
