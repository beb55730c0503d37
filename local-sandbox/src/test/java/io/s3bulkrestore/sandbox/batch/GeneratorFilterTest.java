package io.s3bulkrestore.sandbox.batch;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Each JobManifestGeneratorFilter criterion as the API reference defines it; fixed instants, no calendar. */
class GeneratorFilterTest {

    private static final Instant T = Instant.parse("2030-06-15T12:00:00Z");

    private static GeneratorFilter.Candidate object(String key, long size, Instant lastModified, String storageClass) {
        return new GeneratorFilter.Candidate(key, size, lastModified, storageClass);
    }

    private static GeneratorFilter keys(List<String> prefix, List<String> suffix, List<String> substring) {
        return new GeneratorFilter(null, null, null, List.of(), prefix, suffix, substring, null, null, List.of());
    }

    @Test
    void shouldMatchEverythingWithoutCriteria() {
        assertThat(GeneratorFilter.none().matches(object("any/key", 0, T, "STANDARD"))).isTrue();
        assertThat(GeneratorFilter.none().matches(object("x", 5, T, "REDUCED_REDUNDANCY"))).isTrue();
        assertThat(GeneratorFilter.none().needsReplicationStatus()).isFalse();
        assertThat(GeneratorFilter.none().listingPrefix()).isNull();
    }

    @Test
    void shouldMatchKeyNameConstraintsAtTheStartTheEndAndAnywhereCaseSensitively() {
        GeneratorFilter prefix = keys(List.of("photos/"), List.of(), List.of());
        assertThat(prefix.matches(object("photos/a.jpg", 1, T, "GLACIER"))).isTrue();
        assertThat(prefix.matches(object("old/photos/a.jpg", 1, T, "GLACIER"))).isFalse();
        assertThat(prefix.matches(object("Photos/a.jpg", 1, T, "GLACIER"))).isFalse();
        assertThat(prefix.listingPrefix()).isEqualTo("photos/");

        GeneratorFilter suffix = keys(List.of(), List.of(".jpg"), List.of());
        assertThat(suffix.matches(object("a/b.jpg", 1, T, "GLACIER"))).isTrue();
        assertThat(suffix.matches(object("a/b.jpg.bak", 1, T, "GLACIER"))).isFalse();

        GeneratorFilter substring = keys(List.of(), List.of(), List.of("2026"));
        assertThat(substring.matches(object("logs/2026/x", 1, T, "GLACIER"))).isTrue();
        assertThat(substring.matches(object("2026", 1, T, "GLACIER"))).isTrue();
        assertThat(substring.matches(object("logs/2025/x", 1, T, "GLACIER"))).isFalse();
    }

    @Test
    void shouldRequireEveryCriterionGivenAtOnce() {
        GeneratorFilter all = new GeneratorFilter(null, null, null, List.of(), List.of("p/"), List.of(".bin"),
                List.of("mid"), null, null, List.of("DEEP_ARCHIVE"));
        assertThat(all.matches(object("p/mid.bin", 1, T, "DEEP_ARCHIVE"))).isTrue();
        assertThat(all.matches(object("p/mid.txt", 1, T, "DEEP_ARCHIVE"))).isFalse();
        assertThat(all.matches(object("q/mid.bin", 1, T, "DEEP_ARCHIVE"))).isFalse();
        assertThat(all.matches(object("p/end.bin", 1, T, "DEEP_ARCHIVE"))).isFalse();
        assertThat(all.matches(object("p/mid.bin", 1, T, "GLACIER"))).isFalse();
    }

    @Test
    void shouldKeepOnlyObjectsCreatedStrictlyAfterAndStrictlyBefore() {
        GeneratorFilter after = new GeneratorFilter(null, T, null, List.of(), List.of(), List.of(), List.of(), null,
                null, List.of());
        assertThat(after.matches(object("k", 1, T.plusMillis(1), "GLACIER"))).isTrue();
        assertThat(after.matches(object("k", 1, T, "GLACIER"))).isFalse();
        assertThat(after.matches(object("k", 1, T.minusSeconds(1), "GLACIER"))).isFalse();

        GeneratorFilter before = new GeneratorFilter(null, null, T, List.of(), List.of(), List.of(), List.of(), null,
                null, List.of());
        assertThat(before.matches(object("k", 1, T.minusMillis(1), "GLACIER"))).isTrue();
        assertThat(before.matches(object("k", 1, T, "GLACIER"))).isFalse();

        GeneratorFilter window = new GeneratorFilter(null, T.minusSeconds(60), T, List.of(), List.of(), List.of(),
                List.of(), null, null, List.of());
        assertThat(window.matches(object("k", 1, T.minusSeconds(30), "GLACIER"))).isTrue();
        assertThat(window.matches(object("k", 1, T.minusSeconds(90), "GLACIER"))).isFalse();
    }

    @Test
    void shouldKeepOnlySizesStrictlyGreaterAndStrictlyLess() {
        GeneratorFilter sizes = new GeneratorFilter(null, null, null, List.of(), List.of(), List.of(), List.of(), 10L,
                20L, List.of());
        assertThat(sizes.matches(object("k", 10, T, "GLACIER"))).isFalse();
        assertThat(sizes.matches(object("k", 11, T, "GLACIER"))).isTrue();
        assertThat(sizes.matches(object("k", 19, T, "GLACIER"))).isTrue();
        assertThat(sizes.matches(object("k", 20, T, "GLACIER"))).isFalse();
        GeneratorFilter empty = new GeneratorFilter(null, null, null, List.of(), List.of(), List.of(), List.of(), 0L,
                null, List.of());
        assertThat(empty.matches(object("k", 0, T, "GLACIER"))).isFalse();
    }

    @Test
    void shouldMatchAnyOfTheStorageClassesAsTheListingNamesThem() {
        GeneratorFilter archives = new GeneratorFilter(null, null, null, List.of(), List.of(), List.of(), List.of(),
                null, null, List.of("GLACIER", "DEEP_ARCHIVE"));
        assertThat(archives.matches(object("a", 1, T, "GLACIER"))).isTrue();
        assertThat(archives.matches(object("b", 1, T, "DEEP_ARCHIVE"))).isTrue();
        assertThat(archives.matches(object("c", 1, T, "INTELLIGENT_TIERING"))).isFalse();
        assertThat(archives.matches(object("d", 1, T, "STANDARD"))).isFalse();
        assertThat(archives.matches(object("e", 1, T, "GLACIER_IR"))).isFalse();
    }

    @Test
    void shouldReadAMissingReplicationStatusAsNone() {
        GeneratorFilter none = new GeneratorFilter(null, null, null, List.of("NONE"), List.of(), List.of(), List.of(),
                null, null, List.of());
        assertThat(none.needsReplicationStatus()).isTrue();
        assertThat(none.matchesReplicationStatus(null)).isTrue();
        assertThat(none.matchesReplicationStatus("COMPLETED")).isFalse();
        GeneratorFilter replicated = new GeneratorFilter(null, null, null, List.of("COMPLETED", "REPLICA"), List.of(),
                List.of(), List.of(), null, null, List.of());
        assertThat(replicated.matchesReplicationStatus("REPLICA")).isTrue();
        assertThat(replicated.matchesReplicationStatus("PENDING")).isFalse();
        assertThat(replicated.matchesReplicationStatus(null)).isFalse();
    }
}
