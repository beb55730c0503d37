package io.s3bulkrestore.cli.jobs;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

@Command(name = "confirm", sortOptions = false, usageHelpAutoWidth = true,
        description = {"Start a job that waits for confirmation (AwaitingConfirmation, with its quote ready): the "
                + "quote `s3-restore jobs get ID` shows is what you agree to. Confirming a started job again does "
                + "nothing.", ""})
final class ConfirmJobCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    JobIdParameter job;

    @Mixin
    JobsOptions options;

    private final JobsContext context;

    ConfirmJobCommand(JobsContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        String id = job.id(spec.commandLine());
        HttpJobsApi.Answer answer = options.api(context, spec.commandLine()).confirm(id);
        if (options.json()) {
            context.out().println(answer.body());
        } else {
            context.out().println(confirmed(id, answer.json().path("Status").asText("?")));
        }
        context.out().flush();
        return 0;
    }

    static String confirmed(String id, String status) {
        return "Confirmed: job " + id + " is " + status + ". Follow it with: s3-restore jobs watch " + id;
    }
}
