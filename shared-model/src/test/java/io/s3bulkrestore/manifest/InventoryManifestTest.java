package io.s3bulkrestore.manifest;

import io.s3bulkrestore.model.ObjectId;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class InventoryManifestTest {

    private static InventoryManifest report(String schema) {
        return new InventoryManifest("inventory-1", "CSV", schema,
                List.of(new InventoryManifest.DataFile("data/abc.csv.gz", 100)));
    }

    private static List<ManifestRecord> read(InventoryManifest report, String data) {
        List<ManifestRecord> records = new ArrayList<>();
        try (var reader = ManifestChunkReader.wholeFile(
                new ByteArrayInputStream(data.getBytes(StandardCharsets.UTF_8)), report.lineParser())) {
            reader.forEachRemaining(line -> records.add(line.record()));
        }
        return records;
    }

    @Test
    void shouldMapColumnsByTheFileSchemaAndFormDecodeKeys() {
        var report = report("Bucket, Key, VersionId, IsLatest, IsDeleteMarker, Size, StorageClass");
        String data = """
                "data-1","a+b%2Bc.txt","v1","true","false","10","GLACIER"
                "data-1","caf%C3%A9/x","","true","false","10","DEEP_ARCHIVE"
                "data-1","gone.txt","v2","true","true","0",""
                "data-1","short"
                """;

        List<ManifestRecord> records = read(report, data);

        assertThat(records).hasSize(4);
        assertThat(records.get(0)).isEqualTo(new ManifestRecord.Entry(1, new ObjectId("data-1", "a b+c.txt", "v1")));
        assertThat(records.get(1)).isEqualTo(new ManifestRecord.Entry(2, ObjectId.of("data-1", "café/x")));
        assertThat(records.get(2)).isEqualTo(new ManifestRecord.Invalid(3, "a delete marker cannot be restored"));
        assertThat(((ManifestRecord.Invalid) records.get(3)).reason()).contains("expected 7 fields");
    }

    @Test
    void shouldWorkWithoutVersionColumns() {
        var report = report("Bucket, Key, Size");
        assertThat(read(report, "\"data-1\",\"k\",\"3\"\n"))
                .containsExactly(new ManifestRecord.Entry(1, ObjectId.of("data-1", "k")));
    }

    @Test
    void shouldExplainWhyAReportCannotBeUsed() {
        assertThat(report("Bucket, Key").problem()).isNull();
        assertThat(report("Bucket, Size").problem()).contains("must include Bucket and Key");
        assertThat(new InventoryManifest("i", "ORC", "Bucket, Key", List.of(new InventoryManifest.DataFile("d", 1)))
                .problem()).contains("only CSV");
        assertThat(new InventoryManifest("i", "CSV", "Bucket, Key", List.of()).problem()).contains("no data files");
    }
}
