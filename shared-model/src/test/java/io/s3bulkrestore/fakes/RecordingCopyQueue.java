package io.s3bulkrestore.fakes;

import io.s3bulkrestore.copy.CopyQueue;
import io.s3bulkrestore.copy.CopyTask;
import io.s3bulkrestore.model.ErrorCode;
import io.s3bulkrestore.model.ServiceException;

import java.util.ArrayList;
import java.util.List;

/** A copy queue that keeps what was sent, in order, and can be told to fail. */
public final class RecordingCopyQueue implements CopyQueue {

    private final List<CopyTask> sent = new ArrayList<>();
    private boolean failing;

    @Override
    public synchronized void enqueue(List<CopyTask> tasks) {
        if (failing) {
            throw new ServiceException(ErrorCode.UPSTREAM_FAILED, "SQS SendMessageBatch failed (AWS request id TEST)");
        }
        sent.addAll(tasks);
    }

    public synchronized void failSends(boolean fail) {
        failing = fail;
    }

    public synchronized List<CopyTask> sent() {
        return List.copyOf(sent);
    }
}
