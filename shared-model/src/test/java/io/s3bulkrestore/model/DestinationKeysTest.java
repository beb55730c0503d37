package io.s3bulkrestore.model;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DestinationKeysTest {

    @Test
    void shouldKeepEveryKeyByDefault() {
        DestinationKeys keys = DestinationKeys.of(null, null);

        assertThat(keys.keepsKeys()).isTrue();
        assertThat(keys.destinationKeyOf("dir/a b+c%.txt")).contains("dir/a b+c%.txt");
    }

    @Test
    void shouldReplaceTheSourcePrefixWithTheDestinationPrefix() {
        DestinationKeys keys = DestinationKeys.of("logs/", "archive/logs/");

        assertThat(keys.destinationKeyOf("logs/2024/a.gz")).contains("archive/logs/2024/a.gz");
        assertThat(keys.destinationKeyOf("logs/")).contains("archive/logs/");
    }

    @Test
    void shouldPutEveryKeyUnderADestinationPrefixWhenNoSourcePrefixIsGiven() {
        assertThat(DestinationKeys.of("", "restored/").destinationKeyOf("données/été.bin"))
                .contains("restored/données/été.bin");
    }

    @Test
    void shouldStripTheSourcePrefixWhenTheDestinationPrefixIsEmptyButGiveNoKeyForThePrefixItself() {
        DestinationKeys keys = DestinationKeys.of("staging/", "");

        assertThat(keys.destinationKeyOf("staging/x/y")).contains("x/y");
        assertThat(keys.destinationKeyOf("staging/")).isEmpty();
    }

    @Test
    void shouldGiveNoDestinationForAKeyOutsideTheSourcePrefix() {
        // Byte for byte: "logs" is not under "logs/", and no case folding.
        DestinationKeys keys = DestinationKeys.of("logs/", "old/");

        assertThat(keys.destinationKeyOf("logs")).isEmpty();
        assertThat(keys.destinationKeyOf("LOGS/a")).isEmpty();
        assertThat(keys.destinationKeyOf("other/logs/a")).isEmpty();
    }

    @Test
    void shouldGiveNoDestinationWhenTheNewKeyWouldBeLongerThanS3Allows() {
        DestinationKeys keys = DestinationKeys.of("a/", "b".repeat(1000) + "/");

        assertThat(keys.destinationKeyOf("a/" + "k".repeat(22))).hasValueSatisfying(k -> assertThat(k).hasSize(1023));
        assertThat(keys.destinationKeyOf("a/" + "k".repeat(24))).isEmpty();
    }

    @Test
    void shouldNameTheFieldOfAPrefixThatIsTooLong() {
        assertThatThrownBy(() -> DestinationKeys.of("é".repeat(513), "x/"))
                .isInstanceOfSatisfying(ServiceException.class, e ->
                        assertThat(e.field()).contains(DestinationKeys.SOURCE_PREFIX))
                .hasMessageContaining("source_prefix must be at most 1024 bytes");
        assertThatThrownBy(() -> DestinationKeys.of("", "x".repeat(1025)))
                .isInstanceOfSatisfying(ServiceException.class, e ->
                        assertThat(e.field()).contains(DestinationKeys.DESTINATION_PREFIX));
    }

    @Test
    void shouldRejectControlCharactersInAPrefix() {
        assertThatThrownBy(() -> DestinationKeys.of("a\n", "b/"))
                .isInstanceOfSatisfying(ServiceException.class, e ->
                        assertThat(e.field()).contains(DestinationKeys.SOURCE_PREFIX))
                .hasMessageContaining("control characters");
    }
}
