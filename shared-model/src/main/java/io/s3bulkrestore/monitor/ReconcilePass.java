package io.s3bulkrestore.monitor;

import io.s3bulkrestore.model.JobCounts;
import io.s3bulkrestore.tracking.CopyResult;
import io.s3bulkrestore.tracking.MemberOutcome;
import io.s3bulkrestore.tracking.Membership.Settlement;

import java.util.Optional;

/**
 * Where a reconciliation pass over a job's objects stands, as it is kept between ticks: whether it is the last
 * pass before an ending, the page it continues at, and what the pages it read said of the objects (restored,
 * failed, not archived, still pending after S3 was asked). A pass that read every page from the first knows the
 * job's exact counts, whatever its counters say (a stream batch the tally function never added, DESIGN §3).
 *
 * <p>Stored as {@code [final:]<restored>,<failed>,<skipped>,<pending>[,<copied>,<copy failed>];<page token>};
 * anything else (a position written by an older version) starts the pass again from the first page.
 */
record ReconcilePass(boolean finalPass, JobCounts seen, long pending, Optional<String> page) {

    private static final String FINAL = "final:";

    static ReconcilePass start(boolean finalPass) {
        return new ReconcilePass(finalPass, JobCounts.NONE, 0, Optional.empty());
    }

    /** The stored position, if it is one of a pass of this kind; otherwise a new pass. */
    static ReconcilePass resume(Optional<String> stored, boolean finalPass) {
        if (stored.isEmpty() || stored.get().startsWith(FINAL) != finalPass) {
            return start(finalPass);
        }
        String text = finalPass ? stored.get().substring(FINAL.length()) : stored.get();
        int semicolon = text.indexOf(';');
        String[] counts = semicolon < 0 ? new String[0] : text.substring(0, semicolon).split(",");
        if (counts.length != 4 && counts.length != 6) {
            return start(finalPass);
        }
        try {
            JobCounts seen = new JobCounts(Long.parseLong(counts[0]), Long.parseLong(counts[1]),
                    Long.parseLong(counts[2]), counts.length == 6 ? Long.parseLong(counts[4]) : 0,
                    counts.length == 6 ? Long.parseLong(counts[5]) : 0);
            String page = text.substring(semicolon + 1);
            return new ReconcilePass(finalPass, seen, Long.parseLong(counts[3]),
                    page.isEmpty() ? Optional.empty() : Optional.of(page));
        } catch (NumberFormatException e) {
            return start(finalPass);
        }
    }

    /** The pass after one more object, as it stands once S3 was asked about it if it was pending. */
    ReconcilePass counting(MemberOutcome outcome, boolean foundRestored) {
        JobCounts one = switch (outcome.settlement()) {
            case CREDITED -> new JobCounts(1, 0, 0);
            case FAILED -> new JobCounts(0, 1, 0);
            case SKIPPED -> new JobCounts(0, 0, 1);
            case PENDING -> foundRestored ? new JobCounts(1, 0, 0) : JobCounts.NONE;
        };
        Optional<CopyResult> copy = outcome.countedCopy();
        if (copy.isPresent()) {
            one = one.plus(copy.get().isCopied() ? new JobCounts(0, 0, 0, 1, 0) : new JobCounts(0, 0, 0, 0, 1));
        }
        boolean stillPending = outcome.settlement() == Settlement.PENDING && !foundRestored;
        return new ReconcilePass(finalPass, seen.plus(one), pending + (stillPending ? 1 : 0), page);
    }

    ReconcilePass at(Optional<String> nextPage) {
        return new ReconcilePass(finalPass, seen, pending, nextPage);
    }

    boolean ended() {
        return page.isEmpty();
    }

    /** How it is stored while the pass goes on. */
    String encoded() {
        String copies = seen.copied() + seen.copyFailed() > 0 ? "," + seen.copied() + "," + seen.copyFailed() : "";
        return (finalPass ? FINAL : "") + seen.restored() + "," + seen.failed() + "," + seen.skipped() + "," + pending
                + copies + ";" + page.orElse("");
    }
}
