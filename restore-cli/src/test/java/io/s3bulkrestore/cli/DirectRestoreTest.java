package io.s3bulkrestore.cli;

import io.s3bulkrestore.cli.s3.ArchivedObjects.Lookup;
import io.s3bulkrestore.model.ObjectId;
import io.s3bulkrestore.restore.ArchiveClass;
import io.s3bulkrestore.restore.ObjectOutcome;
import io.s3bulkrestore.restore.ObjectResult;
import io.s3bulkrestore.restore.RestoreAction;
import io.s3bulkrestore.restore.RetrievalPrices;
import io.s3bulkrestore.restore.RetrievalTier;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import java.util.OptionalInt;

import static io.s3bulkrestore.cli.InMemoryArchivedObjects.BUCKET;
import static io.s3bulkrestore.cli.InMemoryArchivedObjects.object;
import static io.s3bulkrestore.cli.InMemoryArchivedObjects.restored;
import static io.s3bulkrestore.cli.InMemoryArchivedObjects.restoring;
import static io.s3bulkrestore.cli.InMemoryArchivedObjects.tiering;
import static org.assertj.core.api.Assertions.assertThat;

/** The restore use case over objects in memory: which restores are sent, and what is counted and reported. */
class DirectRestoreTest {

    private static final Instant UNTIL = Instant.parse("2040-12-21T00:00:00Z");
    private static final long GIB = 1024L * 1024 * 1024;

    private final InMemoryArchivedObjects objects = new InMemoryArchivedObjects();

    private DirectRestore.Report restore(Target target, RetrievalTier tier, boolean extend, boolean dryRun) {
        return new DirectRestore(objects, 4, RetrievalPrices.documented())
                .run(new DirectRestore.Request(target, tier, 7, extend, dryRun), ObjectWalker.Progress.NONE);
    }

    private static Target.Prefix everything() {
        return new Target.Prefix(BUCKET, "", key -> true);
    }

    private static Target.Key key(String key) {
        return new Target.Key(ObjectId.of(BUCKET, key));
    }

    @Test
    void shouldSendARestoreOnlyForArchivedObjectsAndCountEveryObjectOnce() {
        // Given one object for each row of the decision table, and one that vanished before its HeadObject
        objects.add(object("glacier", "GLACIER", 1), object("deep", "DEEP_ARCHIVE", 1), object("standard", "STANDARD", 1),
                restoring("running", "GLACIER", 1), restored("copy", 1, UNTIL))
                .addNeedingHead("it-archive", new Lookup.Found(tiering("it-archive", ArchiveClass.INTELLIGENT_TIERING_ARCHIVE_ACCESS, 1)))
                .addNeedingHead("it-frequent", new Lookup.Found(tiering("it-frequent", ArchiveClass.NOT_ARCHIVED, 1)))
                .addNeedingHead("vanished", new Lookup.Missing("no such object"));

        // When
        DirectRestore.Report report = restore(everything(), RetrievalTier.STANDARD, false, false);

        // Then restores went to the three archived objects, with days only for the two Glacier classes
        assertThat(objects.sentKeys()).containsExactly("deep", "glacier", "it-archive");
        assertThat(objects.sent).filteredOn(s -> s.id().key().equals("it-archive")).singleElement()
                .extracting(s -> s.action().days()).isEqualTo(OptionalInt.empty());
        assertThat(objects.sent).filteredOn(s -> s.id().key().equals("deep")).singleElement()
                .extracting(s -> s.action().days()).isEqualTo(OptionalInt.of(7));
        // and every object is counted once, under its outcome
        assertThat(report.summary().asMap()).containsAllEntriesOf(Map.of(
                ObjectOutcome.RESTORE_STARTED, 3L, ObjectOutcome.NOT_ARCHIVED, 2L, ObjectOutcome.IN_PROGRESS, 1L,
                ObjectOutcome.ALREADY_RESTORED, 1L, ObjectOutcome.FAILED, 1L));
        assertThat(report.summary().total()).isEqualTo(8);
        // and for a prefix only the failure is listed
        assertThat(report.reported()).singleElement().satisfies(result -> {
            assertThat(result.id().key()).isEqualTo("vanished");
            assertThat(result.detail()).isEqualTo("no such object");
        });
        assertThat(report.cost()).isEmpty();
    }

    @Test
    void shouldReportTheOneResultOfAKeyEvenWhenItIsNoFailure() {
        objects.add(restored("copy", 1, UNTIL));

        DirectRestore.Report report = restore(key("copy"), RetrievalTier.STANDARD, false, false);

        assertThat(report.reported()).singleElement().satisfies(result -> {
            assertThat(result.outcome()).isEqualTo(ObjectOutcome.ALREADY_RESTORED);
            assertThat(result.restoredUntil()).contains(UNTIL);
            assertThat(result.detail()).contains("--extend");
        });
        assertThat(objects.sent).isEmpty();
    }

    @Test
    void shouldRefuseExpeditedOnBothDeepArchivesAndCountThatAsAFailure() {
        objects.add(object("deep", "DEEP_ARCHIVE", 1), object("glacier", "GLACIER", 1))
                .addNeedingHead("it-deep", new Lookup.Found(tiering("it-deep", ArchiveClass.INTELLIGENT_TIERING_DEEP_ARCHIVE_ACCESS, 1)));

        DirectRestore.Report report = restore(everything(), RetrievalTier.EXPEDITED, false, false);

        assertThat(objects.sentKeys()).containsExactly("glacier");
        assertThat(report.summary().count(ObjectOutcome.REFUSED)).isEqualTo(2);
        assertThat(report.summary().failures()).isEqualTo(2);
        assertThat(report.reported()).extracting(ObjectResult::detail).containsExactlyInAnyOrder(
                "Expedited retrieval is not available for S3 Glacier Deep Archive; use --tier STANDARD or BULK",
                "Expedited retrieval is not available for the Intelligent-Tiering Deep Archive Access tier; use --tier STANDARD or BULK");
    }

    @Test
    void shouldRestoreARestoredCopyAgainWithExtend() {
        objects.add(restored("copy", 1, UNTIL));

        restore(key("copy"), RetrievalTier.BULK, true, false);

        assertThat(objects.sent).singleElement().extracting(InMemoryArchivedObjects.Sent::action)
                .isEqualTo(new RestoreAction.Restore(RetrievalTier.BULK, OptionalInt.of(7), true));
    }

    @Test
    void shouldPriceADryRunWithoutSendingAnyRestore() {
        // Given 2 GiB in Glacier, 1 GiB in Deep Archive, 1 GiB in an Intelligent-Tiering archive tier, and an object
        // that needs no restore
        objects.add(object("g1", "GLACIER", GIB), object("g2", "GLACIER", GIB), object("d", "DEEP_ARCHIVE", GIB),
                object("s", "STANDARD", GIB))
                .addNeedingHead("it", new Lookup.Found(tiering("it", ArchiveClass.INTELLIGENT_TIERING_ARCHIVE_ACCESS, GIB)));

        // When
        DirectRestore.Report report = restore(everything(), RetrievalTier.STANDARD, false, true);

        // Then nothing was sent, four would be, and they are priced at the documented Standard prices
        assertThat(objects.sent).isEmpty();
        assertThat(report.summary().count(ObjectOutcome.WOULD_RESTORE)).isEqualTo(4);
        assertThat(report.summary().count(ObjectOutcome.NOT_ARCHIVED)).isEqualTo(1);
        assertThat(report.cost()).hasValueSatisfying(cost -> {
            assertThat(cost.objects()).isEqualTo(4);
            assertThat(cost.byStorageClass()).containsOnlyKeys("DEEP_ARCHIVE", "GLACIER", "INTELLIGENT_TIERING");
            assertThat(cost.byStorageClass().get("GLACIER")).containsExactly(2, 2 * GIB);
            // 2 GiB x $0.01 + 1 GiB x $0.02; Intelligent-Tiering Standard is free
            assertThat(cost.retrievalCost()).isEqualByComparingTo(new BigDecimal("0.04"));
        });
    }

    @Test
    void shouldSayWhatADryRunWouldSendForOneKey() {
        objects.add(object("g", "GLACIER", 1))
                .addNeedingHead("it", new Lookup.Found(tiering("it", ArchiveClass.INTELLIGENT_TIERING_ARCHIVE_ACCESS, 1)));

        assertThat(restore(key("g"), RetrievalTier.BULK, false, true).reported()).extracting(ObjectResult::detail)
                .containsExactly("would restore, tier Bulk, 7 days");
        assertThat(restore(key("it"), RetrievalTier.BULK, false, true).reported()).extracting(ObjectResult::detail)
                .containsExactly("would restore, tier Bulk, no days");
    }

    @Test
    void shouldListAtMostTheLimitOfFailuresAndCountTheRest() {
        for (int i = 0; i < DirectRestore.REPORTED_LIMIT + 5; i++) {
            objects.addNeedingHead("gone/" + i, new Lookup.Failed("HeadObject failed: HTTP 403 AccessDenied"));
        }

        DirectRestore.Report report = restore(everything(), RetrievalTier.STANDARD, false, false);

        assertThat(report.reported()).hasSize(DirectRestore.REPORTED_LIMIT);
        assertThat(report.unreported()).isEqualTo(5);
        assertThat(report.summary().count(ObjectOutcome.FAILED)).isEqualTo(DirectRestore.REPORTED_LIMIT + 5);
    }
}
