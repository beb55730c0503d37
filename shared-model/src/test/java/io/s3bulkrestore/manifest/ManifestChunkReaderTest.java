package io.s3bulkrestore.manifest;

import io.s3bulkrestore.model.ObjectId;
import io.s3bulkrestore.model.ObjectId.KeyEncoding;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class ManifestChunkReaderTest {

    /** Every line of the manifest, read whole by one reader: the reference the chunked reading must equal. */
    private static List<ManifestRecord> wholeFile(byte[] manifest) {
        List<ManifestRecord> records = new ArrayList<>();
        try (var reader = ManifestChunkReader.wholeManifest(new ByteArrayInputStream(manifest), KeyEncoding.URL)) {
            reader.forEachRemaining(line -> records.add(line.record()));
        }
        return records;
    }

    /** Reads every chunk from exactly the byte range the plan says to fetch. */
    private static List<ChunkLine> chunked(byte[] manifest, List<ManifestChunk> chunks) {
        List<ChunkLine> lines = new ArrayList<>();
        for (ManifestChunk chunk : chunks) {
            int from = (int) chunk.fetchFrom();
            int to = (int) chunk.fetchTo(manifest.length);
            byte[] range = Arrays.copyOfRange(manifest, from, to + 1);
            try (var reader = new ManifestChunkReader(new ByteArrayInputStream(range), chunk, KeyEncoding.URL)) {
                reader.forEachRemaining(lines::add);
            }
        }
        return lines;
    }

    private static List<ManifestChunk> chunksOf(int size, int chunkSize) {
        List<ManifestChunk> chunks = new ArrayList<>();
        for (int start = 0; start < size; start += chunkSize) {
            chunks.add(new ManifestChunk(chunks.size(), start, Math.min(size, start + chunkSize)));
        }
        return chunks;
    }

    private static String randomManifest(Random random, int lines) {
        String[] keys = {"plain.txt", "with%20space", "plus+sign", "caf%C3%A9/%E6%97%A5%E6%9C%AC", "a%2Fb", "x"};
        StringBuilder text = new StringBuilder(random.nextBoolean() ? "\uFEFF" : "");
        for (int i = 0; i < lines; i++) {
            switch (random.nextInt(12)) {
                case 0 -> text.append("");                         // blank line
                case 1 -> text.append("not-a-manifest-line");      // invalid
                case 2 -> text.append("bucket-1,").append(keys[random.nextInt(keys.length)]).append(",v").append(i);
                default -> text.append("bucket-").append(1 + random.nextInt(3)).append(',')
                        .append(keys[random.nextInt(keys.length)]).append('-').append(i);
            }
            text.append(random.nextBoolean() ? "\n" : "\r\n");
        }
        if (random.nextBoolean()) {
            text.append("bucket-1,last-line-without-newline");
        }
        return text.toString();
    }

    @ParameterizedTest(name = "chunk size {0}")
    @ValueSource(ints = {1, 2, 3, 5, 7, 13, 64, 1000, 100_000})
    void shouldReadEveryLineExactlyOnceWhereverTheBoundariesFall(int chunkSize) {
        for (int seed = 0; seed < 20; seed++) {
            byte[] manifest = randomManifest(new Random(seed), 60).getBytes(StandardCharsets.UTF_8);

            List<ChunkLine> lines = chunked(manifest, chunksOf(manifest.length, chunkSize));

            List<ManifestRecord> expected = wholeFile(manifest);
            assertThat(lines).as("seed %d", seed).hasSameSizeAs(expected);
            for (int i = 0; i < expected.size(); i++) {
                assertThat(sameContent(lines.get(i).record(), expected.get(i))).as("seed %d line %d", seed, i).isTrue();
            }
            assertThat(lines).extracting(ChunkLine::byteOffset).isSorted().doesNotHaveDuplicates();
        }
    }

    @Test
    void shouldGiveEachLineTheOffsetOfItsFirstByte() {
        byte[] manifest = "bucket-1,a\r\n\r\nbucket-1,b\nbucket-1,c".getBytes(StandardCharsets.UTF_8);

        List<ChunkLine> lines = chunked(manifest, chunksOf(manifest.length, 4));

        assertThat(lines).extracting(ChunkLine::byteOffset).containsExactly(0L, 14L, 25L);
        assertThat(lines).extracting(line -> ((ManifestRecord.Entry) line.record()).object().key())
                .containsExactly("a", "b", "c");
    }

    @Test
    void shouldCountLinesPerChunkSoAbsoluteLineNumbersCanBeRebuilt() {
        byte[] manifest = "bucket-1,a\n\nbad\nbucket-1,b\n".getBytes(StandardCharsets.UTF_8);
        ManifestChunk first = new ManifestChunk(0, 0, 12);
        ManifestChunk second = new ManifestChunk(1, 12, manifest.length);

        var firstReader = new ManifestChunkReader(new ByteArrayInputStream(manifest), first, KeyEncoding.URL);
        List<ChunkLine> firstLines = new ArrayList<>();
        firstReader.forEachRemaining(firstLines::add);
        var secondReader = new ManifestChunkReader(new ByteArrayInputStream(manifest, 11, manifest.length - 11),
                second, KeyEncoding.URL);
        List<ChunkLine> secondLines = new ArrayList<>();
        secondReader.forEachRemaining(secondLines::add);

        assertThat(firstReader.linesRead()).isEqualTo(2); // "bucket-1,a" and the blank line
        assertThat(secondLines).extracting(line -> line.record().lineNumber()).containsExactly(1L, 2L);
        assertThat(secondLines.get(0).record()).isInstanceOf(ManifestRecord.Invalid.class);
        // absolute line number of "bad" = lines of chunk 0 + its number in chunk 1
        assertThat(firstReader.linesRead() + secondLines.get(0).record().lineNumber()).isEqualTo(3);
    }

    @Test
    void shouldReportALineTooLongToFinishWithinTheFetchedRange() {
        String longKey = "k".repeat(ManifestChunk.MAX_LINE_BYTES + 10);
        byte[] manifest = ("bucket-1,a\nbucket-1," + longKey + "\nbucket-1,z\n").getBytes(StandardCharsets.UTF_8);
        List<ManifestChunk> chunks = chunksOf(manifest.length, ManifestChunk.MAX_LINE_BYTES + 1);

        List<ChunkLine> lines = chunked(manifest, chunks);

        assertThat(lines).hasSize(3);
        assertThat(lines.get(1).record()).isInstanceOfSatisfying(ManifestRecord.Invalid.class,
                invalid -> assertThat(invalid.reason()).contains("longer than"));
        assertThat(lines.get(2).record()).isEqualTo(new ManifestRecord.Entry(1, ObjectId.of("bucket-1", "z")));
    }

    @Test
    void shouldPlanChunksThatCoverTheManifest() {
        List<ManifestChunk> chunks = ManifestChunk.plan(100_000, 30_000);
        assertThat(chunks).extracting(ManifestChunk::start).containsExactly(0L, 30_000L, 60_000L, 90_000L);
        assertThat(chunks.get(3).end()).isEqualTo(100_000);
        assertThat(chunks.get(1).fetchFrom()).isEqualTo(29_999);
        assertThat(chunks.get(3).fetchTo(100_000)).isEqualTo(99_999);
        assertThat(ManifestChunk.plan(0, 30_000)).isEmpty();
    }

    private static boolean sameContent(ManifestRecord chunked, ManifestRecord whole) {
        return switch (chunked) {
            case ManifestRecord.Entry e -> whole instanceof ManifestRecord.Entry w && w.object().equals(e.object());
            case ManifestRecord.Invalid i -> whole instanceof ManifestRecord.Invalid w && w.reason().equals(i.reason());
        };
    }
}
