package io.s3bulkrestore.sandbox.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent.DynamodbStreamRecord;
import io.s3bulkrestore.adapters.AwsClients;
import io.s3bulkrestore.adapters.EmulatorClients;
import io.s3bulkrestore.emulators.DynamoDbLocalServer;
import io.s3bulkrestore.sandbox.lambda.StreamEventSource.Settings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/** The DynamoDB Streams event source mapping stand-in against a real DynamoDB Local. */
class StreamEventSourceIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private static DynamoDbLocalServer server;
    private static AwsClients clients;
    private static DynamoDbClient dynamoDb;
    private static DynamoDbStreamsClient streams;

    private final RecordingHandler handler = new RecordingHandler();
    private final List<DiscardedBatch> discarded = Collections.synchronizedList(new ArrayList<>());
    private StreamEventSource source;

    @BeforeAll
    static void startDynamoDbLocal() {
        server = DynamoDbLocalServer.start();
        clients = EmulatorClients.of(server);
        dynamoDb = clients.dynamoDb();
        streams = clients.dynamoDbStreams();
    }

    @AfterAll
    static void stopDynamoDbLocal() {
        streams.close();
        dynamoDb.close();
        clients.close();
        server.close();
    }

    @AfterEach
    void stopSource() {
        if (source != null) {
            source.close();
        }
    }

    @Test
    void shouldDeliverInsertModifyAndRemoveInOrderWithTheirImagesAndSequenceNumbers() {
        // Given
        Table table = createTable();
        Instant writing = Instant.now();
        put(table, Map.of("pk", s("a"), "count", n("1")));
        dynamoDb.updateItem(r -> r.tableName(table.name()).key(Map.of("pk", s("a")))
                .updateExpression("SET #c = :c").expressionAttributeNames(Map.of("#c", "count"))
                .expressionAttributeValues(Map.of(":c", n("2"))));
        dynamoDb.deleteItem(r -> r.tableName(table.name()).key(Map.of("pk", s("a"))));
        put(table, Map.of("pk", s("b")));
        List<Record> inStream = readDirectly(table);

        // When
        source = sourceFor(table, Settings.defaults("TallyFunction"));
        source.drain();

        // Then
        List<DynamodbStreamRecord> records = handler.delivered();
        assertThat(records).extracting(DynamodbStreamRecord::getEventName)
                .containsExactly("INSERT", "MODIFY", "REMOVE", "INSERT");
        assertThat(records).extracting(record -> record.getDynamodb().getSequenceNumber())
                .containsExactlyElementsOf(inStream.stream().map(record -> record.dynamodb().sequenceNumber()).toList())
                .isSortedAccordingTo((left, right) -> new BigInteger(left).compareTo(new BigInteger(right)))
                .doesNotHaveDuplicates();
        assertThat(records).extracting(DynamodbStreamRecord::getEventID)
                .containsExactlyElementsOf(inStream.stream().map(Record::eventID).toList());

        var insert = records.get(0).getDynamodb();
        assertThat(insert.getKeys()).containsOnlyKeys("pk");
        assertThat(insert.getKeys().get("pk").getS()).isEqualTo("a");
        assertThat(insert.getNewImage().get("count").getN()).isEqualTo("1");
        assertThat(insert.getOldImage()).isNull();
        var modify = records.get(1).getDynamodb();
        assertThat(modify.getOldImage().get("count").getN()).isEqualTo("1");
        assertThat(modify.getNewImage().get("count").getN()).isEqualTo("2");
        var remove = records.get(2).getDynamodb();
        assertThat(remove.getOldImage().get("count").getN()).isEqualTo("2");
        assertThat(remove.getNewImage()).isNull();

        assertThat(records).allSatisfy(record -> {
            assertThat(record.getEventSource()).isEqualTo("aws:dynamodb");
            assertThat(record.getEventSourceARN()).isEqualTo(table.streamArn());
            assertThat(record.getEventVersion()).isEqualTo("1.1");
            assertThat(record.getAwsRegion()).isEqualTo(inStream.getFirst().awsRegion()).isNotBlank();
            assertThat(record.getDynamodb().getStreamViewType()).isEqualTo("NEW_AND_OLD_IMAGES");
            assertThat(record.getDynamodb().getSizeBytes()).isPositive();
            assertThat(record.getDynamodb().getApproximateCreationDateTime().toInstant())
                    .isBetween(writing.truncatedTo(ChronoUnit.MINUTES), Instant.now());
        });
        assertThat(handler.invocations()).singleElement().satisfies(batch -> assertThat(batch).hasSize(4));
        assertThat(handler.contexts()).containsExactly("TallyFunction");
        assertThat(source.checkpoint(table.shardId())).contains(inStream.getLast().dynamodb().sequenceNumber());
    }

    @Test
    void shouldHandEveryAttributeTypeToTheFunction() {
        // Given
        Table table = createTable();
        put(table, Map.of("pk", s("all-types"),
                "n", n("12.5"),
                "b", AttributeValue.fromB(SdkBytes.fromUtf8String("bytes")),
                "ss", AttributeValue.fromSs(List.of("x", "y")),
                "ns", AttributeValue.fromNs(List.of("1", "2")),
                "bs", AttributeValue.fromBs(List.of(SdkBytes.fromUtf8String("p"))),
                "m", AttributeValue.fromM(Map.of("inner", s("v"))),
                "l", AttributeValue.fromL(List.of(n("3"), AttributeValue.fromBool(true))),
                "nul", AttributeValue.fromNul(true),
                "bool", AttributeValue.fromBool(false)));

        // When
        source = sourceFor(table, Settings.defaults("TallyFunction"));
        source.drain();

        // Then
        var image = handler.delivered().getFirst().getDynamodb().getNewImage();
        assertThat(image.get("n").getN()).isEqualTo("12.5");
        assertThat(StandardCharsets.UTF_8.decode(image.get("b").getB().duplicate()).toString()).isEqualTo("bytes");
        assertThat(image.get("ss").getSS()).containsExactlyInAnyOrder("x", "y");
        assertThat(image.get("ns").getNS()).containsExactlyInAnyOrder("1", "2");
        assertThat(image.get("bs").getBS()).hasSize(1);
        assertThat(image.get("m").getM().get("inner").getS()).isEqualTo("v");
        assertThat(image.get("l").getL()).extracting(value -> value.getN() != null ? value.getN() : value.getBOOL().toString())
                .containsExactly("3", "true");
        assertThat(image.get("nul").getNULL()).isTrue();
        assertThat(image.get("bool").getBOOL()).isFalse();
    }

    @Test
    void shouldInvokeWithAtMostBatchSizeRecords() {
        // Given
        Table table = createTable();
        List<String> keys = keys(10);
        keys.forEach(key -> put(table, Map.of("pk", s(key))));

        // When
        source = sourceFor(table, Settings.defaults("TallyFunction").withBatchSize(4));
        source.drain();

        // Then
        assertThat(handler.invocations()).extracting(List::size).containsExactly(4, 4, 2);
        assertThat(keysOf(handler.delivered())).containsExactlyElementsOf(keys);
    }

    @Test
    void shouldBisectDownToThePoisonRecordDeliverTheOthersAndDiscardItAfterItsRetries() {
        // Given a function that fails any batch holding item-07
        Table table = createTable();
        List<String> keys = keys(10);
        keys.forEach(key -> put(table, Map.of("pk", s(key))));
        handler.failWhen(batch -> keysOf(batch).contains("item-07"));
        List<Record> inStream = readDirectly(table);
        String poisonSequence = inStream.get(6).dynamodb().sequenceNumber();

        // When
        source = sourceFor(table, Settings.defaults("TallyFunction").withBatchSize(10).withMaximumRetryAttempts(3));
        source.drain();

        // Then the others were handled once each, in order, and the poison alone was tried 1 + 3 times
        assertThat(keysOf(handler.delivered())).containsExactlyElementsOf(
                keys.stream().filter(key -> !key.equals("item-07")).toList());
        assertThat(handler.failedInvocations()).filteredOn(batch -> batch.size() == 1)
                .hasSize(4).allSatisfy(batch -> assertThat(keysOf(batch)).containsExactly("item-07"));
        assertThat(handler.failedInvocations().getFirst()).hasSize(10);
        assertThat(discarded).singleElement().satisfies(batch -> {
            assertThat(batch.streamArn()).isEqualTo(table.streamArn());
            assertThat(batch.shardId()).isEqualTo(table.shardId());
            assertThat(batch.startSequenceNumber()).isEqualTo(poisonSequence);
            assertThat(batch.endSequenceNumber()).isEqualTo(poisonSequence);
            assertThat(batch.batchSize()).isEqualTo(1);
            assertThat(batch.invokeCount()).isEqualTo(4);
            assertThat(batch.failure()).hasMessage("poison");
        });
        assertThat(source.recordsHandled()).isEqualTo(9);
        assertThat(source.recordsDiscarded()).isEqualTo(1);
        assertThat(source.checkpoint(table.shardId())).contains(inStream.getLast().dynamodb().sequenceNumber());

        // And the poison is not read again
        long invocations = source.invocations();
        source.drain();
        assertThat(source.invocations()).isEqualTo(invocations);
    }

    @Test
    void shouldRedeliverTheSameRecordsWhenABatchIsRetried() {
        // Given a function that fails its first invocation only
        Table table = createTable();
        keys(3).forEach(key -> put(table, Map.of("pk", s(key))));
        handler.failWhen(batch -> handler.invocations().size() == 1);

        // When
        source = sourceFor(table, Settings.defaults("TallyFunction").withBisectBatchOnFunctionError(false));
        source.drain();

        // Then
        assertThat(handler.invocations()).hasSize(2);
        assertThat(sequenceNumbersOf(handler.invocations().get(1)))
                .hasSize(3).containsExactlyElementsOf(sequenceNumbersOf(handler.invocations().get(0)));
        assertThat(handler.invocations().get(1)).extracting(DynamodbStreamRecord::getEventID)
                .containsExactlyElementsOf(handler.invocations().get(0).stream().map(DynamodbStreamRecord::getEventID).toList());
        assertThat(source.recordsHandled()).isEqualTo(3);
        assertThat(discarded).isEmpty();
    }

    @Test
    void shouldDiscardAWholeBatchWithoutBisectingAndGoOnAfterIt() {
        // Given a function that fails every batch holding item-01
        Table table = createTable();
        keys(3).forEach(key -> put(table, Map.of("pk", s(key))));
        handler.failWhen(batch -> keysOf(batch).contains("item-01"));
        List<Record> inStream = readDirectly(table);
        source = sourceFor(table, Settings.defaults("TallyFunction").withBisectBatchOnFunctionError(false)
                .withMaximumRetryAttempts(2));

        // When
        source.drain();
        put(table, Map.of("pk", s("later")));
        source.drain();

        // Then
        assertThat(handler.failedInvocations()).hasSize(3).allSatisfy(batch -> assertThat(batch).hasSize(3));
        assertThat(discarded).singleElement().satisfies(batch -> {
            assertThat(batch.startSequenceNumber()).isEqualTo(inStream.getFirst().dynamodb().sequenceNumber());
            assertThat(batch.endSequenceNumber()).isEqualTo(inStream.getLast().dynamodb().sequenceNumber());
            assertThat(batch.batchSize()).isEqualTo(3);
            assertThat(batch.invokeCount()).isEqualTo(3);
        });
        assertThat(keysOf(handler.delivered())).containsExactly("later");
    }

    @Test
    void shouldSkipTheRecordsTheFilterRejectsAndMoveTheCheckpointPastThem() {
        // Given
        Table table = createTable();
        put(table, Map.of("pk", s("a")));
        dynamoDb.deleteItem(r -> r.tableName(table.name()).key(Map.of("pk", s("a"))));
        put(table, Map.of("pk", s("b")));
        source = sourceFor(table, Settings.defaults("TallyFunction")
                .withFilter(record -> !"REMOVE".equals(record.getEventName())));

        // When
        source.drain();
        dynamoDb.deleteItem(r -> r.tableName(table.name()).key(Map.of("pk", s("b"))));
        source.drain();

        // Then
        assertThat(handler.delivered()).extracting(DynamodbStreamRecord::getEventName).containsExactly("INSERT", "INSERT");
        assertThat(keysOf(handler.delivered())).containsExactly("a", "b");
        assertThat(handler.invocations()).hasSize(1);
        assertThat(source.checkpoint(table.shardId())).contains(readDirectly(table).getLast().dynamodb().sequenceNumber());
    }

    @Test
    void shouldDeliverATimeToLiveDeletionAsARemoveByTheDynamoDbService() {
        // Given an item whose time to live passed a minute ago
        Table table = createTable();
        dynamoDb.updateTimeToLive(r -> r.tableName(table.name())
                .timeToLiveSpecification(spec -> spec.enabled(true).attributeName("expiresAt")));
        String expired = Long.toString(Instant.now().minusSeconds(60).getEpochSecond());
        put(table, Map.of("pk", s("expired"), "expiresAt", n(expired)));
        source = sourceFor(table, Settings.defaults("TallyFunction"));

        // When
        await("the TTL deletion delivered", () -> {
            source.drain();
            return handler.delivered().size() == 2;
        });

        // Then
        DynamodbStreamRecord deletion = handler.delivered().getLast();
        assertThat(deletion.getEventName()).isEqualTo("REMOVE");
        assertThat(deletion.getUserIdentity().getType()).isEqualTo("Service");
        assertThat(deletion.getUserIdentity().getPrincipalId()).isEqualTo("dynamodb.amazonaws.com");
        assertThat(deletion.getDynamodb().getOldImage().get("expiresAt").getN()).isEqualTo(expired);
        assertThat(deletion.getDynamodb().getNewImage()).isNull();
        assertThat(handler.delivered().getFirst().getUserIdentity()).isNull();
    }

    @Test
    void shouldReadInTheBackgroundUntilClosed() throws InterruptedException {
        // Given
        Table table = createTable();
        source = sourceFor(table, Settings.defaults("TallyFunction").withPollInterval(Duration.ofMillis(100))).start();

        // When
        put(table, Map.of("pk", s("a")));
        await("the first record delivered", () -> handler.delivered().size() == 1);
        source.close();
        put(table, Map.of("pk", s("b")));
        Thread.sleep(500);

        // Then
        assertThat(keysOf(handler.delivered())).containsExactly("a");
    }

    // ---------------------------------------------------------------------------------------------

    private record Table(String name, String streamArn, String shardId) {
    }

    private Table createTable() {
        String name = "stream-" + UUID.randomUUID().toString().substring(0, 8);
        String streamArn = dynamoDb.createTable(r -> r.tableName(name).billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(AttributeDefinition.builder().attributeName("pk").attributeType(ScalarAttributeType.S).build())
                .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build())
                .streamSpecification(spec -> spec.streamEnabled(true).streamViewType(StreamViewType.NEW_AND_OLD_IMAGES)))
                .tableDescription().latestStreamArn();
        List<Shard> shards = streams.describeStream(r -> r.streamArn(streamArn)).streamDescription().shards();
        assertThat(shards).as("DynamoDB Local's shards of a new stream").hasSize(1);
        return new Table(name, streamArn, shards.getFirst().shardId());
    }

    private StreamEventSource sourceFor(Table table, Settings settings) {
        Consumer<DiscardedBatch> onFailure = discarded::add;
        return StreamEventSource.create(streams, table.streamArn(), handler, settings, onFailure);
    }

    private static void put(Table table, Map<String, AttributeValue> item) {
        dynamoDb.putItem(r -> r.tableName(table.name()).item(item));
    }

    /** The stream's records read with GetRecords, independently of the poller. */
    private static List<Record> readDirectly(Table table) {
        String iterator = streams.getShardIterator(r -> r.streamArn(table.streamArn()).shardId(table.shardId())
                .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
        List<Record> records = new ArrayList<>();
        while (iterator != null) {
            String current = iterator;
            var page = streams.getRecords(r -> r.shardIterator(current));
            if (page.records().isEmpty()) {
                break;
            }
            records.addAll(page.records());
            iterator = page.nextShardIterator();
        }
        return records;
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    private static AttributeValue n(String value) {
        return AttributeValue.fromN(value);
    }

    private static List<String> keys(int count) {
        return IntStream.rangeClosed(1, count).mapToObj(i -> "item-%02d".formatted(i)).toList();
    }

    private static List<String> keysOf(List<DynamodbStreamRecord> records) {
        return records.stream().map(record -> record.getDynamodb().getKeys().get("pk").getS()).toList();
    }

    private static List<String> sequenceNumbersOf(List<DynamodbStreamRecord> records) {
        return records.stream().map(record -> record.getDynamodb().getSequenceNumber()).toList();
    }

    private static void await(String what, BooleanSupplier condition) {
        Instant deadline = Instant.now().plus(TIMEOUT);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                fail("not within " + TIMEOUT + ": " + what);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted awaiting " + what);
            }
        }
    }

    /** Records every invocation's records; fails the batches {@link #failWhen} names. */
    private static final class RecordingHandler implements RequestHandler<DynamodbEvent, Void> {

        private final List<List<DynamodbStreamRecord>> invocations = Collections.synchronizedList(new ArrayList<>());
        private final List<List<DynamodbStreamRecord>> succeeded = Collections.synchronizedList(new ArrayList<>());
        private final List<List<DynamodbStreamRecord>> failed = Collections.synchronizedList(new ArrayList<>());
        private final List<String> functionNames = Collections.synchronizedList(new ArrayList<>());
        private volatile java.util.function.Predicate<List<DynamodbStreamRecord>> failing = batch -> false;

        void failWhen(java.util.function.Predicate<List<DynamodbStreamRecord>> condition) {
            failing = condition;
        }

        @Override
        public Void handleRequest(DynamodbEvent event, Context context) {
            List<DynamodbStreamRecord> batch = List.copyOf(event.getRecords());
            invocations.add(batch);
            functionNames.add(context.getFunctionName());
            if (failing.test(batch)) {
                failed.add(batch);
                throw new IllegalStateException("poison");
            }
            succeeded.add(batch);
            return null;
        }

        List<List<DynamodbStreamRecord>> invocations() {
            return List.copyOf(invocations);
        }

        List<List<DynamodbStreamRecord>> failedInvocations() {
            return List.copyOf(failed);
        }

        /** The records of the invocations that succeeded, in the order they were handled. */
        List<DynamodbStreamRecord> delivered() {
            return List.copyOf(succeeded).stream().flatMap(List::stream).toList();
        }

        List<String> contexts() {
            return List.copyOf(new java.util.LinkedHashSet<>(functionNames));
        }
    }
}
