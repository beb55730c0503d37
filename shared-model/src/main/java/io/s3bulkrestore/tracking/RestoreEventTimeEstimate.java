package io.s3bulkrestore.tracking;

import java.time.Duration;

/**
 * How long applying restore events may take at worst, for RestoreEventBatch's time budget and for the
 * template's arithmetic (stack's QueuesContractTest pins RestoreEventsBatchSize and RestoreEventFunction's timeout
 * against it).
 */
public final class RestoreEventTimeEstimate {

    /**
     * Worst-case time to apply one message's event: about 2.2 DynamoDB requests an event (README, crediting
     * benchmark) at up to ~18 ms each.
     */
    public static final Duration WORST_CASE_PER_MESSAGE = Duration.ofMillis(40);
    /** Kept back at the end of an invocation to send the unstarted messages back to the queue and answer. */
    public static final Duration RESERVE = Duration.ofSeconds(10);

    private RestoreEventTimeEstimate() {
    }

    /** The worst-case time of {@code messages} messages. */
    public static Duration of(int messages) {
        return WORST_CASE_PER_MESSAGE.multipliedBy(messages);
    }
}
