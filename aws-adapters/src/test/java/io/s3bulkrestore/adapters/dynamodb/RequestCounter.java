package io.s3bulkrestore.adapters.dynamodb;

import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Counts the DynamoDB requests a client sends, by operation, and the time they took. */
final class RequestCounter implements ExecutionInterceptor {

    private static final ExecutionAttribute<Long> STARTED = new ExecutionAttribute<>("RequestCounter.started");

    private final Map<String, LongAdder> requests = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> nanos = new ConcurrentHashMap<>();

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        requests.computeIfAbsent(operation(attributes), op -> new LongAdder()).increment();
        attributes.putAttribute(STARTED, System.nanoTime());
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        finished(attributes);
    }

    @Override
    public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
        finished(attributes);
    }

    private void finished(ExecutionAttributes attributes) {
        Long started = attributes.getAttribute(STARTED);
        if (started != null) {
            nanos.computeIfAbsent(operation(attributes), op -> new LongAdder()).add(System.nanoTime() - started);
        }
    }

    private static String operation(ExecutionAttributes attributes) {
        return attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
    }

    long count(String operation) {
        LongAdder adder = requests.get(operation);
        return adder == null ? 0 : adder.sum();
    }

    long total() {
        return requests.values().stream().mapToLong(LongAdder::sum).sum();
    }

    void reset() {
        requests.clear();
        nanos.clear();
    }

    /** Requests and mean milliseconds per operation. */
    String summary() {
        StringBuilder out = new StringBuilder();
        new TreeMap<>(requests).forEach((op, count) -> {
            long n = count.sum();
            double ms = nanos.getOrDefault(op, new LongAdder()).sum() / 1e6;
            out.append(String.format("%s=%d (%.2f ms each) ", op, n, n == 0 ? 0 : ms / n));
        });
        return out.toString().trim();
    }
}
