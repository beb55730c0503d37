package io.s3bulkrestore.cli.jobs;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

@Command(name = "get", sortOptions = false, usageHelpAutoWidth = true,
        description = {"Show one job: status, what it restores, progress, its Batch Operations jobs, its quote.", ""})
final class GetJobCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    JobIdParameter job;

    @Mixin
    JobsOptions options;

    private final JobsContext context;

    GetJobCommand(JobsContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        String id = job.id(spec.commandLine());
        HttpJobsApi.Answer answer = options.api(context, spec.commandLine()).get(id);
        if (options.json()) {
            context.out().println(answer.body());
        } else {
            JobText.job(answer.json()).forEach(context.out()::println);
        }
        context.out().flush();
        return 0;
    }
}
