package io.s3bulkrestore.cli;

import io.s3bulkrestore.cli.s3.ArchivedObjects.Lookup;
import io.s3bulkrestore.model.ObjectId;
import io.s3bulkrestore.restore.ArchiveClass;
import io.s3bulkrestore.restore.ObjectStatus;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static io.s3bulkrestore.cli.InMemoryArchivedObjects.BUCKET;
import static io.s3bulkrestore.cli.InMemoryArchivedObjects.object;
import static io.s3bulkrestore.cli.InMemoryArchivedObjects.restored;
import static io.s3bulkrestore.cli.InMemoryArchivedObjects.restoring;
import static io.s3bulkrestore.cli.InMemoryArchivedObjects.tiering;
import static org.assertj.core.api.Assertions.assertThat;

class StatusReportTest {

    private static final Instant UNTIL = Instant.parse("2040-12-21T00:00:00Z");

    private final InMemoryArchivedObjects objects = new InMemoryArchivedObjects();

    @Test
    void shouldCountObjectsAndBytesPerStatusForAPrefixWithoutKeepingEachObject() {
        // Given objects in every status, and one that cannot be read
        objects.add(object("a/g", "GLACIER", 100), object("a/d", "DEEP_ARCHIVE", 200), restoring("a/r", "GLACIER", 30),
                restored("a/c", 4, UNTIL), object("a/s", "STANDARD", 5000))
                .addNeedingHead("a/it", new Lookup.Found(tiering("a/it", ArchiveClass.INTELLIGENT_TIERING_ARCHIVE_ACCESS, 7)))
                .addNeedingHead("a/denied", new Lookup.Failed("HeadObject failed: HTTP 403 AccessDenied (AWS request id R)"));

        // When
        StatusReport.Result result = new StatusReport(objects, 3).run(new Target.Prefix(BUCKET, "a/", key -> true),
                ObjectWalker.Progress.NONE);

        // Then
        assertThat(result.counts().get(ObjectStatus.ARCHIVED)).containsExactly(3, 307);
        assertThat(result.counts().get(ObjectStatus.RESTORING)).containsExactly(1, 30);
        assertThat(result.counts().get(ObjectStatus.RESTORED)).containsExactly(1, 4);
        assertThat(result.counts().get(ObjectStatus.NOT_ARCHIVED)).containsExactly(1, 5000);
        assertThat(result.entries()).isEmpty();
        assertThat(result.unreadable()).containsExactly(
                "s3://data-1/a/denied: HeadObject failed: HTTP 403 AccessDenied (AWS request id R)");
    }

    @Test
    void shouldKeepTheOneObjectOfAKeyWithItsExpiry() {
        objects.add(restored("k", 4, UNTIL));

        StatusReport.Result result = new StatusReport(objects, 3).run(new Target.Key(ObjectId.of(BUCKET, "k")),
                ObjectWalker.Progress.NONE);

        assertThat(result.entries()).singleElement().satisfies(entry -> {
            assertThat(entry.status()).isEqualTo(ObjectStatus.RESTORED);
            assertThat(entry.restoredUntil()).contains(UNTIL);
        });
        assertThat(result.counts().get(ObjectStatus.RESTORED)).containsExactly(1, 4);
    }
}
