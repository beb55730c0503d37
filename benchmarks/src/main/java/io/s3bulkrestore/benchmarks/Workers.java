package io.s3bulkrestore.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs tasks on a few threads at once, as Lambda runs several invocations of an event source mapping at
 * once. On DynamoDB Local over HTTP one thread mostly waits on the loopback round trip; four keep the
 * emulator busy, and they race each other like concurrent invocations do.
 */
public final class Workers {

    private Workers() {
    }

    /** Runs every task on {@code threads} threads, in submission order, and waits; the first failure is rethrown. */
    public static void run(int threads, List<? extends Runnable> tasks) {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> futures = new ArrayList<>(tasks.size());
            for (Runnable task : tasks) {
                futures.add(pool.submit(task));
            }
            for (Future<?> future : futures) {
                future.get();
            }
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } finally {
            pool.shutdownNow();
        }
    }
}
