package io.s3bulkrestore.adapters.s3;

import io.s3bulkrestore.adapters.MotoExtension;
import io.s3bulkrestore.manifest.ManifestReaders;
import io.s3bulkrestore.manifest.ChunkLine;
import io.s3bulkrestore.manifest.InventoryManifest;
import io.s3bulkrestore.manifest.ManifestChunkReader;
import io.s3bulkrestore.manifest.ManifestRecord;
import io.s3bulkrestore.model.JobId;
import io.s3bulkrestore.model.ManifestLocation;
import io.s3bulkrestore.model.ObjectId;
import io.s3bulkrestore.restore.ArchiveClass;
import io.s3bulkrestore.restore.ObjectArchiveState;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.StorageClass;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Against moto: a follow-up manifest written a data file per batch reads back, through the same inventory reader as
 * registration, as the objects written in report order; writing again gives the same ETag. And HeadObject's classes.
 */
class S3FollowUpManifestsIT {

    private static final String REPORTS = "reports-1";
    private static final JobId JOB = new JobId("job-f1");

    @RegisterExtension
    static final MotoExtension MOTO = new MotoExtension();
    private static S3Client s3;

    @BeforeAll
    static void start() {
        s3 = MOTO.clients().s3();
    }

    @BeforeEach
    void reset() {
        MOTO.reset();
        s3.createBucket(b -> b.bucket(REPORTS));
        s3.createBucket(b -> b.bucket("data-1"));
    }

    private final S3FollowUpManifests followUps = new S3FollowUpManifests(s3, REPORTS, "batch-reports/");
    private final S3ManifestStore store = new S3ManifestStore(s3);

    private List<ObjectId> read(ManifestLocation location) {
        InventoryManifest inventory = store.inventory(store.head(location.bucket(), location.key()).orElseThrow());
        List<ObjectId> objects = new ArrayList<>();
        for (InventoryManifest.DataFile file : inventory.files()) {
            try (ManifestChunkReader reader = ManifestReaders.inventoryDataFile(store, inventory, file.key())) {
                while (reader.hasNext()) {
                    ChunkLine line = reader.next();
                    if (line.record() instanceof ManifestRecord.Entry entry) {
                        objects.add(entry.object());
                    }
                }
            }
        }
        return objects;
    }

    @Test
    void shouldListEveryBatchsObjectsInReportOrderAndWriteTheSameManifestTwice() {
        ObjectId spaced = ObjectId.of("data-1", "dir/a b+c%.txt");
        ObjectId second = ObjectId.of("data-1", "k2");
        ObjectId third = ObjectId.of("data-1", "k3");

        followUps.writePart(JOB, 1_000, List.of(third));
        followUps.writePart(JOB, 0, List.of(spaced, second));
        followUps.writePart(JOB, 0, List.of(spaced, second)); // the same batch again
        ManifestLocation manifest = followUps.writeManifest(JOB).orElseThrow();
        ManifestLocation again = followUps.writeManifest(JOB).orElseThrow();

        assertThat(manifest.key()).isEqualTo("batch-reports/job-f1/intelligent-tiering/manifest.json");
        assertThat(again.etag()).isEqualTo(manifest.etag());
        assertThat(read(manifest)).containsExactly(spaced, second, third);
        InventoryManifest inventory = store.inventory(store.head(REPORTS, manifest.key()).orElseThrow());
        assertThat(inventory.fileSchema()).isEqualTo("Bucket, Key");
        assertThat(inventory.problem()).isNull();
    }

    @Test
    void shouldNameVersionsWhenObjectsDoAndWidenTheFilesThatDoNot() {
        ObjectId versioned = new ObjectId("data-1", "v", "3HL4kqtJlcpXroDTDmJ.rmSpXd3dIbrHY");
        ObjectId current = ObjectId.of("data-1", "c");

        followUps.writePart(JOB, 0, List.of(current));
        followUps.writePart(JOB, 500, List.of(versioned));
        ManifestLocation manifest = followUps.writeManifest(JOB).orElseThrow();

        assertThat(store.inventory(store.head(REPORTS, manifest.key()).orElseThrow()).fileSchema())
                .isEqualTo("Bucket, Key, VersionId");
        assertThat(read(manifest)).containsExactly(current, versioned);
        assertThat(followUps.writeManifest(JOB).orElseThrow().etag()).isEqualTo(manifest.etag());
    }

    @Test
    void shouldWriteNoManifestForAJobWithoutFollowUp() {
        assertThat(followUps.writeManifest(new JobId("job-none"))).isEmpty();
    }

    @Test
    void shouldTellStorageClassesFromHeadObjectAndLeaveOutObjectsThatAreGone() {
        s3.putObject(b -> b.bucket("data-1").key("standard"), RequestBody.fromString("s"));
        s3.putObject(b -> b.bucket("data-1").key("glacier").storageClass(StorageClass.GLACIER),
                RequestBody.fromString("g"));
        s3.putObject(b -> b.bucket("data-1").key("it").storageClass(StorageClass.INTELLIGENT_TIERING),
                RequestBody.fromString("i"));
        ObjectId standard = ObjectId.of("data-1", "standard");
        ObjectId glacier = ObjectId.of("data-1", "glacier");
        ObjectId it = ObjectId.of("data-1", "it");
        ObjectId gone = ObjectId.of("data-1", "gone");

        Map<ObjectId, ObjectArchiveState> states = new S3ObjectArchiveStates(s3)
                .statesOf(List.of(standard, glacier, it, gone));

        assertThat(states).containsOnlyKeys(standard, glacier, it);
        assertThat(states.get(standard).archive()).isEqualTo(ArchiveClass.NOT_ARCHIVED);
        assertThat(states.get(standard).storageClass()).isEqualTo("STANDARD");
        assertThat(states.get(glacier).archive()).isEqualTo(ArchiveClass.GLACIER);
        // moto sends no x-amz-archive-status: an Intelligent-Tiering object reads as in an access tier
        assertThat(states.get(it).archive()).isEqualTo(ArchiveClass.NOT_ARCHIVED);
        assertThat(states.get(it).storageClass()).isEqualTo("INTELLIGENT_TIERING");
    }
}
