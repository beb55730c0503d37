package io.s3bulkrestore.benchmarks;

import io.s3bulkrestore.adapters.dynamodb.TableDesign;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.waiters.DynamoDbWaiter;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsResponse;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Counts what clients send, by service and operation, and for DynamoDB the capacity AWS would bill: it asks
 * every request for {@code ReturnConsumedCapacity=TOTAL} and adds up the answers as read or write units
 * (on-demand tables bill request units in the same measure). Where DynamoDB Local under-reports, AWS's
 * documented rules fill in (items here are under 1 KB): a conditional write that fails bills one write unit
 * but returns no figure; a GetItem / BatchGetItem bills each key read even when no item is found; a
 * TransactWriteItems bills two units per item (see {@link #transactionUnits}). It also counts writes to counter items (sort key {@code COUNT#...}, the naive
 * design's, or {@code TALLY#...}, the tally function's), the hot items a design must not write once per event.
 */
public final class RequestMeter implements ExecutionInterceptor {

    private final Map<String, Long> requests = new TreeMap<>();
    private final Map<String, Double> units = new TreeMap<>();
    private double readUnits;
    private double writeUnits;
    private long counterWrites;
    private long failedConditionalWrites;

    @Override
    public SdkRequest modifyRequest(Context.ModifyRequest context, ExecutionAttributes attributes) {
        return withConsumedCapacity(context.request());
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        succeeded(operation(attributes), context.request(), context.response());
    }

    @Override
    public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
        failed(operation(attributes), context.exception());
    }

    /**
     * The same counting for a DynamoDB client that has no SDK pipeline to intercept, such as DynamoDB Local
     * embedded in this JVM: every call that sends a request goes through the meter. The interface's default
     * overloads (builder consumers, no-argument forms, paginators) build the request and call back into the
     * metered methods, and the waiter is built on the metered client.
     */
    public DynamoDbClient meter(DynamoDbClient client) {
        InvocationHandler handler = (proxy, method, args) -> {
            boolean sends = args != null && args.length == 1 && args[0] instanceof SdkRequest
                    && SdkResponse.class.isAssignableFrom(method.getReturnType());
            if (sends) {
                String operation = "DynamoDb." + Character.toUpperCase(method.getName().charAt(0))
                        + method.getName().substring(1);
                SdkRequest request = withConsumedCapacity((SdkRequest) args[0]);
                try {
                    SdkResponse response = (SdkResponse) method.invoke(client, request);
                    succeeded(operation, request, response);
                    return response;
                } catch (InvocationTargetException e) {
                    failed(operation, e.getCause());
                    throw e.getCause();
                }
            }
            switch (method.getName()) {
                case "equals" -> {
                    return proxy == args[0];
                }
                case "hashCode" -> {
                    return System.identityHashCode(proxy);
                }
                case "toString" -> {
                    return "metered " + client;
                }
                case "waiter" -> {
                    return DynamoDbWaiter.builder().client((DynamoDbClient) proxy).build();
                }
                default -> {
                }
            }
            // The interface's own overloads (builder consumers, no-argument forms, paginators) build the request
            // and call back into the proxy; serviceName, close and the configuration belong to the client.
            if (method.isDefault() && !method.getName().equals("serviceClientConfiguration")) {
                return InvocationHandler.invokeDefault(proxy, method, args);
            }
            try {
                return method.invoke(client, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        return (DynamoDbClient) Proxy.newProxyInstance(DynamoDbClient.class.getClassLoader(),
                new Class<?>[] {DynamoDbClient.class}, handler);
    }

    private static SdkRequest withConsumedCapacity(SdkRequest request) {
        ReturnConsumedCapacity total = ReturnConsumedCapacity.TOTAL;
        return switch (request) {
            case GetItemRequest r -> r.toBuilder().returnConsumedCapacity(total).build();
            case PutItemRequest r -> r.toBuilder().returnConsumedCapacity(total).build();
            case UpdateItemRequest r -> r.toBuilder().returnConsumedCapacity(total).build();
            case DeleteItemRequest r -> r.toBuilder().returnConsumedCapacity(total).build();
            case QueryRequest r -> r.toBuilder().returnConsumedCapacity(total).build();
            case ScanRequest r -> r.toBuilder().returnConsumedCapacity(total).build();
            case BatchGetItemRequest r -> r.toBuilder().returnConsumedCapacity(total).build();
            case BatchWriteItemRequest r -> r.toBuilder().returnConsumedCapacity(total).build();
            case TransactWriteItemsRequest r -> r.toBuilder().returnConsumedCapacity(total).build();
            default -> request;
        };
    }

    private synchronized void succeeded(String operation, SdkRequest request, SdkResponse response) {
        requests.merge(operation, 1L, Long::sum);
        double read = 0;
        double written = 0;
        switch (response) {
            case GetItemResponse r -> read = Math.max(units(r.consumedCapacity()),
                    readUnit(((GetItemRequest) request).consistentRead()));
            case QueryResponse r -> read = units(r.consumedCapacity());
            case ScanResponse r -> read = units(r.consumedCapacity());
            case BatchGetItemResponse r -> read = Math.max(units(r.consumedCapacity()),
                    batchGetUnits((BatchGetItemRequest) request));
            case PutItemResponse r -> written = units(r.consumedCapacity());
            case UpdateItemResponse r -> written = units(r.consumedCapacity());
            case DeleteItemResponse r -> written = units(r.consumedCapacity());
            case BatchWriteItemResponse r -> written = units(r.consumedCapacity());
            case TransactWriteItemsResponse r -> written = transactionUnits((TransactWriteItemsRequest) request);
            default -> {
            }
        }
        readUnits += read;
        writeUnits += written;
        if (read + written > 0) {
            units.merge(operation, read + written, Double::sum);
        }
        counterWrites += counterWritesIn(request);
    }

    private synchronized void failed(String operation, Throwable exception) {
        requests.merge(operation, 1L, Long::sum);
        if (exception instanceof ConditionalCheckFailedException) {
            failedConditionalWrites++;
            writeUnits += 1;
            units.merge(operation, 1.0, Double::sum);
        }
    }

    private static String operation(ExecutionAttributes attributes) {
        return attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME) + "."
                + attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
    }

    /** A read of an item (found or not) of up to 4 KB: 1 unit strongly consistent, 0.5 eventually. */
    private static double readUnit(Boolean consistent) {
        return Boolean.TRUE.equals(consistent) ? 1 : 0.5;
    }

    private static double batchGetUnits(BatchGetItemRequest request) {
        return request.requestItems().values().stream()
                .mapToDouble(keys -> keys.keys().size() * readUnit(keys.consistentRead()))
                .sum();
    }

    /**
     * DynamoDB Local reports one figure per table for a transaction, not per item. AWS bills two write units
     * per item of up to 1 KB in a transaction; an update that REMOVEs an attribute here removes a sparse
     * index key (the ledger's PendingByJob), one more (non-transactional) index write.
     */
    private static double transactionUnits(TransactWriteItemsRequest request) {
        double total = 0;
        for (TransactWriteItem item : request.transactItems()) {
            total += 2;
            if (item.update() != null && item.update().updateExpression().contains("REMOVE")) {
                total += 1;
            }
        }
        return total;
    }

    private static double units(ConsumedCapacity capacity) {
        return capacity == null || capacity.capacityUnits() == null ? 0 : capacity.capacityUnits();
    }

    private static double units(List<ConsumedCapacity> capacities) {
        return capacities.stream().mapToDouble(RequestMeter::units).sum();
    }

    private static long counterWritesIn(SdkRequest request) {
        return switch (request) {
            case UpdateItemRequest r -> isCounter(r.key()) ? 1 : 0;
            case PutItemRequest r -> isCounter(r.item()) ? 1 : 0;
            case TransactWriteItemsRequest r -> r.transactItems().stream().filter(RequestMeter::isCounter).count();
            default -> 0;
        };
    }

    private static boolean isCounter(TransactWriteItem item) {
        return item.update() != null && isCounter(item.update().key())
                || item.put() != null && isCounter(item.put().item());
    }

    private static boolean isCounter(Map<String, AttributeValue> key) {
        AttributeValue sk = key.get(TableDesign.SK);
        return sk != null && sk.s() != null
                && (sk.s().startsWith(TableDesign.COUNT_PREFIX) || sk.s().startsWith(TableDesign.TALLY_PREFIX));
    }

    public synchronized Snapshot snapshot() {
        return new Snapshot(new TreeMap<>(requests), new TreeMap<>(units), readUnits, writeUnits, counterWrites,
                failedConditionalWrites);
    }

    public synchronized void reset() {
        requests.clear();
        units.clear();
        readUnits = 0;
        writeUnits = 0;
        counterWrites = 0;
        failedConditionalWrites = 0;
    }

    /**
     * What was counted since the last reset. Request names are {@code Service.Operation}, e.g.
     * {@code DynamoDb.Query}; {@code unitsByOperation} holds the capacity units (read or write) of each.
     */
    public record Snapshot(Map<String, Long> requests, Map<String, Double> unitsByOperation, double readUnits,
                           double writeUnits, long counterWrites, long failedConditionalWrites) {

        /** Nothing counted: a phase a design does not have. */
        public static Snapshot none() {
            return new Snapshot(Map.of(), Map.of(), 0, 0, 0, 0);
        }

        /** One line per operation: requests and capacity units, for the detail log. */
        public String breakdown() {
            StringBuilder out = new StringBuilder();
            requests.forEach((operation, count) -> out.append(String.format("%s=%d req/%.0f units  ", operation, count,
                    unitsByOperation.getOrDefault(operation, 0.0))));
            return out.toString().trim();
        }

        public long total() {
            return requests.values().stream().mapToLong(Long::longValue).sum();
        }

        /** Requests to services whose name starts with {@code service}, e.g. "DynamoDb" or "S3". */
        public long totalOf(String service) {
            return requests.entrySet().stream().filter(e -> e.getKey().startsWith(service + "."))
                    .mapToLong(Map.Entry::getValue).sum();
        }

        public long count(String operation) {
            return requests.getOrDefault(operation, 0L);
        }

        public List<String> operations() {
            return List.copyOf(requests.keySet());
        }
    }
}
