package io.s3bulkrestore.benchmarks;

import io.s3bulkrestore.adapters.dynamodb.TableDesign;
import io.s3bulkrestore.adapters.dynamodb.TallyItem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The embedded engine's client has no SDK pipeline, so {@link RequestMeter#meter} must count what the
 * interceptor counts over HTTP: every request by its SDK operation name, capacity, failed conditional writes
 * and counter-item writes, including requests made through builder overloads, paginators and the waiter.
 */
class EmbeddedDynamoDbIT {

    private static final RequestMeter METER = new RequestMeter();
    private static EmbeddedDynamoDb dynamoDb;
    private static String objects;
    private static String jobs;

    @BeforeAll
    static void start() {
        dynamoDb = EmbeddedDynamoDb.start(METER);
        var tables = dynamoDb.createTables();
        objects = tables.objects();
        jobs = tables.jobs();
    }

    @AfterAll
    static void stop() {
        dynamoDb.close();
    }

    @BeforeEach
    void reset() {
        METER.reset();
    }

    @Test
    void shouldCountWritesAndTheirCapacityByOperationName() {
        // Given
        DynamoDbClient client = dynamoDb.client();

        // When: a put through the builder overload, then the same put again under a condition that now fails
        client.putItem(b -> b.tableName(objects).item(item("a/1", "JOB#j")));
        assertThatThrownBy(() -> client.putItem(b -> b.tableName(objects).item(item("a/1", "JOB#j"))
                .conditionExpression("attribute_not_exists(#pk)").expressionAttributeNames(Map.of("#pk", TableDesign.PK))))
                .isInstanceOf(ConditionalCheckFailedException.class);

        // Then
        var counted = METER.snapshot();
        assertThat(counted.requests()).containsExactly(Map.entry("DynamoDb.PutItem", 2L));
        assertThat(counted.failedConditionalWrites()).isEqualTo(1);
        assertThat(counted.writeUnits()).as("the engine's unit for the put, one billed for the failed condition")
                .isEqualTo(2.0);
    }

    @Test
    void shouldCountEveryPageAPaginatorFetches() {
        // Given 30 items of one partition (the JobsTable's: the ObjectsTable is keyed by the object alone), read 10 a page
        DynamoDbClient client = dynamoDb.client();
        for (int i = 0; i < 30; i++) {
            Map<String, AttributeValue> item = item("paged", String.format("CHUNK#%02d", i));
            client.putItem(b -> b.tableName(jobs).item(item));
        }
        METER.reset();

        // When
        long read = client.queryPaginator(b -> b.tableName(jobs).limit(10)
                        .keyConditionExpression("#pk = :pk")
                        .expressionAttributeNames(Map.of("#pk", TableDesign.PK))
                        .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS("paged"))))
                .items().stream().count();

        // Then: three full pages and the empty one that ends the query
        assertThat(read).isEqualTo(30);
        assertThat(METER.snapshot().count("DynamoDb.Query")).isEqualTo(4);
        assertThat(METER.snapshot().readUnits()).isPositive();
    }

    @Test
    void shouldCountCounterItemWritesTheWaitersRequestsAndNoArgumentOverloads() {
        // Given
        DynamoDbClient client = dynamoDb.client();

        // When
        client.updateItem(b -> b.tableName(jobs)
                .key(Map.of(TableDesign.PK, AttributeValue.fromS("JOB#j"), TableDesign.SK, AttributeValue.fromS(TableDesign.COUNT_PREFIX + "0")))
                .updateExpression("ADD #n :one")
                .expressionAttributeNames(Map.of("#n", TallyItem.RESTORED))
                .expressionAttributeValues(Map.of(":one", AttributeValue.fromN("1"))));
        client.waiter().waitUntilTableExists(b -> b.tableName(jobs));
        var tables = client.listTables(); // the no-argument overload

        // Then
        var counted = METER.snapshot();
        assertThat(counted.counterWrites()).isEqualTo(1);
        assertThat(counted.requests()).containsExactlyInAnyOrderEntriesOf(Map.of("DynamoDb.UpdateItem", 1L,
                "DynamoDb.DescribeTable", 1L, "DynamoDb.ListTables", 1L));
        assertThat(tables.tableNames()).contains(jobs, objects);
        assertThat(client.equals(dynamoDb.client())).as("the proxy's own equals").isTrue();
        assertThat(client.hashCode()).isEqualTo(System.identityHashCode(client));
    }

    private static Map<String, AttributeValue> item(String pk, String sk) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(TableDesign.PK, AttributeValue.fromS(pk));
        item.put(TableDesign.SK, AttributeValue.fromS(sk));
        return item;
    }
}
