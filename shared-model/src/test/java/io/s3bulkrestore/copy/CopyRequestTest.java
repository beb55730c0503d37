package io.s3bulkrestore.copy;

import io.s3bulkrestore.model.DestinationKeys;
import io.s3bulkrestore.model.ObjectId;
import io.s3bulkrestore.model.ServiceException;
import io.s3bulkrestore.model.TargetStorageClass;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CopyRequestTest {

    private static final ObjectId SOURCE = new ObjectId("archive-1", "dir/a.bin", "v1");

    @Test
    void shouldRequireAPinnedSourceVersion() {
        assertThatThrownBy(() -> new CopyRequest(ObjectId.of("archive-1", "a"), "dest-1", "a",
                TargetStorageClass.STANDARD, true, null))
                .isInstanceOfSatisfying(ServiceException.class, e -> assertThat(e.field()).contains(CopyRequest.SOURCE_VERSION));
    }

    @Test
    void shouldNameTheFieldOfAnInvalidDestinationBucket() {
        assertThatThrownBy(() -> new CopyRequest(SOURCE, "Not_A_Bucket", "a", TargetStorageClass.STANDARD, true, null))
                .isInstanceOfSatisfying(ServiceException.class, e ->
                        assertThat(e.field()).contains(CopyRequest.DESTINATION_BUCKET))
                .hasMessageContaining("destination_bucket 'Not_A_Bucket' is not a valid S3 bucket name");
    }

    @Test
    void shouldNameTheFieldOfAMissingStorageClassAndListTheAllowedOnes() {
        assertThatThrownBy(() -> new CopyRequest(SOURCE, "dest-1", "a", null, true, null))
                .isInstanceOfSatisfying(ServiceException.class, e -> assertThat(e.field()).contains(CopyRequest.STORAGE_CLASS))
                .hasMessageContaining("GLACIER_IR");
    }

    @Test
    void shouldRejectABlankKmsKey() {
        assertThatThrownBy(() -> new CopyRequest(SOURCE, "dest-1", "a", TargetStorageClass.STANDARD, true, " "))
                .isInstanceOfSatisfying(ServiceException.class, e -> assertThat(e.field()).contains(CopyRequest.KMS_KEY_ID));
    }

    @Test
    void shouldBuildTheRequestWithTheRewrittenKeyOrNoneOutsideThePrefix() {
        DestinationKeys keys = DestinationKeys.of("dir/", "kept/");

        assertThat(CopyRequest.of(SOURCE, "dest-1", keys, TargetStorageClass.GLACIER_IR, false, null))
                .hasValueSatisfying(r -> {
                    assertThat(r.destinationKey()).isEqualTo("kept/a.bin");
                    assertThat(r.inPlace()).isFalse();
                });
        assertThat(CopyRequest.of(new ObjectId("archive-1", "other/a", "v1"), "dest-1", keys,
                TargetStorageClass.STANDARD, false, null)).isEmpty();
    }

    @Test
    void shouldKnowACopyInPlace() {
        assertThat(new CopyRequest(SOURCE, "archive-1", "dir/a.bin", TargetStorageClass.STANDARD, true, null).inPlace())
                .isTrue();
    }

    @Test
    void shouldParseStorageClassesCaseInsensitivelyAndOnlyTheAllowedOnes() {
        assertThat(TargetStorageClass.parse("glacier_ir")).contains(TargetStorageClass.GLACIER_IR);
        assertThat(TargetStorageClass.parse("REDUCED_REDUNDANCY")).isEmpty();
        assertThat(TargetStorageClass.parse("EXPRESS_ONEZONE")).isEmpty();
    }
}
