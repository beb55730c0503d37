package io.s3bulkrestore.restore;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;

/** Counts of outcomes, safe to add to from many threads. */
public final class RestoreSummary {

    private final AtomicLongArray counts = new AtomicLongArray(ObjectOutcome.values().length);

    public void add(ObjectOutcome outcome) {
        counts.incrementAndGet(outcome.ordinal());
    }

    public long count(ObjectOutcome outcome) {
        return counts.get(outcome.ordinal());
    }

    public long total() {
        long total = 0;
        for (int i = 0; i < counts.length(); i++) {
            total += counts.get(i);
        }
        return total;
    }

    public long failures() {
        long failures = 0;
        for (ObjectOutcome outcome : ObjectOutcome.values()) {
            if (outcome.isFailure()) {
                failures += count(outcome);
            }
        }
        return failures;
    }

    /** Every outcome, in declaration order, including zero counts. */
    public Map<ObjectOutcome, Long> asMap() {
        Map<ObjectOutcome, Long> map = new EnumMap<>(ObjectOutcome.class);
        for (ObjectOutcome outcome : ObjectOutcome.values()) {
            map.put(outcome, count(outcome));
        }
        return Collections.unmodifiableMap(map);
    }
}
