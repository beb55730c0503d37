package io.s3bulkrestore.cli.jobs;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code s3-restore jobs}: the s3-bulk-restore service's jobs, over its REST API. */
@Command(name = "jobs", usageHelpAutoWidth = true, mixinStandardHelpOptions = false,
        description = {
                "Restore jobs of the s3-bulk-restore service (a deployed stack, or ./sandbox serve), over its REST API.",
                "",
                "The API's URL and key come from --api-url / --api-key, else the environment variables "
                        + ApiEndpoint.URL_VARIABLE + " / " + ApiEndpoint.KEY_VARIABLE + ", else the profile file "
                        + "~/.config/s3-bulk-restore/config:",
                "  [profile default]",
                "  api_url = https://abc123.execute-api.eu-west-1.amazonaws.com/Prod",
                "  api_key = ...",
                "(another profile with --api-profile NAME).",
                ""},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                "0:done (watch, create: the job is Complete, created, or waits for confirmation)",
                "1:the API could not be reached or failed (5xx)",
                "2:usage error, or the API refused the request (4xx: a bad option, an unknown job, a state that "
                        + "does not allow it)",
                "3:the job Failed (watch, create)",
                "4:the job was Cancelled (watch; create when you answer no to the quote)",
                "5:the job Timed out (watch)"})
public final class JobsCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "name a jobs command: create, confirm, get, list, watch or cancel");
    }

    /** The jobs command with its subcommands. */
    public static CommandLine commandLine(JobsContext context) {
        return new CommandLine(new JobsCommand())
                .addSubcommand("create", new CreateJobCommand(context))
                .addSubcommand("confirm", new ConfirmJobCommand(context))
                .addSubcommand("get", new GetJobCommand(context))
                .addSubcommand("list", new ListJobsCommand(context))
                .addSubcommand("watch", new WatchJobCommand(context))
                .addSubcommand("cancel", new CancelJobCommand(context));
    }
}
