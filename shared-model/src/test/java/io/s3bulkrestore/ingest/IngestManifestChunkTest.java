package io.s3bulkrestore.ingest;

import io.s3bulkrestore.fakes.InMemoryJobStore;
import io.s3bulkrestore.fakes.InMemoryManifestStore;
import io.s3bulkrestore.fakes.InMemoryRestoreLedger;
import io.s3bulkrestore.fakes.RecordingBatchOperations;
import io.s3bulkrestore.fakes.RecordingIngestQueue;
import io.s3bulkrestore.fakes.RecordingRestoreEventRouting;
import io.s3bulkrestore.jobs.CreateJob;
import io.s3bulkrestore.jobs.JobPolicy;
import io.s3bulkrestore.manifest.InventoryManifest;
import io.s3bulkrestore.model.CreateJobRequest;
import io.s3bulkrestore.model.Job;
import io.s3bulkrestore.model.JobId;
import io.s3bulkrestore.model.JobStatus;
import io.s3bulkrestore.model.ManifestFormat;
import io.s3bulkrestore.model.ObjectId;
import io.s3bulkrestore.model.RestoreTier;
import io.s3bulkrestore.model.StorageFamily;
import io.s3bulkrestore.tracking.ChunkSummary;
import io.s3bulkrestore.tracking.MembershipClaim;
import io.s3bulkrestore.tracking.RegisterManifestObjects;
import io.s3bulkrestore.tracking.Registration;
import io.s3bulkrestore.tracking.RestoreEvent;
import io.s3bulkrestore.tracking.RestoreLedger;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IngestManifestChunkTest {

    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final long CHUNK_BYTES = 9_000;

    private final InMemoryRestoreLedger ledger = new InMemoryRestoreLedger();
    private final InMemoryJobStore jobs = new InMemoryJobStore(ledger);
    private final InMemoryManifestStore manifests = new InMemoryManifestStore();
    private final RecordingIngestQueue queue = new RecordingIngestQueue();
    private final RecordingRestoreEventRouting routing = new RecordingRestoreEventRouting();
    private final AtomicInteger ids = new AtomicInteger();
    private final CreateJob createJob = new CreateJob(jobs, manifests, new RecordingBatchOperations(), queue,
            CHUNK_BYTES, new JobPolicy(Set.of("manifests-1", "data-1", "data-2"), 2.0), CLOCK,
            () -> new JobId("job-" + ids.incrementAndGet()));

    private IngestManifestChunk ingest(RestoreLedger using) {
        return new IngestManifestChunk(jobs, manifests, new RegisterManifestObjects(using, CLOCK, java.time.Duration.ofDays(30)), routing,
                Set.of("data-1", "data-2"), 50);
    }

    /** A manifest with duplicates, invalid lines and a foreign bucket; remembers what it holds. */
    private static final class Manifest {
        final StringBuilder text = new StringBuilder();
        final Set<ObjectId> distinctValid = new LinkedHashSet<>();
        final List<String> invalidSamples = new ArrayList<>();
        long invalid;
        long line;

        void valid(String bucket, String encodedKey, String decodedKey) {
            add(bucket + "," + encodedKey);
            distinctValid.add(ObjectId.of(bucket, decodedKey));
        }

        void invalid(String text, String reason) {
            add(text);
            invalid++;
            if (invalidSamples.size() < IngestProgress.MAX_SAMPLES) {
                invalidSamples.add("line " + line + ": " + reason);
            }
        }

        void blank() {
            add("");
        }

        private void add(String content) {
            text.append(content).append('\n');
            line++;
        }
    }

    private static Manifest bigManifest() {
        Manifest m = new Manifest();
        for (int i = 0; i < 1_500; i++) {
            String key = "photos/2019/img " + i + "+x.jpg";
            m.valid(i % 2 == 0 ? "data-1" : "data-2", "photos/2019/img%20" + i + "+x.jpg", key);
            if (i % 100 == 7) {
                m.valid("data-1", "photos/2019/img%20" + (i - 7) + "+x.jpg", "photos/2019/img " + (i - 7) + "+x.jpg");
            }
            if (i % 250 == 3) {
                m.invalid("data-1", "expected bucket,key[,versionId] but found 1 field(s)");
            }
            if (i % 400 == 5) {
                m.invalid("elsewhere-1,a.txt", "bucket elsewhere-1 is not in this stack's AllowedBuckets");
            }
            if (i % 300 == 9) {
                m.blank();
            }
        }
        return m;
    }

    private Job createCsvJob(String key, String content) {
        manifests.put("manifests-1", key, content);
        return createJob.create(new CreateJobRequest("manifests-1", key, RestoreTier.BULK, 3, StorageFamily.GLACIER,
                ManifestFormat.CSV, null), Optional.empty()).job();
    }

    @Test
    void shouldCountEveryDistinctObjectOnceAndNumberInvalidLinesInTheWholeManifest() {
        // Given a job over a manifest of several chunks, with duplicates, invalid lines and blank lines
        Manifest manifest = bigManifest();
        Job job = createCsvJob("big.csv", manifest.text.toString());
        List<IngestTask> tasks = queue.drain();
        assertThat(tasks).hasSizeGreaterThan(4);

        // When every task is ingested twice, in reverse order
        List<IngestTask> reversed = new ArrayList<>(tasks);
        Collections.reverse(reversed);
        for (IngestTask task : reversed) {
            assertThat(ingest(ledger).ingest(task)).isInstanceOf(IngestManifestChunk.Outcome.Ingested.class);
            assertThat(ingest(ledger).ingest(task)).isInstanceOfSatisfying(IngestManifestChunk.Outcome.Ingested.class,
                    again -> assertThat(again.summaryWritten()).isFalse());
        }

        // Then the job knows its exact total, its invalid lines and where the first ones are
        Job ingested = jobs.find(job.id()).orElseThrow();
        assertThat(ingested.totalObjects()).isEqualTo(manifest.distinctValid.size());
        assertThat(ingested.invalidLines()).isEqualTo(manifest.invalid);
        assertThat(ingested.invalidLineSamples()).containsExactlyElementsOf(manifest.invalidSamples);
        assertThat(ledger.chunkSummaries(job.id()).stream().mapToLong(ChunkSummary::lines).sum())
                .isEqualTo(manifest.line);
        // and both buckets route their restore events, asked once per chunk that names them
        assertThat(routing.routedBuckets()).containsExactlyInAnyOrder("data-1", "data-2");
        assertThat(routing.calls()).hasSize(tasks.size() * 2 * 2);
    }

    @Test
    void shouldKnowNoTotalUntilEveryChunkIsSummarizedButNumberTheSummarizedPrefix() {
        Manifest manifest = bigManifest();
        Job job = createCsvJob("big.csv", manifest.text.toString());
        List<IngestTask> tasks = queue.drain();

        ingest(ledger).ingest(tasks.get(0));
        ingest(ledger).ingest(tasks.get(2));

        Job partly = jobs.find(job.id()).orElseThrow();
        assertThat(partly.totalObjects()).isNull();
        assertThat(partly.invalidLineSamples()).allSatisfy(sample -> assertThat(sample).startsWith("line "));
        List<String> fromFirstChunk = manifest.invalidSamples.stream()
                .filter(s -> Long.parseLong(s.substring(5, s.indexOf(':'))) <= ledger.chunkSummary(job.id(), 0)
                        .orElseThrow().lines())
                .toList();
        assertThat(partly.invalidLineSamples()).containsExactlyElementsOf(fromFirstChunk);
    }

    @Test
    void shouldCountTheSameObjectsWhenAChunkIsReplayedAfterACrashHalfWay() {
        // Given a chunk whose first attempt dies after two of its registration batches
        Manifest manifest = bigManifest();
        Job job = createCsvJob("big.csv", manifest.text.toString());
        List<IngestTask> tasks = queue.drain();
        RestoreLedger dying = crashingAfter(2);

        assertThatThrownBy(() -> ingest(dying).ingest(tasks.get(1))).hasMessageContaining("injected crash");
        assertThat(ledger.chunkSummary(job.id(), 1)).isEmpty();

        // When it is replayed, and all chunks ingested
        tasks.forEach(task -> ingest(ledger).ingest(task));

        // Then the total is exact
        assertThat(jobs.find(job.id()).orElseThrow().totalObjects()).isEqualTo(manifest.distinctValid.size());
    }

    /** The ledger, but register throws after {@code batches} successful calls. */
    private RestoreLedger crashingAfter(int batches) {
        AtomicInteger calls = new AtomicInteger();
        return (RestoreLedger) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[]{RestoreLedger.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("register") && calls.incrementAndGet() > batches) {
                        throw new IllegalStateException("injected crash");
                    }
                    try {
                        return method.invoke(ledger, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    @Test
    void shouldRejectEachLineThatBreaksTheManifestsAllOrNoneVersionIdColumnSayingWhatIsAllowed() {
        // Given manifests whose first line sets the layout Batch Operations is told, and later lines that break it
        Job unversioned = createCsvJob("plain.csv", "data-1,a\ndata-1,b,3HL4kqtJlcpXroDTDmJ.rmSpXd3dIbrHY\ndata-1,c\n");
        ingest(ledger).ingest(queue.drain().getFirst());
        Job versioned = createCsvJob("versions.csv", "data-1,a,v1\ndata-1,b\ndata-1,c,v3\n");
        ingest(ledger).ingest(queue.drain().getFirst());

        // Then the breaking line is invalid, with its line number and what a manifest may hold
        Job first = jobs.find(unversioned.id()).orElseThrow();
        assertThat(first.totalObjects()).isEqualTo(2);
        assertThat(first.invalidLineSamples()).containsExactly("line 2: this line has a version id, but the "
                + "manifest's first line has none: the version-id column is all-or-none, so either every line is "
                + "bucket,key,versionId or every line is bucket,key");
        Job second = jobs.find(versioned.id()).orElseThrow();
        assertThat(second.totalObjects()).isEqualTo(2);
        assertThat(second.invalidLineSamples()).singleElement().asString()
                .startsWith("line 2: this line has no version id, but the manifest's first line has one: "
                        + "the version-id column is all-or-none");
    }

    @Test
    void shouldFailTheJobWithTheRoutingConflictAndWriteNoSummary() {
        Job job = createCsvJob("m.csv", "data-1,a\ndata-2,b\n");
        routing.conflictOn("data-2", "queue configuration 'restores' already takes s3:ObjectRestore:* events");

        var outcome = ingest(ledger).ingest(queue.drain().getFirst());

        // Then the monitor is asked to end the job (cancel its batch job, report, notify): a job failed here
        // without it would end with no notification and restores still running
        assertThat(outcome).isInstanceOf(IngestManifestChunk.Outcome.JobFailed.class);
        assertThat(jobs.find(job.id()).orElseThrow().status()).isEqualTo(JobStatus.RESTORING);
        assertThat(jobs.monitorState(job.id()).failureRequested()).hasValueSatisfying(reason -> assertThat(reason)
                .contains("data-2").contains("queue configuration 'restores' already takes s3:ObjectRestore:* events"));
        assertThat(ledger.chunkSummary(job.id(), 0)).isEmpty();
    }

    @Test
    void shouldFailTheJobWhenTheManifestChangedInsteadOfRetrying() {
        Job job = createCsvJob("m.csv", "data-1,a\n");
        manifests.put("manifests-1", "m.csv", "data-1,b\n");

        var outcome = ingest(ledger).ingest(queue.drain().getFirst());

        assertThat(outcome).isInstanceOf(IngestManifestChunk.Outcome.JobFailed.class);
        assertThat(jobs.monitorState(job.id()).failureRequested()).hasValueSatisfying(reason -> assertThat(reason)
                .contains("s3://manifests-1/m.csv was changed or deleted after the job was created"));
    }

    @Test
    void shouldSkipTasksOfFinishedOrUnknownJobs() {
        Job job = createCsvJob("m.csv", "data-1,a\n");
        IngestTask task = queue.drain().getFirst();
        jobs.recordFailed(job.id(), "cancelled by test");

        assertThat(ingest(ledger).ingest(task)).isInstanceOf(IngestManifestChunk.Outcome.Skipped.class);
        assertThat(ingest(ledger).ingest(new IngestTask.CsvChunk(new JobId("nobody"), ((IngestTask.CsvChunk) task).chunk())))
                .isInstanceOf(IngestManifestChunk.Outcome.Skipped.class);
        assertThat(ledger.membership(ObjectId.of("data-1", "a"), job.id())).isEmpty();
    }

    @Test
    void shouldIngestGzippedInventoryDataFilesWithFormDecodedKeys() {
        // Given an inventory report of two data files, one gzipped
        manifests.put("inventory-1", "inv/data/a.csv.gz", gzip("""
                "data-1","a+b.txt","","true"
                "data-1","caf%C3%A9/x","","true"
                "data-9","elsewhere","","true"
                """));
        manifests.put("inventory-1", "inv/data/b.csv", """
                "data-2","c.txt","","true"
                "data-1","a+b.txt","","true"
                "data-2","short"
                """);
        manifests.putInventory("manifests-1", "inv/manifest.json", new InventoryManifest("inventory-1", "CSV",
                "Bucket, Key, VersionId, IsLatest", List.of(new InventoryManifest.DataFile("inv/data/a.csv.gz", 80),
                new InventoryManifest.DataFile("inv/data/b.csv", 80))));
        Job job = createJob.create(new CreateJobRequest("manifests-1", "inv/manifest.json", RestoreTier.BULK, 3,
                StorageFamily.GLACIER, ManifestFormat.INVENTORY, null), Optional.empty()).job();

        // When both files are ingested
        queue.drain().forEach(task -> ingest(ledger).ingest(task));

        // Then
        Job ingested = jobs.find(job.id()).orElseThrow();
        assertThat(ingested.totalObjects()).isEqualTo(3);
        assertThat(ledger.membership(ObjectId.of("data-1", "a b.txt"), job.id())).isPresent();
        assertThat(ledger.membership(ObjectId.of("data-1", "café/x"), job.id())).isPresent();
        assertThat(ingested.invalidLines()).isEqualTo(2);
        assertThat(ingested.invalidLineSamples()).containsExactly(
                "line 3: bucket data-9 is not in this stack's AllowedBuckets",
                "line 6: expected 4 fields as the inventory's fileSchema says, found 2");
    }

    private static byte[] gzip(String text) {
        var bytes = new ByteArrayOutputStream();
        try (var gz = new GZIPOutputStream(bytes)) {
            gz.write(text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    @Test
    void shouldTotalZeroWhenEveryChunkIsSummarizedWithoutObjects() {
        assertThat(IngestProgress.of(2, List.of(new ChunkSummary(0, 0, 3, 1,
                List.of(new ChunkSummary.InvalidLine(2, "bad"))), new ChunkSummary(1, 0, 1, 1,
                List.of(new ChunkSummary.InvalidLine(1, "worse"))))))
                .isEqualTo(new IngestProgress(0L, 2L, List.of("line 2: bad", "line 4: worse")));
        assertThat(IngestProgress.of(null, List.of())).isEqualTo(IngestProgress.UNKNOWN);
    }
}
