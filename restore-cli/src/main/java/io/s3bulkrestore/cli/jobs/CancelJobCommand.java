package io.s3bulkrestore.cli.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;

import java.util.List;

@Command(name = "cancel", sortOptions = false, usageHelpAutoWidth = true,
        description = {"Cancel a job: one waiting for confirmation ends Cancelled at once; a running one stops "
                + "its Batch Operations jobs and ends Cancelled with a report of what was restored. Restores "
                + "already started in S3 still finish.", ""})
final class CancelJobCommand extends JobActionCommand {

    CancelJobCommand(JobsContext context) {
        super(context);
    }

    @Override
    HttpJobsApi.Answer send(HttpJobsApi api, String id) {
        return api.cancel(id);
    }

    @Override
    List<String> text(String id, JsonNode answer) {
        String status = answer.path("Status").asText("?");
        return List.of(TerminalStatus.CANCELLED.apiName().equals(status)
                ? "Cancelled: job " + id + "."
                : "Cancel requested: job " + id + " is " + status + " and ends Cancelled once its Batch Operations "
                + "jobs stop (s3-restore jobs watch " + id + ").");
    }
}
