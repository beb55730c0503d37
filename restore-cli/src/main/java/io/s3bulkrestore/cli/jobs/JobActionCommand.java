package io.s3bulkrestore.cli.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.List;
import java.util.concurrent.Callable;

/**
 * A jobs command that sends one request about one job and prints the answer: the API's JSON as it is with
 * {@code --json}, else a few lines for a person. The commands differ only in the request and the lines.
 */
abstract class JobActionCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    JobIdParameter job;

    @Mixin
    JobsOptions options;

    private final JobsContext context;

    JobActionCommand(JobsContext context) {
        this.context = context;
    }

    /** The request about job {@code id}. */
    abstract HttpJobsApi.Answer send(HttpJobsApi api, String id);

    /** What a person reads of the answer. */
    abstract List<String> text(String id, JsonNode answer);

    @Override
    public Integer call() {
        String id = job.id(spec.commandLine());
        HttpJobsApi.Answer answer = send(options.api(context, spec.commandLine()), id);
        if (options.json()) {
            context.out().println(answer.body());
        } else {
            text(id, answer.json()).forEach(context.out()::println);
        }
        context.out().flush();
        return 0;
    }
}
