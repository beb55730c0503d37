package io.s3bulkrestore.cli.jobs;

import picocli.CommandLine;
import picocli.CommandLine.Parameters;

/** The job id that get, confirm, watch and cancel take. */
public final class JobIdParameter {

    @Parameters(index = "0", paramLabel = "ID", description = "The job's id (JobId, as create and list print it).")
    String id;

    String id(CommandLine commandLine) {
        if (!HttpJobsApi.isJobId(id)) {
            throw new CommandLine.ParameterException(commandLine, "'" + id + "' is not a job id (JobId is a UUID)");
        }
        return id;
    }
}
