package io.s3bulkrestore.monitor;

import io.s3bulkrestore.model.CopySpec;
import io.s3bulkrestore.tracking.MemberOutcome;
import io.s3bulkrestore.tracking.Membership;

import io.s3bulkrestore.model.ObjectId;

import java.util.Objects;
import java.util.Optional;

/**
 * One line of a results report: an object, how it ended, and the error code or explanation; for a job that copies,
 * also how its copy ended ({@link CopyColumns}).
 */
public record ReportRow(ObjectId object, Kind kind, String error, Optional<CopyColumns> copy) {

    /**
     * The copy columns of a job that copies: {@code copy_outcome} ({@code copied}, {@code copy failed},
     * {@code expired before copy}, {@code not copied} for a restored object whose copy was not made by the end, or
     * empty for an object that was not restored), {@code copy_error} and {@code destination} ({@code s3://bucket/key}).
     */
    public record CopyColumns(String outcome, String error, String destination) {

        public static final String COPIED = "copied";
        public static final String COPY_FAILED = "copy failed";
        public static final String EXPIRED = "expired before copy";
        public static final String NOT_COPIED = "not copied";

        public CopyColumns {
            Objects.requireNonNull(outcome, "outcome");
            Objects.requireNonNull(error, "error");
            Objects.requireNonNull(destination, "destination");
        }

        /** The copy columns of a member of a job that copies as {@code spec} says. */
        public static CopyColumns of(MemberOutcome member, CopySpec spec) {
            String destination = spec.destinationOf(member.object()).orElse("");
            if (member.settlement() != Membership.Settlement.CREDITED) {
                return new CopyColumns("", "", destination);
            }
            return member.countedCopy().map(result -> switch (result.kind()) {
                case COPIED -> new CopyColumns(COPIED, "", destination);
                case FAILED -> new CopyColumns(COPY_FAILED, result.code().orElse(""), destination);
                case EXPIRED -> new CopyColumns(EXPIRED, result.code().orElse(""), destination);
            }).orElse(new CopyColumns(NOT_COPIED, "no copy was made by the time the job ended", destination));
        }
    }

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
        Objects.requireNonNull(copy, "copy");
        error = error == null ? "" : error;
    }

    /** A row of a job that does not copy. */
    public ReportRow(ObjectId object, Kind kind, String error) {
        this(object, kind, error, Optional.empty());
    }

    public ReportRow withCopy(CopyColumns columns) {
        return new ReportRow(object, kind, error, Optional.of(columns));
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
