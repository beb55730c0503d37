package io.s3bulkrestore.sandbox.batch;

import io.s3bulkrestore.model.ObjectId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.DelayQueue;
import java.util.concurrent.Delayed;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Makes restores finish the way S3 finishes them: some time after they were initiated, with an
 * {@code s3:ObjectRestore:Completed} event.
 *
 * <p>moto only moves an object's restore to "done" (and only then sends ObjectRestore:Completed to the
 * bucket's notification targets) when it next reads the object's restore status, i.e. on a HeadObject or
 * GetObject. Left alone, a restored object would never produce its Completed event. So every restore the
 * emulator initiates is queued here with a due time within the configured restore span, and a poller
 * HEADs each object once it is due. With moto's default ("immediate") state progression that HEAD is the
 * moment the restore completes.
 *
 * <p>moto's own delay ({@code POST /moto-api/state-manager/set-transition}, model {@code s3::keyrestore},
 * progression "time") is not used: its clock starts at PutObject rather than at RestoreObject, and before
 * the first transition the object reads as already restored, without an event.
 *
 * <p>Restores of Intelligent-Tiering objects from an archive tier ({@link IntelligentTieringTiers}) are queued the
 * same way, but moto knows nothing of them: when one is due, the completer moves the object to Frequent Access
 * (removes its tier tag) and tells the {@link TierRestoreListener}, which delivers the Completed event.
 */
final class RestoreCompleter implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RestoreCompleter.class);

    private final S3Client s3;
    private final Duration span;
    private final TierRestoreListener tierRestores;
    private final Clock clock;
    private final DelayQueue<Pending> pending = new DelayQueue<>();
    /** Intelligent-Tiering restores under way: a second request for one meets RestoreAlreadyInProgress. */
    private final Set<ObjectId> tierRestoresUnderWay = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService poller;
    private final AtomicLong completed = new AtomicLong();
    private volatile Instant lastCompletedAt;

    RestoreCompleter(S3Client s3, Duration span, Duration pollInterval, TierRestoreListener tierRestores,
                     Clock clock) {
        this.s3 = s3;
        this.span = span;
        this.tierRestores = tierRestores;
        this.clock = clock;
        this.poller = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "batch-emulator-restore-completer");
            thread.setDaemon(true);
            return thread;
        });
        long interval = Math.max(10, pollInterval.toMillis());
        poller.scheduleWithFixedDelay(this::completeDue, interval, interval, TimeUnit.MILLISECONDS);
    }

    /**
     * Schedules the completion of a restore just initiated. Objects are spread over the second half of the
     * span (deterministically, by key), so a demo's progress climbs instead of jumping.
     */
    void restoreInitiated(ObjectId object) {
        pending.add(new Pending(object, false, dueNanos(object)));
    }

    /**
     * Schedules the completion of an Intelligent-Tiering restore from an archive tier, spread as
     * {@link #restoreInitiated} spreads Glacier restores.
     *
     * @return false if a restore of the object is already under way (nothing is scheduled)
     */
    boolean tierRestoreInitiated(ObjectId object) {
        if (!tierRestoresUnderWay.add(object)) {
            return false;
        }
        pending.add(new Pending(object, true, dueNanos(object)));
        return true;
    }

    boolean tierRestoreUnderWay(ObjectId object) {
        return tierRestoresUnderWay.contains(object);
    }

    private long dueNanos(ObjectId object) {
        long spanMillis = span.toMillis();
        long delay = spanMillis / 2 + (spanMillis == 0 ? 0 : Math.floorMod(object.hashCode(), spanMillis / 2 + 1));
        return System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(delay);
    }

    /** Restores completed so far (objects HEADed after their span). */
    long completedCount() {
        return completed.get();
    }

    /** When the last restore completed (wall clock), if any did. */
    Optional<Instant> lastCompletedAt() {
        return Optional.ofNullable(lastCompletedAt);
    }

    int pendingCount() {
        return pending.size();
    }

    private void completeDue() {
        for (Pending due = pending.poll(); due != null; due = pending.poll()) {
            ObjectId object = due.object();
            try {
                HeadObjectResponse head = s3.headObject(b -> b.bucket(object.bucket()).key(object.key())
                        .versionId(object.versionId()));
                if (due.tierRestore()) {
                    completeTierRestore(object, head);
                }
                completed.incrementAndGet();
                lastCompletedAt = Instant.now();
            } catch (SdkException e) {
                // Deleted since, or moto is going away: nothing will be restored, as in S3.
                LOG.debug("could not complete the restore of {}: {}", object, e.toString());
            } catch (RuntimeException e) {
                LOG.warn("restore completer failed on {}", object, e);
            } finally {
                if (due.tierRestore()) {
                    tierRestoresUnderWay.remove(object);
                }
            }
        }
    }

    /** What S3 does at the end of an Intelligent-Tiering restore: back to Frequent Access, then the event. */
    private void completeTierRestore(ObjectId object, HeadObjectResponse head) {
        IntelligentTieringTiers.moveToFrequentAccess(s3, object);
        TierRestoreCompleted event = new TierRestoreCompleted(object, head.contentLength() == null ? 0
                : head.contentLength(), head.eTag() == null ? "" : head.eTag().replace("\"", ""), clock.instant());
        try {
            tierRestores.restoreCompleted(event);
        } catch (RuntimeException e) {
            LOG.warn("the Completed event of the Intelligent-Tiering restore of {} could not be delivered", object, e);
        }
    }

    @Override
    public void close() {
        poller.shutdownNow();
    }

    /** @param tierRestore an Intelligent-Tiering restore from an archive tier, not a Glacier one */
    private record Pending(ObjectId object, boolean tierRestore, long dueNanos) implements Delayed {

        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(dueNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
        }

        @Override
        public int compareTo(Delayed other) {
            return Long.compare(dueNanos, ((Pending) other).dueNanos);
        }
    }
}
