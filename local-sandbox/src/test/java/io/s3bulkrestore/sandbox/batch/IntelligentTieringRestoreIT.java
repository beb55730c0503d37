package io.s3bulkrestore.sandbox.batch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.s3bulkrestore.adapters.AwsClients;
import io.s3bulkrestore.adapters.EmulatorClients;
import io.s3bulkrestore.emulators.MotoServer;
import io.s3bulkrestore.adapters.s3control.BatchOperationsSettings;
import io.s3bulkrestore.adapters.s3control.S3ControlBatchOperations;
import io.s3bulkrestore.model.CreateJobRequest;
import io.s3bulkrestore.model.Job;
import io.s3bulkrestore.model.JobId;
import io.s3bulkrestore.model.ManifestColumns;
import io.s3bulkrestore.model.ManifestFormat;
import io.s3bulkrestore.model.ManifestLocation;
import io.s3bulkrestore.model.ObjectId;
import io.s3bulkrestore.model.RestoreTier;
import io.s3bulkrestore.model.StorageFamily;
import io.s3bulkrestore.ports.BatchJobState;
import io.s3bulkrestore.ports.BatchStatus;
import io.s3bulkrestore.sandbox.batch.IntelligentTieringTiers.AccessTier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.StorageClass;
import software.amazon.awssdk.services.s3.model.Tag;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Intelligent-Tiering restores, which moto does not model, through the emulator: the tiers come from the sandbox's
 * tag ({@link IntelligentTieringTiers}), jobs are created by the real {@link S3ControlBatchOperations} adapter, and
 * a recording {@link TierRestoreListener} stands for the delivery of the Completed events.
 */
class IntelligentTieringRestoreIT {

    private static final String ACCOUNT = MotoServer.ACCOUNT_ID;
    private static final String ROLE = "arn:aws:iam::123456789012:role/BatchRestoreRole";
    private static final String DATA = "tiered-data";
    private static final String MANIFESTS = "manifests";
    private static final String REPORTS = "restore-reports";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static MotoServer moto;
    private static AwsClients motoClients;
    private static S3Client s3;

    private final List<TierRestoreCompleted> completions = new CopyOnWriteArrayList<>();
    private BatchOperationsEmulator emulator;
    private AwsClients clients;
    private S3ControlBatchOperations batch;

    @BeforeAll
    static void startMoto() {
        moto = MotoServer.start();
        motoClients = EmulatorClients.of(moto);
        s3 = motoClients.s3();
    }

    @AfterAll
    static void stopMoto() {
        motoClients.close();
        moto.close();
    }

    @BeforeEach
    void freshBucketsAndEmulator() {
        moto.reset();
        for (String bucket : List.of(DATA, MANIFESTS, REPORTS)) {
            s3.createBucket(b -> b.bucket(bucket));
        }
        // Restores complete 0.5 to 1 s after they start: long enough to meet one under way, short for a test.
        emulator = BatchOperationsEmulator.start(s3, new BatchEmulatorSettings(0, Duration.ofSeconds(1),
                Duration.ofMillis(50)), completions::add);
        clients = EmulatorClients.of(moto, Map.of(AwsClients.Service.S3_CONTROL, emulator.endpoint()));
        batch = new S3ControlBatchOperations(clients.s3Control(), new BatchOperationsSettings(ACCOUNT, ROLE, REPORTS));
    }

    @AfterEach
    void stopEmulator() {
        emulator.close();
        clients.close();
    }

    @Test
    void shouldRestoreArchiveTierObjectsAndRefuseThoseAlreadyInAnActiveTier() throws Exception {
        // Given Intelligent-Tiering objects in both archive tiers (one with a tag of its own) and in an active tier
        putTiered("it/archive.bin", "owner=finance&" + IntelligentTieringTiers.tagging(AccessTier.ARCHIVE_ACCESS));
        putTiered("it/deep archive+1.bin", IntelligentTieringTiers.tagging(AccessTier.DEEP_ARCHIVE_ACCESS));
        putTiered("it/frequent.bin", null);
        List<String> keys = List.of("it/archive.bin", "it/deep archive+1.bin", "it/frequent.bin");
        List<String> manifestKeys = new ArrayList<>(keys);
        manifestKeys.add("it/archive.bin"); // listed twice: the second task meets the restore under way

        // When a job without ExpirationInDays restores them
        String first = batch.createRestoreJob(tieringJob("job-it-1", csvManifest("it-1.csv", manifestKeys)),
                Optional.of(ManifestColumns.BUCKET_KEY));
        BatchJobState state = awaitEnd(first);

        // Then the archived ones were accepted, the active one refused as S3 refuses it
        assertThat(state.status()).isEqualTo(BatchStatus.COMPLETE);
        assertThat(state.succeededTasks()).isEqualTo(2);
        assertThat(state.failedTasks()).isEqualTo(2);
        assertThat(reportRows(first)).containsExactlyInAnyOrder(
                DATA + ",it/archive.bin,,succeeded,202,,Successful",
                DATA + ",it/deep%20archive%2B1.bin,,succeeded,202,,Successful",
                DATA + ",it/frequent.bin,,failed,403,ObjectAlreadyInActiveTierError,"
                        + "This action is not allowed against this storage tier.",
                DATA + ",it/archive.bin,,failed,409,RestoreAlreadyInProgress,Object restore is already in progress");

        // and once the restore span passed, each archived object completed once, back in Frequent Access
        awaitCompletions(2);
        assertThat(completions).extracting(TierRestoreCompleted::object).containsExactlyInAnyOrder(
                ObjectId.of(DATA, "it/archive.bin"), ObjectId.of(DATA, "it/deep archive+1.bin"));
        assertThat(completions).allSatisfy(completed -> {
            var head = s3.headObject(b -> b.bucket(DATA).key(completed.object().key()));
            assertThat(completed.size()).isEqualTo(head.contentLength());
            assertThat('"' + completed.eTag() + '"').isEqualTo(head.eTag());
        });
        assertThat(tags("it/archive.bin")).containsExactly(Tag.builder().key("owner").value("finance").build());
        assertThat(tags("it/deep archive+1.bin")).isEmpty();
        assertThat(emulator.restoresPending()).isZero();

        // When a second job restores the same objects
        String second = batch.createRestoreJob(tieringJob("job-it-2", csvManifest("it-2.csv", keys)),
                Optional.of(ManifestColumns.BUCKET_KEY));

        // Then all of them are in the active tier now, and nothing more completes
        assertThat(awaitEnd(second).failedTasks()).isEqualTo(3);
        assertThat(reportRows(second)).allSatisfy(row -> assertThat(row).contains(",failed,403,ObjectAlreadyInActiveTierError,"));
        Thread.sleep(1_200);
        assertThat(completions).hasSize(2);
    }

    @Test
    void shouldFailAGlacierTaskWithDaysOnAnArchiveTierObjectAndKeepMotosAnswerForOtherClasses() throws Exception {
        // Given an archived Intelligent-Tiering object, a Glacier object and a Standard one
        putTiered("mixed/tiered.bin", IntelligentTieringTiers.tagging(AccessTier.ARCHIVE_ACCESS));
        s3.putObject(b -> b.bucket(DATA).key("mixed/glacier.bin").storageClass(StorageClass.GLACIER),
                RequestBody.fromString("glacier"));
        s3.putObject(b -> b.bucket(DATA).key("mixed/standard.bin"), RequestBody.fromString("standard"));

        // When a Glacier job, which names days, restores them
        String job = batch.createRestoreJob(glacierJob("job-glacier-1", csvManifest("mixed.csv",
                List.of("mixed/tiered.bin", "mixed/glacier.bin", "mixed/standard.bin"))),
                Optional.of(ManifestColumns.BUCKET_KEY));

        // Then the Intelligent-Tiering task fails, the object stays archived, and moto's answers stand for the rest
        assertThat(awaitEnd(job).failedTasks()).isEqualTo(2);
        assertThat(reportRows(job)).containsExactlyInAnyOrder(
                DATA + ",mixed/tiered.bin,,failed,400,InvalidArgument,"
                        + "Days must not be specified to restore an object from an S3 Intelligent-Tiering archive tier",
                DATA + ",mixed/glacier.bin,,succeeded,202,,Successful",
                DATA + ",mixed/standard.bin,,failed,403,InvalidObjectState,"
                        + "The operation is not valid for the object's storage class");
        assertThat(tags("mixed/tiered.bin")).extracting(Tag::value).containsExactly("ARCHIVE_ACCESS");
        Thread.sleep(1_200);
        assertThat(completions).isEmpty();
    }

    @Test
    void shouldFailAnIntelligentTieringTaskWithoutDaysOnAGlacierObjectAndRestoreNothing() throws Exception {
        // Given a Glacier object and a Deep Archive one (moto would take a restore without days and do nothing)
        s3.putObject(b -> b.bucket(DATA).key("nodays/glacier.bin").storageClass(StorageClass.GLACIER),
                RequestBody.fromString("glacier"));
        s3.putObject(b -> b.bucket(DATA).key("nodays/deep.bin").storageClass(StorageClass.DEEP_ARCHIVE),
                RequestBody.fromString("deep"));

        // When an Intelligent-Tiering job, which names no days, restores them
        String job = batch.createRestoreJob(tieringJob("job-nodays-1", csvManifest("nodays.csv",
                List.of("nodays/glacier.bin", "nodays/deep.bin"))), Optional.of(ManifestColumns.BUCKET_KEY));

        // Then both tasks fail as S3 refuses a Glacier restore without days, and nothing is restoring
        assertThat(awaitEnd(job).failedTasks()).isEqualTo(2);
        assertThat(reportRows(job)).containsExactlyInAnyOrder(
                DATA + ",nodays/glacier.bin,,failed,400,InvalidArgument,"
                        + "Days is required to restore an object of the GLACIER or DEEP_ARCHIVE storage class",
                DATA + ",nodays/deep.bin,,failed,400,InvalidArgument,"
                        + "Days is required to restore an object of the GLACIER or DEEP_ARCHIVE storage class");
        assertThat(s3.headObject(b -> b.bucket(DATA).key("nodays/glacier.bin")).restore()).isNull();
        assertThat(emulator.restoresPending()).isZero();
    }

    @Test
    void shouldPutOnlyIntelligentTieringObjectsInAnArchiveTier() {
        // Given
        putTiered("helper/it.bin", "owner=ops");
        s3.putObject(b -> b.bucket(DATA).key("helper/standard.bin"), RequestBody.fromString("standard"));

        // When
        IntelligentTieringTiers.putInArchiveTier(s3, DATA, "helper/it.bin", AccessTier.DEEP_ARCHIVE_ACCESS);

        // Then its own tags stay, and a Standard object has no tiers to be put in
        assertThat(tags("helper/it.bin")).extracting(Tag::key, Tag::value).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple("owner", "ops"),
                org.assertj.core.groups.Tuple.tuple(IntelligentTieringTiers.TAG_KEY, "DEEP_ARCHIVE_ACCESS"));
        assertThat(IntelligentTieringTiers.archiveTierOf(s3, ObjectId.of(DATA, "helper/it.bin")))
                .contains(AccessTier.DEEP_ARCHIVE_ACCESS);
        assertThatThrownBy(() -> IntelligentTieringTiers.putInArchiveTier(s3, DATA, "helper/standard.bin",
                AccessTier.ARCHIVE_ACCESS)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("STANDARD");
    }

    // ---- helpers ----

    private static void putTiered(String key, String tagging) {
        s3.putObject(b -> b.bucket(DATA).key(key).storageClass(StorageClass.INTELLIGENT_TIERING).tagging(tagging),
                RequestBody.fromString("content of " + key));
    }

    private static List<Tag> tags(String key) {
        return s3.getObjectTagging(b -> b.bucket(DATA).key(key)).tagSet();
    }

    private static ManifestLocation csvManifest(String name, List<String> keys) {
        StringBuilder csv = new StringBuilder();
        keys.forEach(key -> csv.append(DATA).append(',').append(CompletionReport.encodeKey(key)).append('\n'));
        String etag = s3.putObject(b -> b.bucket(MANIFESTS).key(name), RequestBody.fromString(csv.toString())).eTag();
        return new ManifestLocation(MANIFESTS, name, etag, csv.length());
    }

    private static Job tieringJob(String id, ManifestLocation manifest) {
        return job(id, manifest, StorageFamily.INTELLIGENT_TIERING);
    }

    private static Job glacierJob(String id, ManifestLocation manifest) {
        return job(id, manifest, StorageFamily.GLACIER);
    }

    private static Job job(String id, ManifestLocation manifest, StorageFamily storage) {
        var request = new CreateJobRequest(manifest.bucket(), manifest.key(), RestoreTier.BULK,
                storage == StorageFamily.GLACIER ? 3 : null, storage,
                ManifestFormat.CSV, null);
        return Job.submitting(new JobId(id), request, manifest, Instant.now(), Instant.now().plusSeconds(3600), null);
    }

    private BatchJobState awaitEnd(String batchJobId) throws InterruptedException {
        Instant giveUp = Instant.now().plusSeconds(30);
        while (true) {
            BatchJobState state = batch.describe(batchJobId);
            if (state.isTerminal()) {
                return state;
            }
            assertThat(Instant.now()).as("job %s still %s", batchJobId, state).isBefore(giveUp);
            Thread.sleep(50);
        }
    }

    private void awaitCompletions(int count) throws InterruptedException {
        Instant giveUp = Instant.now().plusSeconds(15);
        while (completions.size() < count && Instant.now().isBefore(giveUp)) {
            Thread.sleep(50);
        }
    }

    /** Every row of the job's completion report (all its results files). */
    private static List<String> reportRows(String batchJobId) throws Exception {
        String folder = "batch-reports/";
        String manifestKey = s3.listObjectsV2(b -> b.bucket(REPORTS).prefix(folder)).contents().stream()
                .map(o -> o.key()).filter(k -> k.endsWith("/job-" + batchJobId + "/manifest.json")).findFirst()
                .orElseThrow();
        JsonNode manifest = JSON.readTree(s3.getObjectAsBytes(b -> b.bucket(REPORTS).key(manifestKey)).asUtf8String());
        List<String> rows = new ArrayList<>();
        for (JsonNode result : manifest.path("Results")) {
            rows.addAll(s3.getObjectAsBytes(b -> b.bucket(REPORTS).key(result.path("Key").asText())).asUtf8String()
                    .lines().toList());
        }
        return rows;
    }
}
