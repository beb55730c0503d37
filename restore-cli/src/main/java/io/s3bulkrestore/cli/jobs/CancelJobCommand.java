package io.s3bulkrestore.cli.jobs;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

@Command(name = "cancel", sortOptions = false, usageHelpAutoWidth = true,
        description = {"Cancel a job: one waiting for confirmation ends Cancelled at once; a running one stops "
                + "its Batch Operations jobs and ends Cancelled with a report of what was restored. Restores "
                + "already started in S3 still finish.", ""})
final class CancelJobCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    JobIdParameter job;

    @Mixin
    JobsOptions options;

    private final JobsContext context;

    CancelJobCommand(JobsContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        String id = job.id(spec.commandLine());
        HttpJobsApi.Answer answer = options.api(context, spec.commandLine()).cancel(id);
        if (options.json()) {
            context.out().println(answer.body());
        } else {
            String status = answer.json().path("Status").asText("?");
            context.out().println(TerminalStatus.CANCELLED.apiName().equals(status)
                    ? "Cancelled: job " + id + "."
                    : "Cancel requested: job " + id + " is " + status + " and ends Cancelled once its Batch Operations "
                    + "jobs stop (s3-restore jobs watch " + id + ").");
        }
        context.out().flush();
        return 0;
    }
}
