package io.s3bulkrestore.adapters.dynamodb;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.util.UUID;

/** A pair of tables laid out as the template lays them out, with names no other test or run uses. */
public record FreshTables(String jobs, String objects) {

    /** Creates them through {@code client} (DynamoDB Local, served or embedded). */
    public static FreshTables create(DynamoDbClient client) {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        FreshTables tables = new FreshTables("jobs-" + suffix, "objects-" + suffix);
        TableDesign.createIfMissing(client, tables.jobs(), tables.objects());
        return tables;
    }
}
