package io.s3bulkrestore.restore;

import io.s3bulkrestore.model.ObjectId;
import io.s3bulkrestore.restore.RestoreAction.Restore;
import io.s3bulkrestore.restore.RestoreAction.Skip;
import io.s3bulkrestore.restore.RestoreAction.SkipReason;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RestoreDecisionTest {

    private static final Instant EXPIRY = Instant.parse("2026-12-01T00:00:00Z");

    private static ObjectArchiveState state(String storageClass, String archiveStatus, String restore) {
        Optional<RestoreHeader> header = switch (restore) {
            case "none" -> Optional.empty();
            case "ongoing" -> Optional.of(RestoreHeader.inProgress());
            case "restored" -> Optional.of(RestoreHeader.restoredUntil(EXPIRY));
            default -> throw new IllegalArgumentException(restore);
        };
        return new ObjectArchiveState(ObjectId.of("data-1", "k"), storageClass,
                ArchiveClass.of(storageClass, archiveStatus.isEmpty() ? null : archiveStatus), 10, header);
    }

    /** Every row of the table: storage class, archive status, restore state, tier, extend -> action. */
    @ParameterizedTest(name = "{0} {1} {2} {3} extend={4} -> {5}")
    @CsvSource({
            "GLACIER,             '',                  none,     STANDARD,  false, RESTORE_WITH_DAYS",
            "GLACIER,             '',                  none,     EXPEDITED, false, RESTORE_WITH_DAYS",
            "DEEP_ARCHIVE,        '',                  none,     BULK,      false, RESTORE_WITH_DAYS",
            "DEEP_ARCHIVE,        '',                  none,     EXPEDITED, false, REFUSED",
            "INTELLIGENT_TIERING, ARCHIVE_ACCESS,      none,     STANDARD,  false, RESTORE_WITHOUT_DAYS",
            "INTELLIGENT_TIERING, ARCHIVE_ACCESS,      none,     EXPEDITED, false, RESTORE_WITHOUT_DAYS",
            "INTELLIGENT_TIERING, DEEP_ARCHIVE_ACCESS, none,     BULK,      false, RESTORE_WITHOUT_DAYS",
            "INTELLIGENT_TIERING, DEEP_ARCHIVE_ACCESS, none,     EXPEDITED, false, REFUSED",
            "INTELLIGENT_TIERING, '',                  none,     STANDARD,  false, NOT_ARCHIVED",
            "STANDARD,            '',                  none,     STANDARD,  false, NOT_ARCHIVED",
            "GLACIER_IR,          '',                  none,     STANDARD,  false, NOT_ARCHIVED",
            "GLACIER,             '',                  ongoing,  STANDARD,  false, IN_PROGRESS",
            "GLACIER,             '',                  ongoing,  STANDARD,  true,  IN_PROGRESS",
            "INTELLIGENT_TIERING, ARCHIVE_ACCESS,      ongoing,  STANDARD,  false, IN_PROGRESS",
            "DEEP_ARCHIVE,        '',                  ongoing,  EXPEDITED, false, IN_PROGRESS",
            "GLACIER,             '',                  restored, STANDARD,  false, ALREADY_RESTORED",
            "DEEP_ARCHIVE,        '',                  restored, BULK,      true,  RESTORE_WITH_DAYS",
            "STANDARD,            '',                  restored, STANDARD,  true,  NOT_ARCHIVED",
    })
    void shouldFollowTheDecisionTable(String storageClass, String archiveStatus, String restore, RetrievalTier tier,
                                      boolean extend, String expected) {
        RestoreAction action = RestoreDecision.decide(state(storageClass, archiveStatus, restore), tier, 3, extend);

        String actual = switch (action) {
            case Restore r when r.days().isPresent() -> "RESTORE_WITH_DAYS";
            case Restore r -> "RESTORE_WITHOUT_DAYS";
            case Skip s -> s.reason().name();
        };
        assertThat(actual).isEqualTo(expected);
    }

    @Test
    void shouldSendTheRequestedDaysAndTierAndMarkAnExtension() {
        assertThat(RestoreDecision.decide(state("GLACIER", "", "restored"), RetrievalTier.BULK, 30, true))
                .isEqualTo(new Restore(RetrievalTier.BULK, java.util.OptionalInt.of(30), true));
    }

    @Test
    void shouldReportTheExpiryOfARestoredCopy() {
        assertThat(RestoreDecision.decide(state("GLACIER", "", "restored"), RetrievalTier.STANDARD, 3, false))
                .isInstanceOfSatisfying(Skip.class, skip -> {
                    assertThat(skip.reason()).isEqualTo(SkipReason.ALREADY_RESTORED);
                    assertThat(skip.restoredUntil()).contains(EXPIRY);
                    assertThat(skip.detail()).contains("--extend");
                });
    }

    @Test
    void shouldSayWhyExpeditedIsRefusedOnDeepArchive() {
        assertThat(RestoreDecision.decide(state("DEEP_ARCHIVE", "", "none"), RetrievalTier.EXPEDITED, 3, false))
                .isInstanceOfSatisfying(Skip.class, skip ->
                        assertThat(skip.detail()).contains("Expedited", "Deep Archive", "STANDARD or BULK"));
    }

    @Test
    void shouldRejectZeroDays() {
        assertThatThrownBy(() -> RestoreDecision.decide(state("GLACIER", "", "none"), RetrievalTier.STANDARD, 0, false))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
