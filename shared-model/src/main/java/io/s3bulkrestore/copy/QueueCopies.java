package io.s3bulkrestore.copy;

import io.s3bulkrestore.tally.ObjectChange;

import java.util.List;
import java.util.Objects;

/**
 * The tally function's second duty for a batch of record changes: queue the copies they call for
 * ({@link CopyTriggers}). Throws when queueing fails, so the batch is retried; what was queued already is queued
 * again, which the copy worker reads as a duplicate.
 */
public final class QueueCopies {

    private final CopyQueue queue;

    public QueueCopies(CopyQueue queue) {
        this.queue = Objects.requireNonNull(queue, "queue");
    }

    /** For a stack or a test without a copy queue: any copy called for is an error, never silently dropped. */
    public static QueueCopies none() {
        return new QueueCopies(tasks -> {
            throw new IllegalStateException(tasks.size() + " restored object(s) of a job that copies need a copy, "
                    + "and this function has no copy queue (COPY_QUEUE_URL)");
        });
    }

    /** Queues the copies of the batch's changes; returns how many. */
    public int apply(List<ObjectChange> changes) {
        List<CopyTask> tasks = CopyTriggers.of(changes);
        if (!tasks.isEmpty()) {
            queue.enqueue(tasks);
        }
        return tasks.size();
    }
}
