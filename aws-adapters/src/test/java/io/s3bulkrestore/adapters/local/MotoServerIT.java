package io.s3bulkrestore.adapters.local;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.InvalidObjectStateException;
import software.amazon.awssdk.services.s3.model.StorageClass;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Pins the moto behaviour the rest of the suite relies on: archived objects refuse GET until restored. */
class MotoServerIT {

    @Test
    void shouldServeArchivedObjectsWithGlacierSemantics() {
        try (MotoServer moto = MotoServer.start(); var clients = moto.clients(); var s3 = clients.s3()) {
            s3.createBucket(b -> b.bucket("archive-1"));
            s3.putObject(b -> b.bucket("archive-1").key("a b+c.txt").storageClass(StorageClass.GLACIER),
                    RequestBody.fromString("hello"));

            assertThat(s3.headObject(b -> b.bucket("archive-1").key("a b+c.txt")).storageClassAsString())
                    .isEqualTo("GLACIER");
            assertThatThrownBy(() -> s3.getObjectAsBytes(b -> b.bucket("archive-1").key("a b+c.txt")))
                    .isInstanceOf(InvalidObjectStateException.class);

            s3.restoreObject(b -> b.bucket("archive-1").key("a b+c.txt").restoreRequest(r -> r.days(1)));
            assertThat(s3.headObject(b -> b.bucket("archive-1").key("a b+c.txt")).restore()).contains("ongoing-request");
        }
    }
}
