package io.s3bulkrestore.sandbox.batch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.s3bulkrestore.manifest.InventoryManifest;
import io.s3bulkrestore.manifest.ManifestLineParser;
import io.s3bulkrestore.manifest.ManifestRecord;
import io.s3bulkrestore.model.ObjectId;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

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

    @Test
    void shouldSplitTheListIntoDataFilesOfAtMostTheRowsAllowedAndListThemInOrder() throws Exception {
        // Given five objects, two rows a file, SSE-KMS asked for
        RecordingS3 s3 = new RecordingS3();
        List<ObjectId> objects = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            objects.add(ObjectId.of("data", "k" + i));
        }
        ManifestGeneratorSpec spec = spec(new ManifestGeneratorSpec.Encryption("arn:aws:kms:us-east-1:1:key/k"));

        // When
        GeneratedManifestWriter.Written written = new GeneratedManifestWriter(s3, 2)
                .write(spec, "j1", objects, Instant.ofEpochMilli(1_234));

        // Then three data files of 2, 2 and 1 rows, named in manifest.json in list order
        JsonNode manifest = new ObjectMapper().readTree(s3.objects.get("gen/job-j1/manifest.json"));
        assertThat(manifest.path("creationTimestamp").asText()).isEqualTo("1234");
        List<String> rows = new ArrayList<>();
        List<Integer> rowsPerFile = new ArrayList<>();
        for (JsonNode file : manifest.path("files")) {
            byte[] data = s3.objects.get(file.path("key").asText());
            assertThat(file.path("size").asLong()).isEqualTo(data.length);
            assertThat(file.path("MD5checksum").asText()).isEqualTo(CompletionReport.hex("MD5", data));
            List<String> lines = new String(new GZIPInputStream(new ByteArrayInputStream(data)).readAllBytes(),
                    StandardCharsets.UTF_8).lines().toList();
            rowsPerFile.add(lines.size());
            rows.addAll(lines);
        }
        assertThat(rowsPerFile).containsExactly(2, 2, 1);
        assertThat(rows).containsExactly("\"data\",\"k1\"", "\"data\",\"k2\"", "\"data\",\"k3\"", "\"data\",\"k4\"",
                "\"data\",\"k5\"");
        // and the checksum file, the location with the ETag bare, every object written with the key asked for
        assertThat(new String(s3.objects.get("gen/job-j1/manifest.checksum"), StandardCharsets.UTF_8))
                .isEqualTo(CompletionReport.hex("MD5", s3.objects.get("gen/job-j1/manifest.json")) + "\n");
        assertThat(written).isEqualTo(new GeneratedManifestWriter.Written("arn:aws:s3:::m/gen/job-j1/manifest.json",
                null, "etag-of-gen/job-j1/manifest.json"));
        assertThat(s3.requests).hasSize(5).allSatisfy(request -> {
            assertThat(request.bucket()).isEqualTo("m");
            assertThat(request.serverSideEncryption()).isEqualTo(ServerSideEncryption.AWS_KMS);
            assertThat(request.ssekmsKeyId()).isEqualTo("arn:aws:kms:us-east-1:1:key/k");
        });
    }

    @Test
    void shouldWriteAManifestWithoutDataFilesForAnEmptyList() throws Exception {
        RecordingS3 s3 = new RecordingS3();
        new GeneratedManifestWriter(s3).write(spec(null), "j2", List.of(), Instant.EPOCH);
        assertThat(new ObjectMapper().readTree(s3.objects.get("gen/job-j2/manifest.json")).path("files")).isEmpty();
        assertThat(s3.objects.keySet()).containsExactly("gen/job-j2/manifest.json", "gen/job-j2/manifest.checksum");
        assertThat(s3.requests).allSatisfy(request -> assertThat(request.serverSideEncryption()).isNull());
    }

    private static ManifestGeneratorSpec spec(ManifestGeneratorSpec.Encryption encryption) {
        return new ManifestGeneratorSpec("arn:aws:s3:::data", "data", null, true,
                new ManifestGeneratorSpec.OutputLocation("arn:aws:s3:::m", "m", null, "gen/", encryption,
                        ManifestGeneratorSpec.GENERATED_FORMAT), GeneratorFilter.none());
    }

    /** An S3 that keeps what is put, in order, and answers an ETag derived from the key. */
    private static final class RecordingS3 implements S3Client {

        final Map<String, byte[]> objects = new LinkedHashMap<>();
        final List<PutObjectRequest> requests = new ArrayList<>();

        @Override
        public PutObjectResponse putObject(PutObjectRequest request, RequestBody body) {
            try {
                objects.put(request.key(), body.contentStreamProvider().newStream().readAllBytes());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            requests.add(request);
            return PutObjectResponse.builder().eTag("\"etag-of-" + request.key() + "\"").build();
        }

        @Override
        public String serviceName() {
            return "s3";
        }

        @Override
        public void close() {
        }
    }

    private static ManifestGeneratorSpec.OutputLocation output(String prefix) {
        return new ManifestGeneratorSpec.OutputLocation("arn:aws:s3:::m", "m", null, prefix, null,
                ManifestGeneratorSpec.GENERATED_FORMAT);
    }
}
