package io.s3bulkrestore.cli.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;

import java.util.List;

@Command(name = "confirm", sortOptions = false, usageHelpAutoWidth = true,
        description = {"Start a job that waits for confirmation (AwaitingConfirmation, with its quote ready): the "
                + "quote `s3-restore jobs get ID` shows is what you agree to. Confirming a started job again does "
                + "nothing.", ""})
final class ConfirmJobCommand extends JobActionCommand {

    ConfirmJobCommand(JobsContext context) {
        super(context);
    }

    @Override
    HttpJobsApi.Answer send(HttpJobsApi api, String id) {
        return api.confirm(id);
    }

    @Override
    List<String> text(String id, JsonNode answer) {
        return List.of(confirmed(id, answer.path("Status").asText("?")));
    }

    static String confirmed(String id, String status) {
        return "Confirmed: job " + id + " is " + status + ". Follow it with: s3-restore jobs watch " + id;
    }
}
