package io.s3bulkrestore.copy;

import java.util.List;

/** Where copy work is queued for the copy worker. Delivery is at least once; a task may arrive twice. */
public interface CopyQueue {

    /**
     * Queues every task, or throws: when this returns, all of them are queued.
     *
     * @throws io.s3bulkrestore.model.ServiceException UPSTREAM_FAILED when some could not be queued (re-sending all
     *         of them is safe: a copy is recorded once)
     */
    void enqueue(List<CopyTask> tasks);
}
