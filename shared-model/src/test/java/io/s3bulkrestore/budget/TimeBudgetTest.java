package io.s3bulkrestore.budget;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TimeBudgetTest {

    /** A function's clock: the time left falls only when a unit of work "takes" time. */
    private long remaining;
    private final List<String> ran = new ArrayList<>();

    private TimeBudget budget(Duration reserve) {
        return new TimeBudget(() -> remaining, reserve);
    }

    /** Work whose units take the given milliseconds each. */
    private java.util.function.Consumer<String> taking(Map<String, Long> millis) {
        return unit -> {
            ran.add(unit);
            remaining -= millis.get(unit);
        };
    }

    @Test
    void shouldRunEveryUnitWhenTheyFit() {
        remaining = 900_000;

        List<String> unstarted = budget(Duration.ofSeconds(30)).runWhileTimeAllows(List.of("a", "b", "c"),
                unit -> Duration.ofSeconds(200), taking(Map.of("a", 100_000L, "b", 100_000L, "c", 100_000L)));

        assertThat(ran).containsExactly("a", "b", "c");
        assertThat(unstarted).isEmpty();
    }

    @Test
    void shouldNotStartAUnitWhoseWorstCaseNoLongerFitsBeforeTheTimeout() {
        // Given a batch of ten 2 MiB chunks under a 900 s timeout: 225 s worst case each, 120 s in fact
        remaining = 900_000;
        List<String> chunks = List.of("1", "2", "3", "4", "5", "6", "7", "8", "9", "10");

        // When
        List<String> unstarted = budget(Duration.ofSeconds(30)).runWhileTimeAllows(chunks,
                unit -> Duration.ofSeconds(225), unit -> {
                    ran.add(unit);
                    remaining -= 120_000;
                });

        // Then six start (300 s were left before the sixth, it needed 225 + 30 s); 180 s left is too little
        assertThat(ran).containsExactly("1", "2", "3", "4", "5", "6");
        assertThat(unstarted).containsExactly("7", "8", "9", "10");
        assertThat(remaining).isGreaterThanOrEqualTo(30_000);
    }

    @Test
    void shouldHandBackTheUnitsItDidNotStart() {
        // Given 300 s left, 30 s reserve and units estimated at 225 s
        remaining = 300_000;

        List<String> unstarted = budget(Duration.ofSeconds(30)).runWhileTimeAllows(List.of("a", "b", "c"),
                unit -> Duration.ofSeconds(225), taking(Map.of("a", 60_000L, "b", 60_000L, "c", 60_000L)));

        // Then a runs (the first always does); 240 s left < 225 + 30 s: b and c are handed back
        assertThat(ran).containsExactly("a");
        assertThat(unstarted).containsExactly("b", "c");
    }

    @Test
    void shouldAlwaysStartTheFirstUnitSoEveryInvocationMakesProgress() {
        remaining = 1_000;

        List<String> unstarted = budget(Duration.ofSeconds(30)).runWhileTimeAllows(List.of("a", "b"),
                unit -> Duration.ofMinutes(10), taking(Map.of("a", 500L, "b", 500L)));

        assertThat(ran).containsExactly("a");
        assertThat(unstarted).containsExactly("b");
    }

    @Test
    void shouldTrustTheSlowestUnitSeenWhenItExceedsTheEstimate() {
        // Given units estimated at 1 s but the store is throttling: the first took 20 s
        remaining = 60_000;

        List<String> unstarted = budget(Duration.ofSeconds(5)).runWhileTimeAllows(List.of("a", "b"),
                unit -> Duration.ofSeconds(1), taking(Map.of("a", 20_000L, "b", 20_000L)));

        // Then b needs 1.5 x 20 s + 5 s = 35 s: with 40 s left it starts, with 34 s left it does not
        assertThat(ran).containsExactly("a", "b");
        assertThat(unstarted).isEmpty();

        ran.clear();
        remaining = 54_000;
        assertThat(budget(Duration.ofSeconds(5)).runWhileTimeAllows(List.of("a", "b"),
                unit -> Duration.ofSeconds(1), taking(Map.of("a", 20_000L, "b", 20_000L)))).containsExactly("b");
    }

    @Test
    void shouldCountAUnitThatFailedAsStartedAndMeasureIt() {
        remaining = 60_000;
        TimeBudget budget = budget(Duration.ZERO);

        assertThatThrownBy(() -> budget.runWhileTimeAllows(List.of("a"), unit -> Duration.ZERO, unit -> {
            remaining -= 10_000;
            throw new IllegalStateException("boom");
        })).hasMessage("boom");

        assertThat(budget.needed(Duration.ZERO)).isEqualTo(Duration.ofSeconds(15));
    }

    @Test
    void shouldNeverRunOutWhenUnlimited() {
        List<String> unstarted = TimeBudget.unlimited().runWhileTimeAllows(List.of("a", "b"),
                unit -> Duration.ofDays(1), ran::add);

        assertThat(ran).containsExactly("a", "b");
        assertThat(unstarted).isEmpty();
    }
}
