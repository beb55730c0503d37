package io.s3bulkrestore.ports;

import java.util.List;

/**
 * Puts messages an invocation received but had no time left to process back on their queue, as new messages
 * with the same bodies, so they come back at once and with a fresh receive count (a batch item failure would
 * wait out the visibility timeout and count towards the queue's maxReceiveCount).
 */
public interface MessageRequeue {

    /**
     * Sends every body, or throws: when this returns, all of them are queued.
     *
     * @throws RuntimeException when some could not be sent (some others may have been: processing a message
     *         twice must be harmless for the queue's consumer)
     */
    void requeue(List<String> messageBodies);
}
