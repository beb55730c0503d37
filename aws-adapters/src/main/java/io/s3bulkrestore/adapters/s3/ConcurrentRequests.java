package io.s3bulkrestore.adapters.s3;

import io.s3bulkrestore.model.ErrorCode;
import io.s3bulkrestore.model.ServiceException;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.function.Function;

/**
 * One small S3 request per item (a HeadObject each), run on virtual threads, at most {@code concurrency} at a time:
 * a hundred HEADs then take the time of a few, not of a hundred. A request's own failure is the caller's to turn into
 * an answer; anything it throws fails the whole call.
 */
final class ConcurrentRequests {

    private ConcurrentRequests() {
    }

    /** Each item's answer, in the items' order. */
    static <K, V> Map<K, V> each(Collection<K> items, int concurrency, Function<K, V> request, String what) {
        Semaphore permits = new Semaphore(concurrency);
        Map<K, Future<V>> pending = new LinkedHashMap<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (K item : items) {
                pending.put(item, threads.submit(() -> {
                    permits.acquire();
                    try {
                        return request.apply(item);
                    } finally {
                        permits.release();
                    }
                }));
            }
            Map<K, V> answers = new LinkedHashMap<>();
            for (var entry : pending.entrySet()) {
                answers.put(entry.getKey(), entry.getValue().get());
            }
            return answers;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServiceException(ErrorCode.UPSTREAM_FAILED, "interrupted while " + what);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw new ServiceException(ErrorCode.UPSTREAM_FAILED, what + " failed");
        }
    }
}
