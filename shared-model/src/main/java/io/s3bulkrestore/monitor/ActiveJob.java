package io.s3bulkrestore.monitor;

import io.s3bulkrestore.model.Job;

import java.util.Objects;

/**
 * A job that is not terminal, with what the monitor remembers about it.
 *
 * @param recorded whether the job's objects are registered in this version's object records: false for a job that
 *                 was running when the stack was upgraded from tracking version 1, whose memberships stayed in the
 *                 old table (the monitor registers its objects again, see {@link MonitorJobs})
 */
public record ActiveJob(Job job, MonitorState state, boolean recorded) {

    public ActiveJob {
        Objects.requireNonNull(job, "job");
        Objects.requireNonNull(state, "state");
    }

    /** A job of this version. */
    public ActiveJob(Job job, MonitorState state) {
        this(job, state, true);
    }
}
