package io.s3bulkrestore.monitor;

import io.s3bulkrestore.model.ObjectId;

import java.util.Objects;

/** One line of a results report: an object, how it ended, and the error code or explanation. */
public record ReportRow(ObjectId object, Kind kind, String error) {

    /** How an object ended, as the report's {@code outcome} column spells it. */
    public enum Kind {
        RESTORED("restored"),
        /**
         * Restored before the job was created, and still readable when the job registered it: no restore was
         * needed, and the job counts it restored.
         */
        ALREADY_RESTORED("already restored"),
        FAILED("failed"),
        /** Not archived (an Intelligent-Tiering access tier): readable without a restore. */
        NOT_ARCHIVED("not archived"),
        /** No restore completion was seen by the time the job ended. */
        MISSING("missing");

        private final String outcome;

        Kind(String outcome) {
            this.outcome = outcome;
        }

        public String outcome() {
            return outcome;
        }

        /** Counted restored in the job's counts: restored for the job, or already restored when it began. */
        public boolean isRestored() {
            return this == RESTORED || this == ALREADY_RESTORED;
        }

        /** The kind a report's {@code outcome} column names. */
        public static Kind ofOutcome(String outcome) {
            for (Kind kind : values()) {
                if (kind.outcome.equals(outcome)) {
                    return kind;
                }
            }
            throw new IllegalArgumentException("not a report outcome: " + outcome);
        }
    }

    public ReportRow {
        Objects.requireNonNull(object, "object");
        Objects.requireNonNull(kind, "kind");
        error = error == null ? "" : error;
    }

    /** A row as read back from a report's columns. */
    public ReportRow(ObjectId object, String outcome, String error) {
        this(object, Kind.ofOutcome(outcome), error);
    }

    /** The report's {@code outcome} column. */
    public String outcome() {
        return kind.outcome();
    }
}
