package io.s3bulkrestore.cli.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;

import java.util.List;

@Command(name = "get", sortOptions = false, usageHelpAutoWidth = true,
        description = {"Show one job: status, what it restores, progress, its Batch Operations jobs, its quote.", ""})
final class GetJobCommand extends JobActionCommand {

    GetJobCommand(JobsContext context) {
        super(context);
    }

    @Override
    HttpJobsApi.Answer send(HttpJobsApi api, String id) {
        return api.get(id);
    }

    @Override
    List<String> text(String id, JsonNode answer) {
        return JobText.job(answer);
    }
}
