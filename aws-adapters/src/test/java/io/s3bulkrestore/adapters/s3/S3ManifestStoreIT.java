package io.s3bulkrestore.adapters.s3;

import io.s3bulkrestore.adapters.AwsClients;
import io.s3bulkrestore.adapters.EmulatorClients;
import io.s3bulkrestore.emulators.MotoServer;
import io.s3bulkrestore.model.ErrorCode;
import io.s3bulkrestore.model.ManifestColumns;
import io.s3bulkrestore.model.ManifestLocation;
import io.s3bulkrestore.model.ServiceException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** S3ManifestStore against moto's S3. */
class S3ManifestStoreIT {

    private static final String BUCKET = "manifests-1";

    private static MotoServer moto;
    private static AwsClients clients;
    private static S3Client s3;
    private S3ManifestStore store;

    @BeforeAll
    static void startMoto() {
        moto = MotoServer.start();
        clients = EmulatorClients.of(moto);
        s3 = clients.s3();
    }

    @AfterAll
    static void stopMoto() {
        s3.close();
        clients.close();
        moto.close();
    }

    @BeforeEach
    void freshBucket() {
        moto.reset();
        s3.createBucket(b -> b.bucket(BUCKET));
        store = new S3ManifestStore(s3);
    }

    private static PutObjectResponse put(String key, String content) {
        return put(key, content.getBytes(StandardCharsets.UTF_8));
    }

    private static PutObjectResponse put(String key, byte[] content) {
        return s3.putObject(b -> b.bucket(BUCKET).key(key), RequestBody.fromBytes(content));
    }

    private ManifestLocation headOf(String key) {
        return store.head(BUCKET, key).orElseThrow();
    }

    @Test
    void shouldHeadAnExistingManifestWithTheETagAndSizePutObjectReturned() {
        // Given
        String content = "archive-1,photos/a.jpg\narchive-1,photos/b%20c.jpg\n";
        PutObjectResponse put = put("lists/today.csv", content);

        // When
        Optional<ManifestLocation> head = store.head(BUCKET, "lists/today.csv");

        // Then
        assertThat(head).contains(new ManifestLocation(BUCKET, "lists/today.csv", put.eTag(),
                content.getBytes(StandardCharsets.UTF_8).length));
    }

    @Test
    void shouldFindNoManifestForAMissingKeyOrBucket() {
        assertThat(store.head(BUCKET, "no/such/manifest.csv")).isEmpty();
        assertThat(store.head("no-such-bucket-1", "manifest.csv")).isEmpty();
    }

    @Test
    void shouldSeeTwoColumnsInAPlainManifest() {
        put("plain.csv", "archive-1,photos/a.jpg\narchive-1,photos/b.jpg\n");

        assertThat(store.csvColumns(headOf("plain.csv"))).isEqualTo(ManifestColumns.BUCKET_KEY);
    }

    @Test
    void shouldSeeVersionIdsInAVersionedManifest() {
        put("versioned.csv", "archive-1,photos/a.jpg,3HL4kqtJlcpXroDTDmJ.rmSpXd3dIbrHY\n"
                + "archive-1,photos/b.jpg,Ao5CqmBqSWQzZ2c5Ir4G0c3vA8oO_Qhj\n");

        assertThat(store.csvColumns(headOf("versioned.csv"))).isEqualTo(ManifestColumns.BUCKET_KEY_VERSION);
    }

    @Test
    void shouldSkipAByteOrderMarkAndLeadingBlankLines() {
        put("bom.csv", "\uFEFF\r\n\r\n   \r\narchive-1,a%2Bb.txt\r\narchive-1,c.txt\r\n");

        assertThat(store.csvColumns(headOf("bom.csv"))).isEqualTo(ManifestColumns.BUCKET_KEY);
    }

    @Test
    void shouldReadOnlyTheFirstLinesOfALargeManifest() {
        // Given a manifest far larger than the ranged read, with a valid first line
        StringBuilder content = new StringBuilder();
        for (int i = 0; i < 20_000; i++) {
            content.append("archive-1,objects/").append(i).append(".bin,v").append(i).append('\n');
        }
        put("large.csv", content.toString());

        // When / Then
        assertThat(headOf("large.csv").sizeBytes()).isGreaterThan(S3ManifestStore.SNIFF_BYTES * 4L);
        assertThat(store.csvColumns(headOf("large.csv"))).isEqualTo(ManifestColumns.BUCKET_KEY_VERSION);
    }

    @Test
    void shouldRefuseAnEmptyManifest() {
        put("empty.csv", "");

        assertThatThrownBy(() -> store.csvColumns(headOf("empty.csv")))
                .isInstanceOfSatisfying(ServiceException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.MANIFEST_UNAVAILABLE);
                    assertThat(e.getMessage()).isEqualTo("manifest s3://manifests-1/empty.csv is empty");
                });
    }

    @Test
    void shouldRefuseAManifestOfOnlyBlankLines() {
        put("blank.csv", "\n\n  \n");

        assertThatThrownBy(() -> store.csvColumns(headOf("blank.csv")))
                .isInstanceOfSatisfying(ServiceException.class, e ->
                        assertThat(e.getMessage()).isEqualTo("manifest s3://manifests-1/blank.csv is empty"));
    }

    @Test
    void shouldNameTheReasonWhenTheFirstLineIsInvalid() {
        put("bad.csv", "\nonly-one-field\narchive-1,k\n");

        assertThatThrownBy(() -> store.csvColumns(headOf("bad.csv")))
                .isInstanceOfSatisfying(ServiceException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.MANIFEST_UNAVAILABLE);
                    assertThat(e.getMessage()).isEqualTo("manifest s3://manifests-1/bad.csv line 2: "
                            + "expected bucket,key[,versionId] but found 1 field(s)");
                });
    }

    @Test
    void shouldRefuseAManifestThatChangedAfterItWasHeaded() {
        // Given the manifest as it was when the job was accepted
        put("moving.csv", "archive-1,a.txt\n");
        ManifestLocation accepted = headOf("moving.csv");

        // When it is replaced before the columns are read
        put("moving.csv", "archive-1,a.txt,v1\n");

        // Then the read pinned to the old ETag fails rather than judging the new content
        assertThatThrownBy(() -> store.csvColumns(accepted))
                .isInstanceOfSatisfying(ServiceException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.MANIFEST_UNAVAILABLE);
                    assertThat(e.getMessage()).isEqualTo("manifest s3://manifests-1/moving.csv changed while "
                            + "the job was being created; retry");
                });
    }

    @Test
    void shouldRefuseAManifestDeletedAfterItWasHeaded() {
        put("gone.csv", "archive-1,a.txt\n");
        ManifestLocation accepted = headOf("gone.csv");
        s3.deleteObject(b -> b.bucket(BUCKET).key("gone.csv"));

        assertThatThrownBy(() -> store.csvColumns(accepted))
                .isInstanceOfSatisfying(ServiceException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.MANIFEST_UNAVAILABLE);
                    assertThat(e.getMessage()).contains("gone.csv was deleted");
                });
    }
}
