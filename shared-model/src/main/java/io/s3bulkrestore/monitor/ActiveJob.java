package io.s3bulkrestore.monitor;

import io.s3bulkrestore.model.Job;

import java.util.Objects;

/** A job that is not terminal, with what the monitor remembers about it. */
public record ActiveJob(Job job, MonitorState state) {

    public ActiveJob {
        Objects.requireNonNull(job, "job");
        Objects.requireNonNull(state, "state");
    }
}
