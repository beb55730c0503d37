package io.s3bulkrestore.cli.progress;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class ProgressBarTest {

    private static final long MILLIS = 1_000_000L;

    private final StringWriter err = new StringWriter();
    private final AtomicLong now = new AtomicLong(5_000 * MILLIS);
    private final ProgressBar bar = new ProgressBar(new PrintWriter(err), now::get);

    @Test
    void shouldFillTheShareDoneOfWhatIsListedAndSayTheListingGoesOn() {
        bar.update(10, 5, false);

        assertThat(err.toString()).isEqualTo("\r[###############               ] 5/10 (listing...)   ");
    }

    @Test
    void shouldDrawAnEmptyBarBeforeAnythingIsListedAndAFullOneAtMost() {
        bar.update(0, 0, false);
        now.addAndGet(200 * MILLIS);
        bar.update(2, 3, false);

        assertThat(err.toString()).isEqualTo("\r[                              ] 0/0 (listing...)   "
                + "\r[##############################] 3/2 (listing...)   ");
    }

    @Test
    void shouldRedrawAtMostEvery200Milliseconds() {
        bar.update(100, 1, false);
        now.addAndGet(199 * MILLIS);
        bar.update(100, 2, false);
        now.addAndGet(MILLIS);
        bar.update(100, 3, false);

        assertThat(err.toString()).contains("1/100").doesNotContain("2/100").contains("3/100");
    }

    @Test
    void shouldAlwaysDrawTheEndEvenRightAfterAnotherDraw() {
        bar.update(3, 2, false);
        now.addAndGet(MILLIS);
        bar.update(3, 3, true);

        assertThat(err.toString()).endsWith("\r[##############################] 3/3   ");
    }

    @Test
    void shouldPutTheNoteAfterTheCounts() {
        bar.update(1234, 617, true, "Restoring  617 restored, 0 failed");

        assertThat(err.toString()).isEqualTo("\r[###############               ] 617/1234  Restoring  617 restored, 0 failed   ");
    }

    @Test
    void shouldEndTheLineOnlyWhenABarWasDrawn() {
        bar.finish();
        assertThat(err.toString()).isEmpty();

        bar.update(1, 1, true);
        bar.finish();
        assertThat(err.toString()).endsWith("   " + System.lineSeparator());
    }
}
