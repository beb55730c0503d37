package io.s3bulkrestore.cli;

import io.s3bulkrestore.cli.s3.ArchivedObjects;
import io.s3bulkrestore.cli.s3.ArchivedObjects.Lookup;
import io.s3bulkrestore.model.ObjectId;
import io.s3bulkrestore.restore.ObjectArchiveState;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Visits every object of a {@link Target} with its archive state, on a fixed pool of {@code concurrency}
 * threads. The listing runs on the caller's thread and waits when every worker is busy, so a prefix of
 * millions of objects never queues more than a few pages of work in memory.
 */
final class ObjectWalker {

    /** Progress callbacks: objects listed so far, objects finished so far, and whether listing is done. */
    interface Progress {
        void update(long listed, long done, boolean listingDone);

        Progress NONE = (listed, done, listingDone) -> {
        };
    }

    private final ArchivedObjects objects;
    private final int concurrency;

    ObjectWalker(ArchivedObjects objects, int concurrency) {
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be at least 1");
        }
        this.objects = objects;
        this.concurrency = concurrency;
    }

    /**
     * @param visit   called on a worker thread with each object's state
     * @param missing called when an object cannot be read (id, our sentence why)
     */
    void walk(Target target, Consumer<ObjectArchiveState> visit, BiConsumer<ObjectId, String> missing,
              Progress progress) {
        switch (target) {
            case Target.Key key -> {
                visitLookup(key.id(), objects.state(key.id()), visit, missing);
                progress.update(1, 1, true);
            }
            case Target.Prefix prefix -> walkPrefix(prefix, visit, missing, progress);
        }
    }

    private void walkPrefix(Target.Prefix prefix, Consumer<ObjectArchiveState> visit,
                            BiConsumer<ObjectId, String> missing, Progress progress) {
        ExecutorService pool = Executors.newFixedThreadPool(concurrency, runnable -> {
            Thread thread = new Thread(runnable, "s3-restore-worker");
            thread.setDaemon(true);
            return thread;
        });
        Semaphore inFlight = new Semaphore(concurrency * 4);
        AtomicLong listed = new AtomicLong();
        AtomicLong done = new AtomicLong();
        try {
            objects.list(prefix.bucket(), prefix.prefix(), prefix.keyFilter(), item -> {
                inFlight.acquireUninterruptibly();
                listed.incrementAndGet();
                pool.execute(() -> {
                    try {
                        if (item.needsHead()) {
                            visitLookup(item.state().id(), objects.state(item.state().id()), visit, missing);
                        } else {
                            visit.accept(item.state());
                        }
                    } catch (RuntimeException e) {
                        missing.accept(item.state().id(), "unexpected error: " + e.getClass().getSimpleName());
                    } finally {
                        inFlight.release();
                        progress.update(listed.get(), done.incrementAndGet(), false);
                    }
                });
            });
        } finally {
            pool.shutdown();
            try {
                while (!pool.awaitTermination(1, TimeUnit.SECONDS)) {
                    progress.update(listed.get(), done.get(), true);
                }
            } catch (InterruptedException e) {
                pool.shutdownNow();
                Thread.currentThread().interrupt();
            }
            progress.update(listed.get(), done.get(), true);
        }
    }

    private static void visitLookup(ObjectId id, Lookup lookup, Consumer<ObjectArchiveState> visit,
                                    BiConsumer<ObjectId, String> missing) {
        switch (lookup) {
            case Lookup.Found found -> visit.accept(found.state());
            case Lookup.Missing gone -> missing.accept(id, gone.detail());
            case Lookup.Failed failed -> missing.accept(id, failed.detail());
        }
    }
}
