package io.s3bulkrestore.restore;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RestoreHeaderTest {

    @Test
    void shouldReadACompletedRestoreWithItsExpiry() {
        assertThat(RestoreHeader.parse("ongoing-request=\"false\", expiry-date=\"Fri, 21 Dec 2012 00:00:00 GMT\""))
                .contains(RestoreHeader.restoredUntil(Instant.parse("2012-12-21T00:00:00Z")));
    }

    @Test
    void shouldReadARunningRestore() {
        assertThat(RestoreHeader.parse("ongoing-request=\"true\"")).contains(RestoreHeader.inProgress());
    }

    @Test
    void shouldIgnoreSpacingOrderAndAttributesItDoesNotKnow() {
        assertThat(RestoreHeader.parse("expiry-date = \"Wed, 25 Nov 2026 18:44:23 GMT\",ongoing-request=\"FALSE\", x=\"y\""))
                .contains(RestoreHeader.restoredUntil(Instant.parse("2026-11-25T18:44:23Z")));
    }

    @Test
    void shouldTreatAnAbsentHeaderAsNoRestore() {
        assertThat(RestoreHeader.parse(null)).isEmpty();
        assertThat(RestoreHeader.parse(" ")).isEmpty();
    }

    @Test
    void shouldRefuseAHeaderItCannotUnderstand() {
        assertThatThrownBy(() -> RestoreHeader.parse("restored yesterday")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RestoreHeader.parse("ongoing-request=\"false\", expiry-date=\"tomorrow\""))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldKeepAnExpiryOptional() {
        assertThat(new RestoreHeader(false, null).expiry()).isEqualTo(Optional.empty());
    }
}
