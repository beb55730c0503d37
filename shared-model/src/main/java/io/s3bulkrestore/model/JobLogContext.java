package io.s3bulkrestore.model;

/**
 * The log context key under which work on one job names it: while the monitor looks at a job, an ingest worker
 * registers a chunk of it, or the API answers about it, every log line carries {@value #KEY} (SLF4J's MDC, which
 * the functions' JSON layout writes as a field), so one query finds everything that happened to a job.
 */
public final class JobLogContext {

    public static final String KEY = "jobId";

    private JobLogContext() {
    }
}
