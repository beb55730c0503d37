package io.s3bulkrestore.sandbox.batch;

/** Spaces tasks out to a rate; a rate of 0 or less means as fast as S3 answers. */
final class TaskPacer {

    private final long intervalNanos;
    private long next;

    TaskPacer(double tasksPerSecond) {
        this.intervalNanos = tasksPerSecond <= 0 ? 0 : (long) (1_000_000_000L / tasksPerSecond);
        this.next = System.nanoTime();
    }

    void awaitTurn() throws InterruptedException {
        if (intervalNanos == 0) {
            return;
        }
        long wait = next - System.nanoTime();
        if (wait > 0) {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
        // Catching up after a slow call is allowed, but never by more than one second's worth of tasks.
        next = Math.max(next, System.nanoTime() - 1_000_000_000L) + intervalNanos;
    }
}
