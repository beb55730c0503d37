package io.s3bulkrestore.events;

import io.s3bulkrestore.budget.TimeBudget;
import io.s3bulkrestore.ports.MessageRequeue;
import io.s3bulkrestore.tracking.RecordRestoreEvents;
import io.s3bulkrestore.tracking.RestoreEvent;
import io.s3bulkrestore.tracking.RestoreEventTimeEstimate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Applies one SQS batch of restore event messages with per-message failure: a malformed message fails
 * alone (SQS redelivers it until the redrive policy moves it to the DLQ); the good ones are applied
 * together, a slice of {@link #SLICE_MESSAGES} at a time, so each job's counter is written once per slice.
 * If applying a slice fails, each of its messages is applied on its own, so only the messages that really
 * cannot be applied fail.
 *
 * <p>Within the invocation's time: a slice starts only if its worst case ({@link RestoreEventTimeEstimate},
 * or what the slowest slice so far took) still fits before the timeout ({@link TimeBudget}). The
 * template bounds RestoreEventsBatchSize so a whole batch fits at the worst-case rate (contract-tested); the
 * budget is for when DynamoDB is slower than that (throttling, retries). The messages of the slices left are
 * sent back to the queue as new messages and acknowledged, not reported as failures: a failure would wait out
 * the visibility timeout and count towards maxReceiveCount, so a slow spell could push good events to the
 * dead-letter queue. Applying an event twice is harmless (crediting is idempotent).
 */
public final class RestoreEventBatch {

    private static final Logger LOG = LoggerFactory.getLogger(RestoreEventBatch.class);

    /** Messages applied together: large enough that a job's counter is written rarely, small enough to budget. */
    public static final int SLICE_MESSAGES = 100;

    private final RestoreEventEnvelopes envelopes;
    private final RecordRestoreEvents recordRestoreEvents;
    private final MessageRequeue requeue;

    /**
     * Without a queue to send messages back to (tools, benchmarks): the messages left for lack of time are
     * reported as failed instead.
     */
    public RestoreEventBatch(RestoreEventEnvelopes envelopes, RecordRestoreEvents recordRestoreEvents) {
        this(envelopes, recordRestoreEvents, bodies -> {
            throw new IllegalStateException("no queue to send " + bodies.size() + " message(s) back to");
        });
    }

    public RestoreEventBatch(RestoreEventEnvelopes envelopes, RecordRestoreEvents recordRestoreEvents,
                             MessageRequeue requeue) {
        this.envelopes = Objects.requireNonNull(envelopes, "envelopes");
        this.recordRestoreEvents = Objects.requireNonNull(recordRestoreEvents, "recordRestoreEvents");
        this.requeue = Objects.requireNonNull(requeue, "requeue");
    }

    /** One queue message: its id and body. */
    public record Message(String id, String body) {
    }

    /**
     * @param restored         completed restores recorded on their objects' records
     * @param handedOn         messages not started for lack of time, sent back to the queue as new messages
     * @param failedMessageIds the messages to report back as failed (for ReportBatchItemFailures)
     */
    public record Result(int messages, int events, int restored, int handedOn, List<String> failedMessageIds) {
    }

    /** A message and the events it holds. */
    private record Parsed(Message message, List<RestoreEvent> events) {
    }

    /** Applies the whole batch, however long it takes. */
    public Result apply(List<Message> messages) {
        return apply(messages, () -> Long.MAX_VALUE);
    }

    /** @param remainingMillis time left before the function's timeout (Lambda's context) */
    public Result apply(List<Message> messages, LongSupplier remainingMillis) {
        List<String> failed = new ArrayList<>();
        List<Parsed> parsed = new ArrayList<>();
        for (Message message : messages) {
            try {
                parsed.add(new Parsed(message, envelopes.parse(message.body())));
            } catch (MalformedEventException e) {
                LOG.error("message {} is not a restore event and will go to the dead-letter queue after its "
                        + "retries: {}", message.id(), e.getMessage());
                failed.add(message.id());
            }
        }
        List<List<Parsed>> slices = new ArrayList<>();
        for (int from = 0; from < parsed.size(); from += SLICE_MESSAGES) {
            slices.add(parsed.subList(from, Math.min(parsed.size(), from + SLICE_MESSAGES)));
        }
        int[] applied = {0, 0}; // events, restores recorded
        TimeBudget budget = new TimeBudget(remainingMillis, RestoreEventTimeEstimate.RESERVE);
        List<List<Parsed>> unstarted = budget.runWhileTimeAllows(slices,
                slice -> RestoreEventTimeEstimate.of(slice.size()), slice -> {
                    applied[0] += slice.stream().mapToInt(p -> p.events().size()).sum();
                    applied[1] += applySlice(slice, failed);
                });
        int handedOn = handOn(unstarted.stream().flatMap(List::stream).toList(), failed);
        return new Result(messages.size(), applied[0], applied[1], handedOn, List.copyOf(failed));
    }

    /** Applies a slice's events together, or message by message if that fails; returns the restores recorded. */
    private int applySlice(List<Parsed> slice, List<String> failed) {
        Map<String, List<RestoreEvent>> eventsByMessage = new LinkedHashMap<>();
        slice.forEach(p -> eventsByMessage.put(p.message().id(), p.events()));
        List<RestoreEvent> all = eventsByMessage.values().stream().flatMap(List::stream).toList();
        try {
            return recordRestoreEvents.apply(all).completedObjects();
        } catch (RuntimeException batchFailure) {
            LOG.warn("applying {} events from {} messages together failed; applying each message alone",
                    all.size(), eventsByMessage.size(), batchFailure);
            int restored = 0;
            for (Map.Entry<String, List<RestoreEvent>> message : eventsByMessage.entrySet()) {
                try {
                    restored += recordRestoreEvents.apply(message.getValue()).completedObjects();
                } catch (RuntimeException e) {
                    LOG.error("message {} could not be applied; SQS will redeliver it", message.getKey(), e);
                    failed.add(message.getKey());
                }
            }
            return restored;
        }
    }

    private int handOn(List<Parsed> unstarted, List<String> failed) {
        if (unstarted.isEmpty()) {
            return 0;
        }
        try {
            requeue.requeue(unstarted.stream().map(p -> p.message().body()).toList());
            LOG.warn("{} restore event message(s) would not fit in this invocation's time and were queued again",
                    unstarted.size());
            return unstarted.size();
        } catch (RuntimeException e) {
            LOG.warn("queueing {} message(s) again failed; reporting them as failed so SQS redelivers them",
                    unstarted.size(), e);
            unstarted.forEach(p -> failed.add(p.message().id()));
            return 0;
        }
    }
}
