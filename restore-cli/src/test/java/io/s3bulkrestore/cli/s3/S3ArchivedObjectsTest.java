package io.s3bulkrestore.cli.s3;

import io.s3bulkrestore.cli.s3.ArchivedObjects.Listed;
import io.s3bulkrestore.cli.s3.ArchivedObjects.Lookup;
import io.s3bulkrestore.model.ObjectId;
import io.s3bulkrestore.restore.ArchiveClass;
import io.s3bulkrestore.restore.ObjectArchiveState;
import io.s3bulkrestore.restore.ObjectOutcome;
import io.s3bulkrestore.restore.ObjectResult;
import io.s3bulkrestore.restore.RestoreAction;
import io.s3bulkrestore.restore.RestoreHeader;
import io.s3bulkrestore.restore.RetrievalTier;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.model.OptionalObjectAttributes;
import software.amazon.awssdk.services.s3.model.Tier;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicLong;

import static io.s3bulkrestore.cli.s3.FakeS3Client.BUCKET;
import static org.assertj.core.api.Assertions.assertThat;

/** The requests the adapter sends, as the SDK builds them, and what it makes of every answer. */
class S3ArchivedObjectsTest {

    private static final Instant UNTIL = Instant.parse("2040-12-21T00:00:00Z");

    private final FakeS3Client s3 = new FakeS3Client();
    private final S3ArchivedObjects objects = new S3ArchivedObjects(s3, new RateLimiter(1000, () -> 0, nanos -> {
    }));

    private static ObjectArchiveState glacier(String key) {
        return new ObjectArchiveState(ObjectId.of(BUCKET, key), "GLACIER", ArchiveClass.GLACIER, 10, Optional.empty());
    }

    @Test
    void shouldReadTheArchiveTierOfTheNamedVersionWithOneHeadObject() {
        // Given an Intelligent-Tiering object version in the Deep Archive Access tier
        s3.put(new FakeS3Client.Stored("k", "v2", "INTELLIGENT_TIERING", "DEEP_ARCHIVE_ACCESS", 2048, null, null));

        // When
        Lookup lookup = objects.state(new ObjectId(BUCKET, "k", "v2"));

        // Then HeadObject named the version, and the state has the tier, the size and no restore
        assertThat(s3.heads).singleElement().satisfies(head -> {
            assertThat(head.bucket()).isEqualTo(BUCKET);
            assertThat(head.key()).isEqualTo("k");
            assertThat(head.versionId()).isEqualTo("v2");
        });
        assertThat(lookup).isEqualTo(new Lookup.Found(new ObjectArchiveState(new ObjectId(BUCKET, "k", "v2"),
                "INTELLIGENT_TIERING", ArchiveClass.INTELLIGENT_TIERING_DEEP_ARCHIVE_ACCESS, 2048, Optional.empty())));
    }

    @Test
    void shouldReadTheExpiryOfARestoredCopy() {
        s3.putRestored("k", UNTIL);

        Lookup lookup = objects.state(ObjectId.of(BUCKET, "k"));

        assertThat(((Lookup.Found) lookup).state().restore()).contains(RestoreHeader.restoredUntil(UNTIL));
    }

    @Test
    void shouldSayWhetherTheObjectOrOnlyTheVersionIsMissing() {
        s3.put("k", "GLACIER", 1);

        assertThat(objects.state(ObjectId.of(BUCKET, "gone"))).isEqualTo(new Lookup.Missing("no such object"));
        assertThat(objects.state(new ObjectId(BUCKET, "k", "v-old"))).isEqualTo(new Lookup.Missing("no such object version"));
    }

    @Test
    void shouldTurnOtherHeadObjectErrorsIntoOurSentenceWithTheCodeAndRequestId() {
        s3.failHead("denied", FakeS3Client.error(403, "AccessDenied", "REQ-1"));
        s3.failHead("offline", SdkClientException.create("Unable to execute HTTP request: Connection refused"));

        assertThat(objects.state(ObjectId.of(BUCKET, "denied")))
                .isEqualTo(new Lookup.Failed("HeadObject failed: HTTP 403 AccessDenied (AWS request id REQ-1)"));
        assertThat(objects.state(ObjectId.of(BUCKET, "offline")))
                .isEqualTo(new Lookup.Failed("HeadObject failed: could not reach S3"));
    }

    @Test
    void shouldListEveryPageAskingForTheRestoreStatusAndKeepOnlyKeysThatPassTheFilter() {
        // Given five objects under the prefix, one elsewhere, and pages of two
        s3.pageSize(2)
                .put("logs/a", "GLACIER", 1)
                .putRestored("logs/b", UNTIL)
                .put(new FakeS3Client.Stored("logs/c", null, "DEEP_ARCHIVE", null, 3, "ongoing-request=\"true\"", null))
                .put("logs/d.tmp", "GLACIER", 4)
                .put("logs/e", "INTELLIGENT_TIERING", 5)
                .put("other/x", "GLACIER", 6);
        List<Listed> listed = new ArrayList<>();

        // When
        objects.list(BUCKET, "logs/", key -> !key.endsWith(".tmp"), listed::add);

        // Then three pages were read, each continuing where the last ended, each asking for RestoreStatus
        assertThat(s3.lists).extracting(r -> r.continuationToken()).containsExactly(null, "2", "4");
        assertThat(s3.lists).allSatisfy(request -> {
            assertThat(request.bucket()).isEqualTo(BUCKET);
            assertThat(request.prefix()).isEqualTo("logs/");
            assertThat(request.optionalObjectAttributes()).containsExactly(OptionalObjectAttributes.RESTORE_STATUS);
        });
        // and the listing's state says what HeadObject would, except for Intelligent-Tiering's tier
        assertThat(listed).extracting(l -> l.state().id().key()).containsExactly("logs/a", "logs/b", "logs/c", "logs/e");
        assertThat(listed.get(0).state().restore()).isEmpty();
        assertThat(listed.get(1).state().restore()).contains(RestoreHeader.restoredUntil(UNTIL));
        assertThat(listed.get(2).state().restore()).contains(RestoreHeader.inProgress());
        assertThat(listed.get(2).state().archive()).isEqualTo(ArchiveClass.DEEP_ARCHIVE);
        assertThat(listed).extracting(Listed::needsHead).containsExactly(false, false, false, true);
        assertThat(s3.heads).isEmpty();
    }

    @Test
    void shouldSendTheTierWithDaysForGlacierAndWithoutDaysForIntelligentTiering() {
        ObjectArchiveState versioned = new ObjectArchiveState(new ObjectId(BUCKET, "g", "v1"), "GLACIER",
                ArchiveClass.GLACIER, 10, Optional.empty());

        ObjectResult glacier = objects.restore(versioned, new RestoreAction.Restore(RetrievalTier.BULK, OptionalInt.of(3), false));
        ObjectArchiveState it = new ObjectArchiveState(ObjectId.of(BUCKET, "it"), "INTELLIGENT_TIERING",
                ArchiveClass.INTELLIGENT_TIERING_ARCHIVE_ACCESS, 10, Optional.empty());
        ObjectResult tiering = objects.restore(it, new RestoreAction.Restore(RetrievalTier.EXPEDITED, OptionalInt.empty(), false));

        assertThat(s3.restores.get(0).versionId()).isEqualTo("v1");
        assertThat(s3.restores.get(0).restoreRequest().days()).isEqualTo(3);
        assertThat(s3.restores.get(0).restoreRequest().glacierJobParameters().tier()).isEqualTo(Tier.BULK);
        assertThat(s3.restores.get(1).restoreRequest().days()).isNull();
        assertThat(s3.restores.get(1).restoreRequest().glacierJobParameters().tier()).isEqualTo(Tier.EXPEDITED);
        assertThat(glacier.outcome()).isEqualTo(ObjectOutcome.RESTORE_STARTED);
        assertThat(glacier.detail()).isEqualTo("restore started, tier Bulk, 3 days");
        assertThat(tiering.detail()).isEqualTo("restore started, tier Expedited (Intelligent-Tiering: no days)");
    }

    @Test
    void shouldTellAnExtendedExpiryFromACopyThatAlreadyExistedWhenS3Answers200() {
        s3.restoreAnswers("extended", 200).restoreAnswers("existed", 200);

        ObjectResult extended = objects.restore(glacier("extended"),
                new RestoreAction.Restore(RetrievalTier.STANDARD, OptionalInt.of(5), true));
        ObjectResult existed = objects.restore(glacier("existed"),
                new RestoreAction.Restore(RetrievalTier.STANDARD, OptionalInt.of(5), false));

        assertThat(extended.outcome()).isEqualTo(ObjectOutcome.EXPIRY_EXTENDED);
        assertThat(extended.detail()).isEqualTo("restored copy kept for 5 days from now");
        assertThat(existed.outcome()).isEqualTo(ObjectOutcome.ALREADY_RESTORED);
    }

    @Test
    void shouldReportInvalidObjectStateAsNotArchivedAndOtherErrorsAsFailuresWithoutAwsText() {
        s3.failRestore("moved", FakeS3Client.error(403, "InvalidObjectState", "REQ-2"))
                .failRestore("bad", FakeS3Client.error(400, "MalformedXML", "REQ-3"))
                .failRestore("offline", SdkClientException.create("Connection reset"));
        RestoreAction.Restore action = new RestoreAction.Restore(RetrievalTier.STANDARD, OptionalInt.of(1), false);

        assertThat(objects.restore(glacier("moved"), action).outcome()).isEqualTo(ObjectOutcome.NOT_ARCHIVED);
        ObjectResult bad = objects.restore(glacier("bad"), action);
        assertThat(bad.outcome()).isEqualTo(ObjectOutcome.FAILED);
        assertThat(bad.detail()).isEqualTo("RestoreObject failed: HTTP 400 MalformedXML (AWS request id REQ-3)");
        ObjectResult offline = objects.restore(glacier("offline"), action);
        assertThat(offline.outcome()).isEqualTo(ObjectOutcome.FAILED);
        assertThat(offline.detail()).isEqualTo("RestoreObject failed: could not reach S3");
    }

    @Test
    void shouldTakeAPermitFromTheRateLimiterBeforeEveryCall() {
        // Given a limit of one call per second on a clock that only moves when the limiter waits
        AtomicLong now = new AtomicLong();
        List<Long> waits = new ArrayList<>();
        S3ArchivedObjects limited = new S3ArchivedObjects(s3.pageSize(1).put("a", "GLACIER", 1).put("b", "GLACIER", 1),
                new RateLimiter(1, now::get, nanos -> {
                    waits.add(nanos);
                    now.addAndGet(nanos);
                }));

        // When it heads, lists two pages and restores: four calls
        limited.state(ObjectId.of(BUCKET, "a"));
        limited.list(BUCKET, "", key -> true, listed -> {
        });
        limited.restore(glacier("a"), new RestoreAction.Restore(RetrievalTier.BULK, OptionalInt.of(1), false));

        // Then each call after the first waited its second
        assertThat(waits).containsExactly(1_000_000_000L, 1_000_000_000L, 1_000_000_000L);
    }
}
