package io.s3bulkrestore.adapters.dynamodb;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;

import static org.assertj.core.api.Assertions.assertThat;

class TableDesignIT {

    @RegisterExtension
    static final DynamoDbLocalExtension DYNAMODB = new DynamoDbLocalExtension();

    @Test
    void shouldCreateBothTablesWithTheirIndexesAndStreamAndTolerateASecondRun() {
        var tables = DYNAMODB.freshTables();
        TableDesign.createIfMissing(DYNAMODB.client(), tables.jobs(), tables.objects());

        var jobs = DYNAMODB.client().describeTable(b -> b.tableName(tables.jobs())).table();
        var objects = DYNAMODB.client().describeTable(b -> b.tableName(tables.objects())).table();
        assertThat(jobs.globalSecondaryIndexes()).extracting(GlobalSecondaryIndexDescription::indexName)
                .containsExactlyInAnyOrder("ActiveJobs", "JobsByCreation", "JobsByStatus");
        // The objects table: keyed by the object alone, no index, old and new images on its stream
        assertThat(objects.keySchema()).extracting(k -> k.attributeName()).containsExactly(TableDesign.PK);
        assertThat(objects.globalSecondaryIndexes()).isEmpty();
        assertThat(objects.streamSpecification().streamEnabled()).isTrue();
        assertThat(objects.streamSpecification().streamViewTypeAsString()).isEqualTo("NEW_AND_OLD_IMAGES");
        assertThat(objects.latestStreamArn()).isNotBlank();
        assertThat(DYNAMODB.client().describeTimeToLive(b -> b.tableName(tables.objects())).timeToLiveDescription()
                .attributeName()).isEqualTo("expiresAt");
    }
}
