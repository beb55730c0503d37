package io.s3bulkrestore.adapters.metrics;

import io.s3bulkrestore.metrics.Metric;
import io.s3bulkrestore.metrics.Metrics;

import java.time.Clock;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.function.Consumer;

/**
 * A function's metrics for one invocation, written at its end as one CloudWatch embedded metric format (EMF)
 * document on standard output, where Lambda's log stream carries it and CloudWatch extracts the metrics
 * ("Specification: Embedded metric format", CloudWatch User Guide,
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html).
 * Namespace {@value #NAMESPACE}, one dimension, {@value #DIMENSION}: the function's name as Lambda gives it
 * ({@code AWS_LAMBDA_FUNCTION_NAME}), unique per stack, so two stacks in one account never mix and the
 * dimension stays small (no job id: see {@link Metric}).
 *
 * <p>A few fixed names and numbers need no JSON library: the one string from outside, the function's name, is
 * escaped. Adding is thread-safe; a document is written only when something was added.
 */
public final class EmfMetrics implements Metrics {

    public static final String NAMESPACE = "S3BulkRestore";
    public static final String DIMENSION = "FunctionName";

    private final String functionName;
    private final Clock clock;
    private final Consumer<String> out;
    private final Map<Metric, Double> values = new EnumMap<>(Metric.class);

    public EmfMetrics(String functionName, Clock clock, Consumer<String> out) {
        this.functionName = functionName;
        this.clock = clock;
        this.out = out;
    }

    /** Metrics added and forgotten: for tools and tests that build a handler without looking at its metrics. */
    public static EmfMetrics nowhere() {
        return new EmfMetrics("local", Clock.systemUTC(), document -> {
        });
    }

    /** In Lambda: the function's name from its environment, documents to standard output. */
    public static EmfMetrics fromEnvironment(Map<String, String> env) {
        return new EmfMetrics(env.getOrDefault("AWS_LAMBDA_FUNCTION_NAME", "local"), Clock.systemUTC(),
                System.out::println);
    }

    @Override
    public synchronized void add(Metric metric, double value) {
        if (metric.unit() == Metric.Unit.SECONDS) {
            values.merge(metric, value, Math::max);
        } else {
            values.merge(metric, value, Double::sum);
        }
    }

    /** Writes the metrics added since the last flush as one document, and forgets them; returns it. */
    public synchronized Optional<String> flush() {
        if (values.isEmpty()) {
            return Optional.empty();
        }
        StringJoiner definitions = new StringJoiner(",");
        StringJoiner members = new StringJoiner(",");
        values.forEach((metric, value) -> {
            definitions.add("{\"Name\":\"" + metric.metricName() + "\",\"Unit\":\"" + metric.unit().cloudWatchName()
                    + "\"}");
            members.add("\"" + metric.metricName() + "\":" + number(value));
        });
        String document = "{\"_aws\":{\"Timestamp\":" + clock.millis() + ",\"CloudWatchMetrics\":[{\"Namespace\":\""
                + NAMESPACE + "\",\"Dimensions\":[[\"" + DIMENSION + "\"]],\"Metrics\":[" + definitions + "]}]},\""
                + DIMENSION + "\":\"" + escape(functionName) + "\"," + members + "}";
        values.clear();
        out.accept(document);
        return Optional.of(document);
    }

    private static String number(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) : Double.toString(value);
    }

    private static String escape(String text) {
        StringBuilder escaped = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> escaped.append("\\\"");
                case '\\' -> escaped.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        escaped.append(String.format("\\u%04x", (int) c));
                    } else {
                        escaped.append(c);
                    }
                }
            }
        }
        return escaped.toString();
    }
}
