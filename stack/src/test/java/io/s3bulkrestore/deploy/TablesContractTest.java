package io.s3bulkrestore.deploy;

import io.s3bulkrestore.adapters.dynamodb.TableDesign;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static io.s3bulkrestore.deploy.StackTemplate.list;
import static io.s3bulkrestore.deploy.StackTemplate.map;
import static io.s3bulkrestore.deploy.StackTemplate.strings;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The DynamoDB tables exactly as TableDesign (what the code and the local tests create) declares them: keys, indexes,
 * TTL, recovery and encryption; and the objects table's stream as the tally function reads it.
 */
class TablesContractTest {

    private static StackTemplate stack;

    @BeforeAll
    static void loadTemplate() throws Exception {
        stack = StackTemplate.load();
    }

    @Test
    void shouldDeclareTheJobsTableExactlyAsTableDesignDoes() {
        assertTableMatches("JobsTable", TableDesign.jobsTable("x"));
    }

    @Test
    void shouldDeclareTheObjectsTableExactlyAsTableDesignDoes() {
        assertTableMatches("ObjectsTable", TableDesign.objectsTable("x"));
    }

    @Test
    void shouldDeclareNoIndexOnTheObjectsTableAndNoPolicyNamingOne() {
        assertThat(map(map(stack.resources().get("ObjectsTable")).get("Properties"))).doesNotContainKey("GlobalSecondaryIndexes");
        assertThat(stack.allowStatements()).allSatisfy(statement -> assertThat(String.valueOf(statement.body().get("Resource")))
                .as(statement.where()).doesNotContain("ObjectsTable.Arn}/index"));
    }

    @Test
    void shouldFeedTheTallyFunctionTheObjectsTableStreamWithOldAndNewImagesAndTheShardId() {
        Map<String, Object> table = map(map(stack.resources().get("ObjectsTable")).get("Properties"));
        assertThat(map(table.get("StreamSpecification"))).containsEntry("StreamViewType",
                TableDesign.objectsTable("x").streamSpecification().streamViewTypeAsString());
        Map<String, Object> source = map(map(map(map(stack.function("TallyFunction").get("Properties")).get("Events"))
                .get("ObjectChanges")).get("Properties"));
        assertThat(source).containsEntry("Stream", Map.of("Fn::GetAtt", List.of("ObjectsTable", "StreamArn")))
                .containsEntry("BisectBatchOnFunctionError", true)
                .containsKey("TumblingWindowInSeconds") // TallyHandler needs the shard id, sent only with a window
                .containsKey("DestinationConfig");
        assertThat(String.valueOf(source.get("FilterCriteria"))).contains("INSERT").contains("MODIFY")
                .doesNotContain("REMOVE");
    }

    private static void assertTableMatches(String logicalId, CreateTableRequest design) {
        Map<String, Object> table = map(stack.resources().get(logicalId));
        assertThat(table).containsEntry("Type", "AWS::DynamoDB::Table");
        Map<String, Object> properties = map(table.get("Properties"));

        assertThat(properties).containsEntry("BillingMode", design.billingModeAsString());
        assertThat(keys(list(properties.get("KeySchema"))))
                .isEqualTo(design.keySchema().stream().map(TablesContractTest::key).toList());
        assertThat(list(properties.get("AttributeDefinitions")).stream().map(StackTemplate::map)
                .map(a -> a.get("AttributeName") + " " + a.get("AttributeType")).collect(Collectors.toSet()))
                .isEqualTo(design.attributeDefinitions().stream()
                        .map(a -> a.attributeName() + " " + a.attributeTypeAsString()).collect(Collectors.toSet()));
        assertThat(indexes(properties.get("GlobalSecondaryIndexes") == null ? List.of()
                : list(properties.get("GlobalSecondaryIndexes"))))
                .isEqualTo(design.globalSecondaryIndexes().stream().collect(Collectors.toMap(
                        GlobalSecondaryIndex::indexName,
                        index -> index.keySchema().stream().map(TablesContractTest::key).toList() + " "
                                + index.projection().projectionTypeAsString() + " "
                                + new TreeSet<>(index.projection().nonKeyAttributes()))));
        assertThat(map(properties.get("TimeToLiveSpecification")))
                .isEqualTo(Map.of("AttributeName", TableDesign.TTL, "Enabled", true));
        assertThat(map(properties.get("PointInTimeRecoverySpecification")))
                .containsEntry("PointInTimeRecoveryEnabled", true);
        assertThat(map(properties.get("SSESpecification"))).containsEntry("SSEEnabled", true);
    }

    private static List<String> keys(List<Object> keySchema) {
        return keySchema.stream().map(StackTemplate::map).map(k -> k.get("AttributeName") + " " + k.get("KeyType"))
                .toList();
    }

    private static String key(KeySchemaElement element) {
        return element.attributeName() + " " + element.keyTypeAsString();
    }

    private static Map<String, String> indexes(List<Object> indexes) {
        Map<String, String> byName = new TreeMap<>();
        for (Object value : indexes) {
            Map<String, Object> index = map(value);
            Map<String, Object> projection = map(index.get("Projection"));
            byName.put((String) index.get("IndexName"), keys(list(index.get("KeySchema"))) + " "
                    + projection.get("ProjectionType") + " "
                    + new TreeSet<>(strings(projection.getOrDefault("NonKeyAttributes", List.of()))));
        }
        return byName;
    }
}
