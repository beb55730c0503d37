package io.s3bulkrestore.cli.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.util.Optional;
import java.util.concurrent.Callable;

@Command(name = "list", sortOptions = false, usageHelpAutoWidth = true,
        description = {"List jobs, newest first, following the API's pages (NextPageToken) to the end or to --limit.",
                "With --json: one document {\"Jobs\": [...], \"NextPageToken\": ...} holding every page's jobs as the "
                        + "API gave them; NextPageToken is where a longer list would go on (null at the end).", ""})
final class ListJobsCommand implements Callable<Integer> {

    /** The most jobs the API gives in one page. */
    static final int MAX_PAGE = 100;

    @Spec
    CommandSpec spec;

    @Option(names = "--status", paramLabel = "STATUS",
            description = "Only jobs in this status: AwaitingConfirmation, Submitting, Restoring, Complete, Failed, "
                    + "Cancelled or Timeout.")
    String status;

    @Option(names = "--limit", paramLabel = "N", description = "At most N jobs. Default: all.")
    Integer limit;

    @Mixin
    JobsOptions options;

    private final JobsContext context;

    ListJobsCommand(JobsContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        if (limit != null && limit < 1) {
            throw new ParameterException(spec.commandLine(), "--limit must be at least 1, was " + limit);
        }
        HttpJobsApi api = options.api(context, spec.commandLine());
        ArrayNode jobs = HttpJobsApi.JSON.createArrayNode();
        Optional<String> pageToken = Optional.empty();
        do {
            int page = limit == null ? MAX_PAGE : Math.min(MAX_PAGE, limit - jobs.size());
            JsonNode answer = api.list(Optional.ofNullable(status), pageToken, page).json();
            answer.path("Jobs").forEach(jobs::add);
            pageToken = Optional.ofNullable(answer.path("NextPageToken").textValue());
        } while (pageToken.isPresent() && (limit == null || jobs.size() < limit));

        if (options.json()) {
            ObjectNode document = HttpJobsApi.JSON.createObjectNode();
            document.set("Jobs", jobs);
            document.put("NextPageToken", pageToken.orElse(null));
            context.out().println(document.toPrettyString());
        } else if (jobs.isEmpty()) {
            context.out().println(status == null ? "No jobs." : "No jobs in status " + status + ".");
        } else {
            context.out().println(JobText.listHeader());
            jobs.forEach(job -> context.out().println(JobText.listLine(job)));
            pageToken.ifPresent(more -> context.out().println("(more: raise --limit)"));
        }
        context.out().flush();
        return 0;
    }
}
