package io.s3bulkrestore.benchmarks.manifest;

import io.s3bulkrestore.benchmarks.Benchmark;
import io.s3bulkrestore.benchmarks.Figure;
import io.s3bulkrestore.benchmarks.Stats;
import io.s3bulkrestore.fakes.InMemoryJobStore;
import io.s3bulkrestore.fakes.RecordingBatchOperations;
import io.s3bulkrestore.fakes.RecordingIngestQueue;
import io.s3bulkrestore.jobs.CreateJob;
import io.s3bulkrestore.jobs.JobPolicy;
import io.s3bulkrestore.model.CreateJobRequest;
import io.s3bulkrestore.model.JobId;
import io.s3bulkrestore.model.ManifestFormat;
import io.s3bulkrestore.model.RestoreTier;
import io.s3bulkrestore.model.StorageFamily;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Benchmark 2: manifest ingestion. Parse + decode rate on one thread and peak heap, ours (chunked, streaming)
 * vs reading the whole object and splitting it into lines, at two sizes 10x apart, each design and size in a
 * fresh JVM ({@link ManifestProbe}) with a heap limit. And {@code POST /jobs} ({@link CreateJob}) for both
 * sizes: it plans chunks from the object's size, so neither its latency nor the bytes it reads depend on
 * the manifest's length; the naive request would parse the manifest before answering.
 */
public final class ManifestIngestionBenchmark implements Benchmark {

    public static final String NAME = "manifest";
    /** Ours must parse both sizes within this heap: if streaming broke, the larger one fails with OutOfMemoryError. */
    static final String OURS_HEAP = "-Xmx32m";
    private static final int CREATE_JOB_RUNS = 21;

    private final long smallLines;
    private final long quickSmallLines;

    /** @param smallLines the smaller manifest of a full run (the larger is 10x); quick runs use a tenth */
    public ManifestIngestionBenchmark(long smallLines) {
        this.smallLines = smallLines;
        this.quickSmallLines = smallLines / 10;
    }

    public ManifestIngestionBenchmark() {
        this(1_000_000);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Figure> run(boolean quick) throws Exception {
        long small = quick ? quickSmallLines : smallLines;
        long large = small * 10;
        Path dir = Files.createTempDirectory("bench-manifests");
        try {
            Path smallFile = SyntheticManifest.write(dir.resolve("small.csv"), small);
            Path largeFile = SyntheticManifest.write(dir.resolve("large.csv"), large);
            int repeats = quick ? 3 : 5;
            Probe oursSmall = probe("ours", smallFile, repeats, OURS_HEAP);
            Probe oursLarge = probe("ours", largeFile, quick ? 3 : 3, OURS_HEAP);
            Probe naiveSmall = probe("naive", smallFile, repeats, naiveHeap(smallFile));
            Probe naiveLarge = probe("naive", largeFile, quick ? 3 : 3, naiveHeap(largeFile));
            for (Probe[] pair : new Probe[][] {{oursSmall, naiveSmall}, {oursLarge, naiveLarge}}) {
                if (pair[0].entries() != pair[1].entries() || pair[0].keyChars() != pair[1].keyChars()) {
                    throw new IllegalStateException("ours and naive parsed different entries: " + pair[0] + " vs " + pair[1]);
                }
            }
            CreateJobTimes createJob = createJob(smallFile, largeFile);

            List<Figure> figures = new ArrayList<>();
            String s = lines(small);
            String l = lines(large);
            figures.add(Figure.timed(NAME, "parse+decode lines/s, " + s + ", 1 thread, median of " + repeats,
                    oursSmall.linesPerSecond(), naiveSmall.linesPerSecond(), Figure.Better.HIGHER));
            figures.add(Figure.timed(NAME, "parse+decode lines/s, " + l + ", 1 thread, median of " + oursLarge.nanos().size(),
                    oursLarge.linesPerSecond(), naiveLarge.linesPerSecond(), Figure.Better.HIGHER));
            figures.add(Figure.countedUnchecked(NAME, "peak heap MB, " + s + " (ours under " + OURS_HEAP + ")",
                    mb(oursSmall.peakHeapBytes()), mb(naiveSmall.peakHeapBytes())));
            figures.add(Figure.countedUnchecked(NAME, "peak heap MB, " + l + " (ours under " + OURS_HEAP + ")",
                    mb(oursLarge.peakHeapBytes()), mb(naiveLarge.peakHeapBytes())));
            figures.add(Figure.counted(NAME, "peak heap growth when the manifest grows 10x (x)",
                    (double) oursLarge.peakHeapBytes() / oursSmall.peakHeapBytes(),
                    (double) naiveLarge.peakHeapBytes() / naiveSmall.peakHeapBytes(), 1.5));
            figures.add(Figure.timed(NAME, "POST /jobs ms, " + s + " manifest, median of " + CREATE_JOB_RUNS,
                    createJob.smallMillis(), naiveSmall.medianMillis(), Figure.Better.LOWER));
            figures.add(Figure.timed(NAME, "POST /jobs ms, " + l + " manifest, median of " + CREATE_JOB_RUNS,
                    createJob.largeMillis(), naiveLarge.medianMillis(), Figure.Better.LOWER));
            figures.add(Figure.counted(NAME, "POST /jobs manifest bytes read, " + l + " manifest",
                    createJob.largeBytesRead(), Files.size(largeFile), 64 * 1024));
            return figures;
        } finally {
            try (Stream<Path> files = Files.list(dir)) {
                for (Path file : files.toList()) {
                    Files.deleteIfExists(file);
                }
            }
            Files.deleteIfExists(dir);
        }
    }

    private static String lines(long lines) {
        return lines % 1_000_000 == 0 ? (lines / 1_000_000) + "M lines" : (lines / 1_000) + "k lines";
    }

    private static double mb(long bytes) {
        return bytes / (1024.0 * 1024.0);
    }

    /** Enough for the whole object as bytes and as a String, and its lines: about six times its size. */
    private static String naiveHeap(Path file) throws IOException {
        long mb = Math.max(256, Files.size(file) * 6 / (1024 * 1024));
        return "-Xmx" + mb + "m";
    }

    /** What one child JVM reported. */
    record Probe(long entries, long keyChars, List<Long> nanos, long peakHeapBytes) {

        double medianMillis() {
            return Stats.median(nanos.stream().map(n -> n / 1e6).toList());
        }

        double linesPerSecond() {
            return entries / (medianMillis() / 1000);
        }

        static Probe parse(String line) {
            Map<String, String> fields = new LinkedHashMap<>();
            for (String field : line.trim().split(" ")) {
                int eq = field.indexOf('=');
                fields.put(field.substring(0, eq), field.substring(eq + 1));
            }
            return new Probe(Long.parseLong(fields.get("entries")), Long.parseLong(fields.get("keyChars")),
                    Arrays.stream(fields.get("nanos").split(",")).map(Long::valueOf).toList(),
                    Long.parseLong(fields.get("peakHeapBytes")));
        }
    }

    private static Probe probe(String mode, Path file, int repeats, String heap) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, heap, "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                ManifestProbe.class.getName(), mode, file.toString(), Integer.toString(repeats))
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0) {
            throw new IllegalStateException(mode + " probe of " + file.getFileName() + " with " + heap + " failed: " + output);
        }
        String result = output.lines().filter(line -> line.startsWith("entries=")).reduce((a, b) -> b)
                .orElseThrow(() -> new IllegalStateException("no result from the " + mode + " probe: " + output));
        return Probe.parse(result);
    }

    record CreateJobTimes(double smallMillis, double largeMillis, long largeBytesRead) {
    }

    /** {@code POST /jobs} behind the handler: CreateJob with in-memory stores, the manifests as local files. */
    private static CreateJobTimes createJob(Path smallFile, Path largeFile) {
        var manifests = new FileManifestStore(Map.of("small.csv", smallFile, "large.csv", largeFile));
        AtomicLong ids = new AtomicLong();
        var createJob = new CreateJob(new InMemoryJobStore(), manifests, new RecordingBatchOperations(),
                new RecordingIngestQueue(), ManifestProbe.CHUNK_BYTES, new JobPolicy(Set.of(SyntheticManifest.BUCKET), 1.0),
                Clock.systemUTC(), () -> new JobId("bench-" + ids.incrementAndGet()));
        for (int warmUp = 0; warmUp < 50; warmUp++) {
            create(createJob, warmUp % 2 == 0 ? "small.csv" : "large.csv");
        }
        List<Double> small = new ArrayList<>();
        List<Double> large = new ArrayList<>();
        long bytesBefore = 0;
        long largeBytes = 0;
        for (int run = 0; run < CREATE_JOB_RUNS; run++) {
            small.add(create(createJob, "small.csv"));
            bytesBefore = manifests.bytesRead();
            large.add(create(createJob, "large.csv"));
            largeBytes = manifests.bytesRead() - bytesBefore;
        }
        return new CreateJobTimes(Stats.median(small), Stats.median(large), largeBytes);
    }

    private static double create(CreateJob createJob, String key) {
        var request = new CreateJobRequest(SyntheticManifest.BUCKET, key, RestoreTier.BULK, 1, StorageFamily.GLACIER,
                ManifestFormat.CSV, null);
        long started = System.nanoTime();
        createJob.create(request, Optional.empty());
        return (System.nanoTime() - started) / 1e6;
    }
}
