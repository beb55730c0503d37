package io.s3bulkrestore.sandbox.batch;

import io.s3bulkrestore.adapters.s3control.S3ControlBatchOperations;
import io.s3bulkrestore.model.ManifestColumns;
import io.s3bulkrestore.model.ObjectId;
import io.s3bulkrestore.ports.BatchJobState;
import io.s3bulkrestore.ports.BatchStatus;
import io.s3bulkrestore.sandbox.batch.IntelligentTieringTiers.AccessTier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.s3.model.StorageClass;
import software.amazon.awssdk.services.s3.model.Tag;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.s3bulkrestore.sandbox.batch.EmulatorFixture.DATA;
import static io.s3bulkrestore.sandbox.batch.EmulatorFixture.glacierJob;
import static io.s3bulkrestore.sandbox.batch.EmulatorFixture.tieringJob;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Intelligent-Tiering restores, which moto does not model, through the emulator: the tiers come from the sandbox's
 * tag ({@link IntelligentTieringTiers}), jobs are created by the real {@link S3ControlBatchOperations} adapter, and
 * a recording {@link TierRestoreListener} stands for the delivery of the Completed events.
 */
class IntelligentTieringRestoreIT {

    @RegisterExtension
    static final EmulatorFixture MOTO = new EmulatorFixture();

    private final List<TierRestoreCompleted> completions = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startEmulator() {
        // Restores complete 0.5 to 1 s after they start: long enough to meet one under way, short for a test.
        MOTO.startEmulator(new BatchEmulatorSettings(0, Duration.ofSeconds(1), Duration.ofMillis(50)), completions::add);
    }

    @Test
    void shouldRestoreArchiveTierObjectsAndRefuseThoseAlreadyInAnActiveTier() throws Exception {
        // Given Intelligent-Tiering objects in both archive tiers (one with a tag of its own) and in an active tier
        MOTO.putTiered("it/archive.bin", "owner=finance&" + IntelligentTieringTiers.tagging(AccessTier.ARCHIVE_ACCESS));
        MOTO.putTiered("it/deep archive+1.bin", IntelligentTieringTiers.tagging(AccessTier.DEEP_ARCHIVE_ACCESS));
        MOTO.putTiered("it/frequent.bin", null);
        List<String> keys = List.of("it/archive.bin", "it/deep archive+1.bin", "it/frequent.bin");
        List<String> manifestKeys = new ArrayList<>(keys);
        manifestKeys.add("it/archive.bin"); // listed twice: the second task meets the restore under way

        // When a job without ExpirationInDays restores them
        String first = MOTO.batch().createRestoreJob(tieringJob("job-it-1", MOTO.csvManifest("it-1.csv", manifestKeys)),
                Optional.of(ManifestColumns.BUCKET_KEY));
        BatchJobState state = MOTO.awaitEnd(first);

        // Then the archived ones were accepted, the active one refused as S3 refuses it
        assertThat(state.status()).isEqualTo(BatchStatus.COMPLETE);
        assertThat(state.succeededTasks()).isEqualTo(2);
        assertThat(state.failedTasks()).isEqualTo(2);
        assertThat(MOTO.reportRows(first)).containsExactlyInAnyOrder(
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
            var head = MOTO.head(completed.object().key());
            assertThat(completed.size()).isEqualTo(head.contentLength());
            assertThat('"' + completed.eTag() + '"').isEqualTo(head.eTag());
        });
        assertThat(MOTO.tags("it/archive.bin")).containsExactly(Tag.builder().key("owner").value("finance").build());
        assertThat(MOTO.tags("it/deep archive+1.bin")).isEmpty();
        assertThat(MOTO.emulator().restoresPending()).isZero();

        // When a second job restores the same objects
        String second = MOTO.batch().createRestoreJob(tieringJob("job-it-2", MOTO.csvManifest("it-2.csv", keys)),
                Optional.of(ManifestColumns.BUCKET_KEY));

        // Then all of them are in the active tier now, and nothing more completes
        assertThat(MOTO.awaitEnd(second).failedTasks()).isEqualTo(3);
        assertThat(MOTO.reportRows(second)).allSatisfy(row -> assertThat(row).contains(",failed,403,ObjectAlreadyInActiveTierError,"));
        Thread.sleep(1_200);
        assertThat(completions).hasSize(2);
    }

    @Test
    void shouldFailAGlacierTaskWithDaysOnAnArchiveTierObjectAndKeepMotosAnswerForOtherClasses() throws Exception {
        // Given an archived Intelligent-Tiering object, a Glacier object and a Standard one
        MOTO.putTiered("mixed/tiered.bin", IntelligentTieringTiers.tagging(AccessTier.ARCHIVE_ACCESS));
        MOTO.put("mixed/glacier.bin", StorageClass.GLACIER);
        MOTO.put("mixed/standard.bin", StorageClass.STANDARD);

        // When a Glacier job, which names days, restores them
        String job = MOTO.batch().createRestoreJob(glacierJob("job-glacier-1", MOTO.csvManifest("mixed.csv",
                List.of("mixed/tiered.bin", "mixed/glacier.bin", "mixed/standard.bin"))),
                Optional.of(ManifestColumns.BUCKET_KEY));

        // Then the Intelligent-Tiering task fails, the object stays archived, and moto's answers stand for the rest
        assertThat(MOTO.awaitEnd(job).failedTasks()).isEqualTo(2);
        assertThat(MOTO.reportRows(job)).containsExactlyInAnyOrder(
                DATA + ",mixed/tiered.bin,,failed,400,InvalidArgument,"
                        + "Days must not be specified to restore an object from an S3 Intelligent-Tiering archive tier",
                DATA + ",mixed/glacier.bin,,succeeded,202,,Successful",
                DATA + ",mixed/standard.bin,,failed,403,InvalidObjectState,"
                        + "The operation is not valid for the object's storage class");
        assertThat(MOTO.tags("mixed/tiered.bin")).extracting(Tag::value).containsExactly("ARCHIVE_ACCESS");
        Thread.sleep(1_200);
        assertThat(completions).isEmpty();
    }

    @Test
    void shouldFailAnIntelligentTieringTaskWithoutDaysOnAGlacierObjectAndRestoreNothing() throws Exception {
        // Given a Glacier object and a Deep Archive one (moto would take a restore without days and do nothing)
        MOTO.put("nodays/glacier.bin", StorageClass.GLACIER);
        MOTO.put("nodays/deep.bin", StorageClass.DEEP_ARCHIVE);

        // When an Intelligent-Tiering job, which names no days, restores them
        String job = MOTO.batch().createRestoreJob(tieringJob("job-nodays-1", MOTO.csvManifest("nodays.csv",
                List.of("nodays/glacier.bin", "nodays/deep.bin"))), Optional.of(ManifestColumns.BUCKET_KEY));

        // Then both tasks fail as S3 refuses a Glacier restore without days, and nothing is restoring
        assertThat(MOTO.awaitEnd(job).failedTasks()).isEqualTo(2);
        assertThat(MOTO.reportRows(job)).containsExactlyInAnyOrder(
                DATA + ",nodays/glacier.bin,,failed,400,InvalidArgument,"
                        + "Days is required to restore an object of the GLACIER or DEEP_ARCHIVE storage class",
                DATA + ",nodays/deep.bin,,failed,400,InvalidArgument,"
                        + "Days is required to restore an object of the GLACIER or DEEP_ARCHIVE storage class");
        assertThat(MOTO.head("nodays/glacier.bin").restore()).isNull();
        assertThat(MOTO.emulator().restoresPending()).isZero();
    }

    @Test
    void shouldPutOnlyIntelligentTieringObjectsInAnArchiveTier() {
        // Given
        MOTO.putTiered("helper/it.bin", "owner=ops");
        MOTO.put("helper/standard.bin", StorageClass.STANDARD);

        // When
        IntelligentTieringTiers.putInArchiveTier(MOTO.s3(), DATA, "helper/it.bin", AccessTier.DEEP_ARCHIVE_ACCESS);

        // Then its own tags stay, and a Standard object has no tiers to be put in
        assertThat(MOTO.tags("helper/it.bin")).extracting(Tag::key, Tag::value).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple("owner", "ops"),
                org.assertj.core.groups.Tuple.tuple(IntelligentTieringTiers.TAG_KEY, "DEEP_ARCHIVE_ACCESS"));
        assertThat(IntelligentTieringTiers.archiveTierOf(MOTO.s3(), ObjectId.of(DATA, "helper/it.bin")))
                .contains(AccessTier.DEEP_ARCHIVE_ACCESS);
        assertThatThrownBy(() -> IntelligentTieringTiers.putInArchiveTier(MOTO.s3(), DATA, "helper/standard.bin",
                AccessTier.ARCHIVE_ACCESS)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("STANDARD");
    }

    // ---- helpers ----

    private void awaitCompletions(int count) throws InterruptedException {
        Instant giveUp = Instant.now().plusSeconds(15);
        while (completions.size() < count && Instant.now().isBefore(giveUp)) {
            Thread.sleep(50);
        }
    }
}
