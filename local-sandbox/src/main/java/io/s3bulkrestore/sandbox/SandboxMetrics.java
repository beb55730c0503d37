package io.s3bulkrestore.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.s3bulkrestore.adapters.metrics.EmfMetrics;
import io.s3bulkrestore.metrics.Metric;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The embedded-metric-format documents the sandbox's functions would have written to CloudWatch Logs, read back
 * (so each one is checked to be JSON with the EMF envelope) and added up per function, for the demo's summary.
 */
public final class SandboxMetrics {

    private static final Map<String, Metric> BY_NAME = Arrays.stream(Metric.values())
            .collect(Collectors.toMap(Metric::metricName, Function.identity()));

    private final ObjectMapper json = new ObjectMapper();
    private final Map<String, Map<Metric, Double>> totals = new LinkedHashMap<>();

    /** The metrics of one function, as its handler writes them. */
    public EmfMetrics forFunction(String function, Clock clock) {
        synchronized (totals) {
            totals.putIfAbsent(function, new EnumMap<>(Metric.class));
        }
        return new EmfMetrics(function, clock, this::read);
    }

    private void read(String document) {
        JsonNode root;
        try {
            root = json.readTree(document);
        } catch (IOException e) {
            throw new UncheckedIOException("a function wrote a metrics document that is not JSON: " + document, e);
        }
        JsonNode definitions = root.path("_aws").path("CloudWatchMetrics").path(0).path("Metrics");
        String function = root.path(EmfMetrics.DIMENSION).asText();
        if (!definitions.isArray() || function.isEmpty()) {
            throw new IllegalStateException("not an embedded metric format document: " + document);
        }
        synchronized (totals) {
            Map<Metric, Double> sums = totals.computeIfAbsent(function, f -> new EnumMap<>(Metric.class));
            for (JsonNode definition : definitions) {
                Metric metric = BY_NAME.get(definition.path("Name").asText());
                double value = root.path(metric.metricName()).asDouble();
                sums.merge(metric, value, metric.unit() == Metric.Unit.SECONDS ? Math::max : Double::sum);
            }
        }
    }

    /** Waits until the monitor has counted {@code jobs} ended jobs, or {@code timeout} passed; true if it has. */
    public boolean awaitJobsEnded(long jobs, Duration timeout) throws InterruptedException {
        Instant until = Instant.now().plus(timeout);
        while (true) {
            long ended = 0;
            for (Map<Metric, Double> sums : totals().values()) {
                for (Metric metric : List.of(Metric.JOBS_COMPLETE, Metric.JOBS_FAILED, Metric.JOBS_CANCELLED,
                        Metric.JOBS_TIMED_OUT)) {
                    ended += Math.round(sums.getOrDefault(metric, 0.0));
                }
            }
            if (ended >= jobs) {
                return true;
            }
            if (!Instant.now().isBefore(until)) {
                return false;
            }
            Thread.sleep(100);
        }
    }

    /** Totals so far: function, then metric. */
    public Map<String, Map<Metric, Double>> totals() {
        synchronized (totals) {
            Map<String, Map<Metric, Double>> copy = new LinkedHashMap<>();
            totals.forEach((function, sums) -> copy.put(function, new EnumMap<>(sums)));
            return copy;
        }
    }

    /** One line per function: its metrics' totals (seconds: the largest seen). */
    public String summary() {
        StringJoiner lines = new StringJoiner(System.lineSeparator());
        totals().forEach((function, sums) -> {
            StringJoiner figures = new StringJoiner(", ");
            sums.forEach((metric, value) -> figures.add(metric.unit() == Metric.Unit.SECONDS
                    ? String.format(Locale.ROOT, "%s %.1f (max)", metric.metricName(), value)
                    : String.format(Locale.ROOT, "%s %,d", metric.metricName(), Math.round(value))));
            lines.add(String.format(Locale.ROOT, "  %-21s %s", function, sums.isEmpty() ? "(none)" : figures));
        });
        return lines.toString();
    }
}
