package io.s3bulkrestore.fakes;

import io.s3bulkrestore.ports.MessageRequeue;

import java.util.ArrayList;
import java.util.List;

/** Keeps the bodies sent back to the queue, in order, and can be told to fail. */
public final class RecordingMessageRequeue implements MessageRequeue {

    private final List<String> sent = new ArrayList<>();
    private boolean failing;

    @Override
    public synchronized void requeue(List<String> messageBodies) {
        if (failing) {
            throw new IllegalStateException("SQS SendMessageBatch failed (test)");
        }
        sent.addAll(messageBodies);
    }

    public synchronized void failSends(boolean fail) {
        failing = fail;
    }

    public synchronized List<String> sent() {
        return List.copyOf(sent);
    }
}
