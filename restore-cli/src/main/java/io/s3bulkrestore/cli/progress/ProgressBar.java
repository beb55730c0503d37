package io.s3bulkrestore.cli.progress;

import java.io.PrintWriter;
import java.util.function.LongSupplier;

/**
 * One line on stderr, redrawn at most every 200 ms: a bar of done/listed, with "listing..." until the listing ends,
 * and an optional note after it (the jobs commands show the job's status there).
 */
public final class ProgressBar {

    private static final int WIDTH = 30;
    private static final long REDRAW_NANOS = 200_000_000L;

    private final PrintWriter err;
    private final LongSupplier nanoTime;
    private long lastDraw = Long.MIN_VALUE;
    private boolean drawn;

    public ProgressBar(PrintWriter err, LongSupplier nanoTime) {
        this.err = err;
        this.nanoTime = nanoTime;
    }

    public void update(long listed, long done, boolean listingDone) {
        update(listed, done, listingDone, "");
    }

    public synchronized void update(long listed, long done, boolean listingDone, String note) {
        long now = nanoTime.getAsLong();
        if (lastDraw != Long.MIN_VALUE && now - lastDraw < REDRAW_NANOS && !(listingDone && done == listed)) {
            return;
        }
        lastDraw = now;
        int filled = listed == 0 ? 0 : (int) Math.min(WIDTH, WIDTH * Math.max(0, done) / listed);
        err.print("\r[" + "#".repeat(filled) + " ".repeat(WIDTH - filled) + "] " + done + "/" + listed
                + (listingDone ? "" : " (listing...)") + (note.isEmpty() ? "" : "  " + note) + "   ");
        err.flush();
        drawn = true;
    }

    /** Ends the progress line so the next output starts on its own line. */
    public synchronized void finish() {
        if (drawn) {
            err.println();
            err.flush();
        }
    }
}
