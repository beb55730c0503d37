package io.s3bulkrestore.sandbox.batch;

import io.s3bulkrestore.manifest.InventoryManifest;
import io.s3bulkrestore.manifest.ManifestLineParser;
import io.s3bulkrestore.manifest.ManifestRecord;
import io.s3bulkrestore.model.ObjectId;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class GeneratedManifestWriterTest {

    @Test
    void shouldWriteRowsThatTheProjectsInventoryReaderReadsBackToTheSameObjects() {
        // Given keys that need encoding: a space, '+', '%', ',', a quote, unicode
        List<ObjectId> objects = List.of(ObjectId.of("archive-data", "photos/2026 summer/a b.jpg"),
                ObjectId.of("archive-data", "c++/notes+1.txt"), ObjectId.of("archive-data", "100%,\"q\"/日本語.txt"));
        ManifestLineParser parser = new InventoryManifest("manifests", "CSV", GeneratedManifestWriter.FILE_SCHEMA,
                List.of(new InventoryManifest.DataFile("d.csv.gz", 1))).lineParser();

        // When
        List<String> lines = GeneratedManifestWriter.rows(objects).lines().toList();

        // Then every field is quoted and each line reads back to its object
        assertThat(lines.get(1)).isEqualTo("\"archive-data\",\"c%2B%2B/notes%2B1.txt\"");
        assertThat(lines.get(0)).isEqualTo("\"archive-data\",\"photos/2026+summer/a+b.jpg\"");
        for (int i = 0; i < objects.size(); i++) {
            assertThat(parser.parse(i + 1, lines.get(i)))
                    .isEqualTo(new ManifestRecord.Entry(i + 1, objects.get(i)));
        }
    }

    @Test
    void shouldPutEachJobsManifestInItsOwnFolderUnderThePrefix() {
        assertThat(GeneratedManifestWriter.folder(output("generated/"), "j1")).isEqualTo("generated/job-j1/");
        assertThat(GeneratedManifestWriter.folder(output("generated"), "j1")).isEqualTo("generated/job-j1/");
        assertThat(GeneratedManifestWriter.folder(output(null), "j1")).isEqualTo("job-j1/");
    }

    private static ManifestGeneratorSpec.OutputLocation output(String prefix) {
        return new ManifestGeneratorSpec.OutputLocation("arn:aws:s3:::m", "m", null, prefix, null,
                ManifestGeneratorSpec.GENERATED_FORMAT);
    }
}
