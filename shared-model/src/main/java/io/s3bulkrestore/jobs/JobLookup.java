package io.s3bulkrestore.jobs;

import io.s3bulkrestore.model.ErrorCode;
import io.s3bulkrestore.model.Job;
import io.s3bulkrestore.model.JobId;
import io.s3bulkrestore.model.JobStatus;
import io.s3bulkrestore.model.ServiceException;
import io.s3bulkrestore.ports.JobStore;

import java.util.Optional;

/** Reads jobs for the API. */
public final class JobLookup {

    public static final int DEFAULT_PAGE_SIZE = 25;
    public static final int MAX_PAGE_SIZE = 100;

    private final JobStore jobs;

    public JobLookup(JobStore jobs) {
        this.jobs = jobs;
    }

    public Job get(String jobId) {
        if (!JobId.isWellFormed(jobId)) {
            throw new ServiceException(ErrorCode.NOT_FOUND, "no job with id '" + jobId + "'", "id", null);
        }
        return jobs.find(new JobId(jobId)).orElseThrow(() ->
                new ServiceException(ErrorCode.NOT_FOUND, "no job with id '" + jobId + "'", "id", null));
    }

    public JobStore.JobPage list(Optional<String> status, Optional<String> pageToken, Optional<String> limit) {
        Optional<JobStatus> filter = status.map(name -> {
            try {
                return JobStatus.fromDisplayName(name);
            } catch (IllegalArgumentException e) {
                throw ServiceException.invalid("status", "status must be one of " + java.util.Arrays.stream(
                        JobStatus.values()).map(JobStatus::displayName).collect(java.util.stream.Collectors.joining(", "))
                        + "; got '" + name + "'");
            }
        });
        int pageSize = limit.map(JobLookup::parseLimit).orElse(DEFAULT_PAGE_SIZE);
        return jobs.list(filter, pageToken, pageSize);
    }

    private static int parseLimit(String text) {
        try {
            int value = Integer.parseInt(text);
            if (value >= 1 && value <= MAX_PAGE_SIZE) {
                return value;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw ServiceException.invalid("limit", "limit must be a whole number from 1 to " + MAX_PAGE_SIZE
                + ", got '" + text + "'");
    }
}
