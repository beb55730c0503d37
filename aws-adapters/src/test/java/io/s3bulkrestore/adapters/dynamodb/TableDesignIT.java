package io.s3bulkrestore.adapters.dynamodb;

import io.s3bulkrestore.adapters.EmulatorClients;
import io.s3bulkrestore.emulators.DynamoDbLocalServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;

import static org.assertj.core.api.Assertions.assertThat;

class TableDesignIT {

    private static DynamoDbLocalServer server;
    private static DynamoDbClient client;

    @BeforeAll
    static void start() {
        server = DynamoDbLocalServer.start();
        client = EmulatorClients.dynamoDb(server);
    }

    @AfterAll
    static void stop() {
        client.close();
        server.close();
    }

    @Test
    void shouldCreateBothTablesWithTheirIndexesAndStreamAndTolerateASecondRun() {
        var tables = FreshTables.create(client);
        TableDesign.createIfMissing(client, tables.jobs(), tables.objects());

        var jobs = client.describeTable(b -> b.tableName(tables.jobs())).table();
        var objects = client.describeTable(b -> b.tableName(tables.objects())).table();
        assertThat(jobs.globalSecondaryIndexes()).extracting(GlobalSecondaryIndexDescription::indexName)
                .containsExactlyInAnyOrder("ActiveJobs", "JobsByCreation", "JobsByStatus");
        // The objects table: keyed by the object alone, no index, old and new images on its stream
        assertThat(objects.keySchema()).extracting(k -> k.attributeName()).containsExactly(TableDesign.PK);
        assertThat(objects.globalSecondaryIndexes()).isEmpty();
        assertThat(objects.streamSpecification().streamEnabled()).isTrue();
        assertThat(objects.streamSpecification().streamViewTypeAsString()).isEqualTo("NEW_AND_OLD_IMAGES");
        assertThat(objects.latestStreamArn()).isNotBlank();
        assertThat(client.describeTimeToLive(b -> b.tableName(tables.objects())).timeToLiveDescription()
                .attributeName()).isEqualTo("expiresAt");
    }
}
