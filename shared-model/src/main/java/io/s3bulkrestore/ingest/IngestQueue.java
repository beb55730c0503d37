package io.s3bulkrestore.ingest;

import java.util.List;

/** Where manifest ingestion work is queued for the ingest worker. Delivery is at least once. */
public interface IngestQueue {

    /**
     * Queues every task, or throws: when this returns, all of them are queued.
     *
     * @throws io.s3bulkrestore.model.ServiceException UPSTREAM_FAILED when some could not be queued (some
     *         others may have been: re-sending all of them is safe, ingestion is idempotent)
     */
    void enqueue(List<IngestTask> tasks);
}
