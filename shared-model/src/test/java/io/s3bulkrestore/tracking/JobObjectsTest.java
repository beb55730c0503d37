package io.s3bulkrestore.tracking;

import io.s3bulkrestore.fakes.InMemoryManifestStore;
import io.s3bulkrestore.fakes.InMemoryRestoreLedger;
import io.s3bulkrestore.fakes.MutableClock;
import io.s3bulkrestore.manifest.InventoryManifest;
import io.s3bulkrestore.model.CreateJobRequest;
import io.s3bulkrestore.model.Job;
import io.s3bulkrestore.model.JobId;
import io.s3bulkrestore.model.ManifestFormat;
import io.s3bulkrestore.model.ManifestLocation;
import io.s3bulkrestore.model.ObjectId;
import io.s3bulkrestore.model.RestoreTier;
import io.s3bulkrestore.model.StorageFamily;
import io.s3bulkrestore.tracking.Membership.Settlement;
import io.s3bulkrestore.tracking.RegisterManifestObjects.ChunkEntry;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class JobObjectsTest {

    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
    private static final JobId JOB = new JobId("job-o");

    private final InMemoryManifestStore manifests = new InMemoryManifestStore();
    private final InMemoryRestoreLedger ledger = new InMemoryRestoreLedger();
    private final RegisterManifestObjects registration = new RegisterManifestObjects(ledger, new MutableClock(T0),
            Duration.ofDays(30));
    private final JobObjects objects = new JobObjects(manifests, ledger);

    private Job csvJob(String text) {
        manifests.put("manifests", "m.csv", text);
        return job(ManifestFormat.CSV, manifests.head("manifests", "m.csv").orElseThrow());
    }

    private static Job job(ManifestFormat format, ManifestLocation manifest) {
        var request = new CreateJobRequest(manifest.bucket(), manifest.key(), RestoreTier.BULK, 3,
                StorageFamily.GLACIER, format, null);
        return Job.submitting(JOB, request, manifest, T0, T0.plus(Duration.ofHours(48)), null).submitted("b", 1);
    }

    /** Registers each valid line of the CSV text as ingestion would: its byte offset, chunk 0. */
    private void registerEveryLine(Job job, String text) {
        List<ChunkEntry> entries = new ArrayList<>();
        int offset = 0;
        for (String line : text.split("\n", -1)) {
            if (!line.isEmpty()) {
                String[] columns = line.split(",");
                entries.add(new ChunkEntry(ObjectId.of(columns[0], columns[1]), offset));
            }
            offset += line.getBytes(StandardCharsets.UTF_8).length + 1;
        }
        registration.register(job, 0, entries);
    }

    private List<MemberOutcome> all(Job job, int limit) {
        List<MemberOutcome> read = new ArrayList<>();
        Optional<String> token = Optional.empty();
        int pages = 0;
        do {
            JobObjects.Page page = objects.page(job, token, limit);
            read.addAll(page.outcomes());
            token = page.nextPageToken();
            assertThat(++pages).as("pages").isLessThan(10_000);
        } while (token.isPresent());
        return read;
    }

    @Test
    void shouldReadEveryObjectOnceInManifestOrderOnTheLineThatRegisteredIt() {
        // Given a manifest that lists k2 twice, and a line of a bucket ingestion refused (never registered)
        String text = "data-1,k1\ndata-1,k2\nother,k9\ndata-1,k3\ndata-1,k2\n";
        Job job = csvJob(text);
        registerEveryLine(job, text); // (ingestion would not register "other"; here every line is)
        ledger.recordRestores(Map.of(ObjectId.of("data-1", "k3"), RestoreFact.at(T0.plusSeconds(60))));

        List<MemberOutcome> read = all(job, 2);

        assertThat(read).extracting(MemberOutcome::object).containsExactly(ObjectId.of("data-1", "k1"),
                ObjectId.of("data-1", "k2"), ObjectId.of("other", "k9"), ObjectId.of("data-1", "k3"));
        assertThat(read).extracting(MemberOutcome::settlement).containsExactly(Settlement.PENDING, Settlement.PENDING,
                Settlement.PENDING, Settlement.CREDITED);
    }

    @Test
    void shouldPassOverLinesWhoseObjectIsNotRegistered() {
        String text = "data-1,k1\ndata-1,k2\ndata-1,k3\n";
        Job job = csvJob(text);
        registration.register(job, 0, List.of(new ChunkEntry(ObjectId.of("data-1", "k2"), 10)));

        assertThat(all(job, 10)).extracting(MemberOutcome::object).containsExactly(ObjectId.of("data-1", "k2"));
    }

    @Test
    void shouldPageThroughAManifestWithoutFetchingItsRestEachPage() {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 5_000; i++) {
            text.append("data-1,photos/").append("x".repeat(i % 7 == 0 ? 700 : 20)).append(i).append('\n');
        }
        Job job = csvJob(text.toString());
        registerEveryLine(job, text.toString());

        List<MemberOutcome> read = all(job, 100);

        assertThat(read).hasSize(5_000).extracting(MemberOutcome::object).doesNotHaveDuplicates();
        long largest = manifests.rangesRead().stream().mapToLong(r -> r[1] - r[0] + 1).max().orElseThrow();
        assertThat(largest).as("bytes of the largest range read").isLessThan(100L * JobObjects.RANGE_BYTES_PER_LINE
                + 16 * 1024);
    }

    @Test
    void shouldReadAnInventoryReportFileByFile() {
        manifests.put("inventory-1", "data/a.csv", "\"data-1\",\"k1\"\n\"data-1\",\"k2\"\n");
        manifests.put("inventory-1", "data/b.csv", "\"data-1\",\"k3\"\n");
        manifests.putInventory("manifests", "inv/manifest.json", new InventoryManifest("inventory-1", "CSV",
                "Bucket, Key", List.of(new InventoryManifest.DataFile("data/a.csv", 28),
                new InventoryManifest.DataFile("data/b.csv", 14))));
        Job job = job(ManifestFormat.INVENTORY, manifests.head("manifests", "inv/manifest.json").orElseThrow());
        registration.register(job, 0, List.of(new ChunkEntry(ObjectId.of("data-1", "k1"), 0),
                new ChunkEntry(ObjectId.of("data-1", "k2"), 14)));
        registration.register(job, 1, List.of(new ChunkEntry(ObjectId.of("data-1", "k3"), 0)));

        assertThat(all(job, 1)).extracting(MemberOutcome::object).containsExactly(ObjectId.of("data-1", "k1"),
                ObjectId.of("data-1", "k2"), ObjectId.of("data-1", "k3"));
    }

    @Test
    void shouldEndAtAManifestReplacedSinceTheJobWasCreated() {
        String text = "data-1,k1\n";
        Job job = csvJob(text);
        registerEveryLine(job, text);
        manifests.put("manifests", "m.csv", "data-1,other\n");

        JobObjects.Page page = objects.page(job, Optional.empty(), 10);

        assertThat(page.outcomes()).isEmpty();
        assertThat(page.nextPageToken()).isEmpty();
    }
}
