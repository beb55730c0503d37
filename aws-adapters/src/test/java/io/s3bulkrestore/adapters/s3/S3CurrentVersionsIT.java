package io.s3bulkrestore.adapters.s3;

import io.s3bulkrestore.adapters.MotoExtension;
import io.s3bulkrestore.model.ObjectId;
import io.s3bulkrestore.tracking.CurrentVersions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;

import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** Against moto: which version is current, in buckets never versioned, versioned, and versioned later. */
class S3CurrentVersionsIT {

    @RegisterExtension
    static final MotoExtension MOTO = new MotoExtension();
    private static S3Client s3;

    private final S3CurrentVersions versions = new S3CurrentVersions(s3, Clock.systemUTC());

    @BeforeAll
    static void start() {
        s3 = MOTO.clients().s3();
    }

    @BeforeEach
    void reset() {
        MOTO.reset();
    }

    private String put(String bucket, String key) {
        return s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromString(key)).versionId();
    }

    private void enableVersioning(String bucket) {
        s3.putBucketVersioning(b -> b.bucket(bucket).versioningConfiguration(c -> c.status(BucketVersioningStatus.ENABLED)));
    }

    @Test
    void shouldAnswerTheLatestVersionAndNothingForADeletedObject() {
        s3.createBucket(b -> b.bucket("versioned-1"));
        enableVersioning("versioned-1");
        put("versioned-1", "k");
        String latest = put("versioned-1", "k");
        put("versioned-1", "gone");
        s3.deleteObject(b -> b.bucket("versioned-1").key("gone")); // a delete marker on top

        Map<ObjectId, Optional<String>> current = versions.currentVersions(Set.of(
                ObjectId.of("versioned-1", "k"), ObjectId.of("versioned-1", "gone"), ObjectId.of("versioned-1", "never")));

        assertThat(current).containsExactlyInAnyOrderEntriesOf(Map.of(
                ObjectId.of("versioned-1", "k"), Optional.of(latest),
                ObjectId.of("versioned-1", "gone"), Optional.empty(),
                ObjectId.of("versioned-1", "never"), Optional.empty()));
    }

    @Test
    void shouldAnswerTheNullVersionForAnObjectWrittenBeforeVersioning() {
        s3.createBucket(b -> b.bucket("later-1"));
        put("later-1", "old");
        enableVersioning("later-1");
        String newer = put("later-1", "rewritten");

        assertThat(versions.currentVersions(Set.of(ObjectId.of("later-1", "old"))))
                .containsEntry(ObjectId.of("later-1", "old"), Optional.of(CurrentVersions.NULL_VERSION));
        assertThat(versions.currentVersions(Set.of(ObjectId.of("later-1", "rewritten"))))
                .containsEntry(ObjectId.of("later-1", "rewritten"), Optional.of(newer));
    }

    @Test
    void shouldAnswerTheNullVersionForEveryObjectOfABucketNeverVersionedWithoutAskingPerObject() {
        s3.createBucket(b -> b.bucket("plain-1"));
        put("plain-1", "a");

        // "b" does not exist: a bucket never versioned is answered from its versioning state alone
        assertThat(versions.currentVersions(Set.of(ObjectId.of("plain-1", "a"), ObjectId.of("plain-1", "b"))))
                .containsOnly(Map.entry(ObjectId.of("plain-1", "a"), Optional.of(CurrentVersions.NULL_VERSION)),
                        Map.entry(ObjectId.of("plain-1", "b"), Optional.of(CurrentVersions.NULL_VERSION)));
    }

    @Test
    void shouldAnswerManyObjectsAtOnce() {
        s3.createBucket(b -> b.bucket("versioned-2"));
        enableVersioning("versioned-2");
        Set<ObjectId> objects = new LinkedHashSet<>();
        Map<ObjectId, Optional<String>> expected = new java.util.HashMap<>();
        IntStream.range(0, 80).forEach(i -> {
            ObjectId object = ObjectId.of("versioned-2", "data/" + i);
            objects.add(object);
            expected.put(object, Optional.of(put("versioned-2", object.key())));
        });

        assertThat(versions.currentVersions(objects)).containsExactlyInAnyOrderEntriesOf(expected);
    }
}
