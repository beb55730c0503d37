package io.s3bulkrestore.manifest;

import io.s3bulkrestore.model.ObjectId;
import io.s3bulkrestore.model.ObjectId.KeyEncoding;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ManifestReadingTest {

    private static List<ManifestRecord> read(byte[] bytes) {
        List<ManifestRecord> records = new ArrayList<>();
        // A whole manifest is read as one chunk.
        try (var reader = ManifestChunkReader.wholeManifest(new ByteArrayInputStream(bytes), KeyEncoding.URL)) {
            reader.forEachRemaining(line -> records.add(line.record()));
        }
        return records;
    }

    private static List<ManifestRecord> read(String text) {
        return read(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void shouldReadBucketKeyAndOptionalVersion() {
        assertThat(read("bucket-1,a%20b.txt\nbucket-1,c.txt,v123\n")).containsExactly(
                new ManifestRecord.Entry(1, ObjectId.of("bucket-1", "a b.txt")),
                new ManifestRecord.Entry(2, new ObjectId("bucket-1", "c.txt", "v123")));
    }

    @Test
    void shouldAcceptCrlfBomAndBlankLinesAndKeepEditorLineNumbers() {
        List<ManifestRecord> records = read("\uFEFFbucket-1,one\r\n\r\n   \r\nbucket-1,two\r\nbucket-1,three");
        assertThat(records).containsExactly(
                new ManifestRecord.Entry(1, ObjectId.of("bucket-1", "one")),
                new ManifestRecord.Entry(4, ObjectId.of("bucket-1", "two")),
                new ManifestRecord.Entry(5, ObjectId.of("bucket-1", "three")));
    }

    @Test
    void shouldUnquoteFieldsAsRfc4180Says() {
        assertThat(read("\"bucket-1\",\"a,b \"\"q\"\".txt\",\"\"\n")).containsExactly(
                new ManifestRecord.Entry(1, ObjectId.of("bucket-1", "a,b \"q\".txt")));
    }

    @Test
    void shouldReportEachInvalidLineWithItsNumberAndReason() {
        List<ManifestRecord> records = read(String.join("\n",
                "bucket-1,fine",
                "just-one-field",
                "Bad_Bucket,key",
                "bucket-1,",
                "bucket-1,bad%zzencoding",
                "bucket-1,k,v,extra",
                "\"bucket-1,unclosed",
                "bucket-1,a\"b",
                "bucket-1,also-fine"));

        assertThat(records).hasSize(9);
        assertThat(records.get(0)).isInstanceOf(ManifestRecord.Entry.class);
        assertThat(records.get(8)).isEqualTo(new ManifestRecord.Entry(9, ObjectId.of("bucket-1", "also-fine")));
        assertThat(records.subList(1, 8)).allSatisfy(r -> assertThat(r).isInstanceOf(ManifestRecord.Invalid.class))
                .extracting(ManifestRecord::lineNumber).containsExactly(2L, 3L, 4L, 5L, 6L, 7L, 8L);
        assertThat(((ManifestRecord.Invalid) records.get(1)).reason()).contains("found 1 field");
        assertThat(((ManifestRecord.Invalid) records.get(2)).reason()).contains("Bad_Bucket");
        assertThat(((ManifestRecord.Invalid) records.get(3)).reason()).contains("key is empty");
        assertThat(((ManifestRecord.Invalid) records.get(4)).reason()).contains("URL-encoded");
        assertThat(((ManifestRecord.Invalid) records.get(5)).reason()).contains("found 4 field");
        assertThat(((ManifestRecord.Invalid) records.get(6)).reason()).contains("not closed");
        assertThat(((ManifestRecord.Invalid) records.get(7)).reason()).contains("quote");
    }

    @Test
    void shouldReportInvalidUtf8AsAnInvalidLineNotAFailedStream() {
        byte[] bytes = {'b', 'u', 'c', 'k', 'e', 't', '-', '1', ',', (byte) 0xC3, (byte) 0x28, '\n',
                'b', 'u', 'c', 'k', 'e', 't', '-', '1', ',', 'k'};
        List<ManifestRecord> records = read(bytes);
        assertThat(records).hasSize(2);
        assertThat(records.get(0)).isEqualTo(new ManifestRecord.Invalid(1, "the line is not valid UTF-8"));
        assertThat(records.get(1)).isEqualTo(new ManifestRecord.Entry(2, ObjectId.of("bucket-1", "k")));
    }

    @Test
    void shouldRejectKeysLongerThanS3Allows() {
        String longKey = "k".repeat(1025);
        assertThat(read("bucket-1," + longKey)).singleElement().isInstanceOf(ManifestRecord.Invalid.class);
        assertThat(read("bucket-1," + "k".repeat(1024))).singleElement().isInstanceOf(ManifestRecord.Entry.class);
    }
}
