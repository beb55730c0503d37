package io.s3bulkrestore.monitor;

import io.s3bulkrestore.model.JobStatus;

import java.util.Optional;

/** What the monitor should do about a job this tick. */
public sealed interface Notice {

    /** Nothing to publish. */
    record Nothing() implements Notice {
    }

    /** Publish Restoring at this progress step (a multiple of the step size, below 100). */
    record Progress(int step) implements Notice {
    }

    /** Check pending objects against S3 before deciding: the deadline passed and they were not checked yet. */
    record ReconcileFirst() implements Notice {
    }

    /**
     * The deadline passed before every manifest chunk was ingested (a chunk is in the ingest DLQ and was not
     * redriven): finish the job, Cancelled if the user asked to cancel, else Failed with a reason that starts
     * with {@code INGEST_INCOMPLETE} and names the chunks that were never ingested.
     */
    record IngestIncomplete(boolean cancelled) implements Notice {
    }

    /** Publish the job's one terminal notification and finish it. */
    record Finish(JobStatus status, Optional<String> reason) implements Notice {
        public Finish {
            if (!status.isTerminal()) {
                throw new IllegalArgumentException("not a terminal status: " + status);
            }
        }
    }
}
