package io.s3bulkrestore.budget;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * Runs the units of work of one function invocation (manifest chunks, slices of restore events) in order, and
 * starts a unit only when it can finish before the function's timeout. The units it did not start are
 * returned to be handed on (re-enqueued), so no work is cut off half-way by the timeout.
 *
 * <p>The rules:
 * <ul>
 *   <li>The first unit always starts: the template sizes each function's timeout for one unit's worst case
 *       (contract-tested), and an invocation that started nothing would make no progress, so handing units
 *       on could loop forever.</li>
 *   <li>A further unit starts only if the time left, less {@code reserve} (kept for handing the rest on and
 *       answering), covers the larger of its worst-case estimate and one and a half times the slowest unit
 *       seen so far in this invocation: a slow store (throttling, retries) makes the estimate optimistic, and
 *       what this invocation measured is the better guide then.</li>
 * </ul>
 * Time is read only from {@code remainingMillis} (Lambda's {@code Context.getRemainingTimeInMillis()}), so a
 * unit's duration is the fall of the time left across it, and tests drive it with a fake context.
 */
public final class TimeBudget {

    private final LongSupplier remainingMillis;
    private final Duration reserve;
    private long slowestMillis;

    /**
     * @param remainingMillis milliseconds left before the function's timeout, as Lambda reports them
     * @param reserve         time kept back after the last unit, to hand the unstarted ones on and answer
     */
    public TimeBudget(LongSupplier remainingMillis, Duration reserve) {
        this.remainingMillis = Objects.requireNonNull(remainingMillis, "remainingMillis");
        this.reserve = Objects.requireNonNull(reserve, "reserve");
        if (reserve.isNegative()) {
            throw new IllegalArgumentException("reserve cannot be negative: " + reserve);
        }
    }

    /** A budget that never runs out: for callers that have no deadline (tests, tools). */
    public static TimeBudget unlimited() {
        return new TimeBudget(() -> Long.MAX_VALUE, Duration.ZERO);
    }

    /**
     * Runs {@code work} on each unit, in order, while the next one can finish in time.
     *
     * @param worstCase how long a unit may take at most, as far as is known before it starts
     * @return the units not started, in order (empty when all ran); a unit whose work threw counts as started
     */
    public <T> List<T> runWhileTimeAllows(List<T> units, Function<? super T, Duration> worstCase,
                                          Consumer<? super T> work) {
        for (int i = 0; i < units.size(); i++) {
            T unit = units.get(i);
            long before = remainingMillis.getAsLong();
            if (i > 0 && !fits(worstCase.apply(unit), before)) {
                return List.copyOf(units.subList(i, units.size()));
            }
            try {
                work.accept(unit);
            } finally {
                slowestMillis = Math.max(slowestMillis, before - remainingMillis.getAsLong());
            }
        }
        return List.of();
    }

    /** The time the next unit is allowed to need: its estimate, or 1.5 x the slowest unit so far. */
    Duration needed(Duration estimate) {
        return max(estimate, Duration.ofMillis(slowestMillis + slowestMillis / 2));
    }

    private boolean fits(Duration estimate, long remaining) {
        return remaining - reserve.toMillis() >= needed(estimate).toMillis();
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
