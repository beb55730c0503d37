package io.s3bulkrestore.cli;

import io.s3bulkrestore.adapters.AwsClients;
import io.s3bulkrestore.cli.jobs.JobsApiException;
import io.s3bulkrestore.cli.jobs.JobsCommand;
import io.s3bulkrestore.cli.jobs.JobsContext;
import io.s3bulkrestore.cli.jobs.Terminal;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.PrintWriter;
import java.util.Map;
import java.util.function.Function;

/** s3-restore: the entry point. Wires real clients and the terminal; everything else is in the commands. */
@Command(name = "s3-restore", mixinStandardHelpOptions = true, version = "s3-restore 0.1.0",
        usageHelpAutoWidth = true,
        description = {
                "Restore archived S3 objects (Glacier Flexible Retrieval, Deep Archive, Intelligent-Tiering archive "
                        + "tiers) one key or one prefix at a time, directly with RestoreObject.",
                "For millions of objects and bulk notifications use the s3-bulk-restore service instead: "
                        + "`s3-restore jobs` creates and follows its jobs.",
                "Credentials: the AWS SDK's default chain, or --profile."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:all done", "1:some objects failed", "2:usage error",
                "3-5:jobs: the job Failed, was Cancelled, Timed out (see s3-restore jobs --help)"})
public final class S3RestoreCli implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a command: restore, status or jobs");
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        Map<String, String> env = System.getenv();
        Function<ConnectionOptions, S3Client> s3 = options -> {
            AwsClients clients = AwsClients.forCli(options.region(), options.profile(), options.endpoint(), env);
            return clients.s3(); // the CLI exits after one command; the shared HTTP client dies with the JVM
        };
        JobsContext jobs = new JobsContext(out, err, env, JobsContext.defaultConfigFile(System.getProperty("user.home")),
                JobsContext.defaultHttpClient(), Terminal.console(), JobsContext.Sleeper.REAL, stderrIsTerminal());
        System.exit(commandLine(new CliContext(s3, out, err, stderrIsTerminal()), jobs).execute(args));
    }

    /** The whole command tree; tests build it with their own contexts. */
    static CommandLine commandLine(CliContext context, JobsContext jobs) {
        CommandLine cli = new CommandLine(new S3RestoreCli())
                .addSubcommand("restore", new RestoreCommand(context))
                .addSubcommand("status", new StatusCommand(context))
                .addSubcommand("jobs", JobsCommand.commandLine(jobs))
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setOut(context.out())
                .setErr(context.err());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof JobsApiException api) {
                commandLine.getErr().println("error: " + api.getMessage());
                return api.exitCode();
            }
            // Unexpected failures: one line for the user, the details in the WARN log.
            org.slf4j.LoggerFactory.getLogger(S3RestoreCli.class).warn("s3-restore failed", e);
            if (e instanceof software.amazon.awssdk.awscore.exception.AwsServiceException aws) {
                commandLine.getErr().println("error: S3 answered HTTP " + aws.statusCode() + " "
                        + (aws.awsErrorDetails() == null ? "" : aws.awsErrorDetails().errorCode())
                        + " (AWS request id " + aws.requestId() + ")");
            } else if (e instanceof software.amazon.awssdk.core.exception.SdkClientException) {
                commandLine.getErr().println("error: could not reach S3 or find credentials (see the log line above)");
            } else {
                commandLine.getErr().println("error: " + e.getClass().getSimpleName());
            }
            return 1;
        });
        return cli;
    }

    /** JDK 22+ can say whether the console is a terminal; on 21 a console exists only when it is one. */
    private static boolean stderrIsTerminal() {
        java.io.Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException olderJdk) {
            return true;
        }
    }
}
