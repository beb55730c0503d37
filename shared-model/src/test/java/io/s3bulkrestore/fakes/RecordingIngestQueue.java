package io.s3bulkrestore.fakes;

import io.s3bulkrestore.ingest.IngestTask;
import io.s3bulkrestore.model.ErrorCode;
import io.s3bulkrestore.model.ServiceException;
import io.s3bulkrestore.ingest.IngestQueue;

import java.util.ArrayList;
import java.util.List;

/** An ingest queue that keeps what was sent, in order, and can be told to fail. */
public final class RecordingIngestQueue implements IngestQueue {

    private final List<IngestTask> sent = new ArrayList<>();
    private boolean failing;

    @Override
    public synchronized void enqueue(List<IngestTask> tasks) {
        if (failing) {
            throw new ServiceException(ErrorCode.UPSTREAM_FAILED, "SQS SendMessageBatch failed (AWS request id TEST)");
        }
        sent.addAll(tasks);
    }

    public synchronized void failSends(boolean fail) {
        failing = fail;
    }

    public synchronized List<IngestTask> sent() {
        return List.copyOf(sent);
    }

    /** Takes every task sent so far, as a worker draining the queue would. */
    public synchronized List<IngestTask> drain() {
        List<IngestTask> tasks = List.copyOf(sent);
        sent.clear();
        return tasks;
    }
}
