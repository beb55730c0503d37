package io.s3bulkrestore.copy;

import io.s3bulkrestore.restore.ArchiveClass;
import io.s3bulkrestore.restore.RestoreHeader;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class SourceReadabilityTest {

    private static final Optional<RestoreHeader> RESTORED =
            Optional.of(RestoreHeader.restoredUntil(Instant.parse("2030-01-02T00:00:00Z")));

    @Test
    void shouldReadAnObjectThatIsNotArchivedWhateverItsHeader() {
        assertThat(SourceReadability.of(ArchiveClass.NOT_ARCHIVED, Optional.empty())).isEqualTo(SourceReadability.READABLE);
    }

    @Test
    void shouldReadAnArchivedObjectOnlyWhileItsRestoredCopyExists() {
        assertThat(SourceReadability.of(ArchiveClass.GLACIER, RESTORED)).isEqualTo(SourceReadability.READABLE);
        assertThat(SourceReadability.of(ArchiveClass.DEEP_ARCHIVE, Optional.empty()))
                .isEqualTo(SourceReadability.NOT_RESTORED);
        assertThat(SourceReadability.of(ArchiveClass.GLACIER, Optional.of(RestoreHeader.inProgress())))
                .isEqualTo(SourceReadability.RESTORE_IN_PROGRESS);
    }

    @Test
    void shouldNotReadAnIntelligentTieringObjectStillInAnArchiveTier() {
        assertThat(SourceReadability.of(ArchiveClass.INTELLIGENT_TIERING_ARCHIVE_ACCESS, RESTORED))
                .isEqualTo(SourceReadability.NOT_RESTORED);
        assertThat(SourceReadability.of(ArchiveClass.INTELLIGENT_TIERING_DEEP_ARCHIVE_ACCESS, Optional.empty()))
                .isEqualTo(SourceReadability.NOT_RESTORED);
    }
}
