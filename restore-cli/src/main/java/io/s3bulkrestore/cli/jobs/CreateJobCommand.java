package io.s3bulkrestore.cli.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;

@Command(name = "create", sortOptions = false, usageHelpAutoWidth = true,
        description = {
                "Create a restore job from a manifest, or from a source (a bucket and filters) without writing one.",
                "",
                "The job waits for confirmation: this command waits until its "
                        + "quote is ready (objects, bytes, cost per storage class, ready-by), prints it and asks "
                        + "\"Confirm? [y/N]\"; yes starts the job, no cancels it. --yes starts it without a quote. "
                        + "Without a terminal (or with --json) the quote is printed and the job left waiting for "
                        + "`s3-restore jobs confirm ID`.",
                ""},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                "0:created (and confirmed, or left waiting for confirmation)",
                "1:the API could not be reached or failed",
                "2:usage error, or the API refused the request (it names the field)",
                "3:the job Failed before its quote was ready",
                "4:the job was cancelled: you answered no, or it was cancelled while its quote was made"})
final class CreateJobCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @ArgGroup(exclusive = true, multiplicity = "1")
    CreateJobOptions what;

    @Option(names = "--tier", paramLabel = "TIER", description = "STANDARD or BULK. Default (the API's): STANDARD.")
    CreateJobOptions.Tier tier;

    @Option(names = "--days", paramLabel = "N",
            description = "Days a restored copy of a GLACIER / DEEP_ARCHIVE object stays (the API requires it for them; "
                    + "Intelligent-Tiering objects take none).")
    Integer days;

    @Option(names = "--client-tag", paramLabel = "TAG", description = "Your label for the job, in its notifications.")
    String clientTag;

    @Option(names = "--idempotency-key", paramLabel = "KEY",
            description = "Sent as Idempotency-Key: the same key again gives back the job it created instead of a second one.")
    String idempotencyKey;

    @Option(names = {"-y", "--yes"}, description = "Start the job without a quote to confirm (\"confirm\": \"auto\").")
    boolean yes;

    @Option(names = "--interval", paramLabel = "SECONDS", defaultValue = "2",
            description = "Seconds between two looks at the job while its quote is made (1..3600). Default: ${DEFAULT-VALUE}.")
    int intervalSeconds;

    @Mixin
    JobsOptions options;

    private final JobsContext context;

    CreateJobCommand(JobsContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws InterruptedException {
        if (intervalSeconds < 1 || intervalSeconds > 3600) {
            throw new ParameterException(spec.commandLine(), "--interval must be between 1 and 3600 seconds, was " + intervalSeconds);
        }
        var body = what.body(spec.commandLine(), tier, days, clientTag, yes);
        HttpJobsApi api = options.api(context, spec.commandLine());
        PrintWriter out = context.out();

        HttpJobsApi.Answer created = api.create(body, Optional.ofNullable(idempotencyKey));
        String id = created.json().path("JobId").asText("?");
        String replay = created.status() == 200 ? " (created earlier with this idempotency key)" : "";
        boolean toConfirm = body.path("confirm").asText().equals("manual");
        if (!toConfirm) {
            if (options.json()) {
                out.println(created.body());
            } else {
                out.println("Created job " + id + replay + ": " + created.json().path("Status").asText("?")
                        + ". Follow it with: s3-restore jobs watch " + id);
            }
            out.flush();
            return 0;
        }

        context.err().println("Created job " + id + replay + "; waiting for its quote (Ctrl-C leaves the job waiting: "
                + "s3-restore jobs get " + id + ").");
        context.err().flush();
        HttpJobsApi.Answer quoted = untilQuoted(api, id);
        JsonNode job = quoted.json();
        String status = job.path("Status").asText("?");
        Optional<TerminalStatus> ended = TerminalStatus.of(status);
        if (options.json()) {
            out.println(quoted.body());
        } else {
            JobText.job(job).forEach(out::println);
        }
        out.flush();
        if (ended.isPresent()) {
            context.err().println("Job " + id + " ended " + status + " before it was confirmed.");
            return ended.get().exitCode();
        }
        if (!TerminalStatus.AWAITING_CONFIRMATION.equals(status)) {
            context.err().println("Job " + id + " is " + status + ": it was confirmed meanwhile.");
            return 0;
        }
        Optional<String> answer = options.json() ? Optional.empty() : context.terminal().ask("Confirm? [y/N] ");
        if (answer.isEmpty()) {
            context.err().println("Not confirmed. Start it with: s3-restore jobs confirm " + id
                    + "  (or drop it: s3-restore jobs cancel " + id + ")");
            return 0;
        }
        if (isYes(answer.get())) {
            HttpJobsApi.Answer confirmed = api.confirm(id);
            out.println(ConfirmJobCommand.confirmed(id, confirmed.json().path("Status").asText("?")));
            out.flush();
            return 0;
        }
        api.cancel(id);
        out.println("Not confirmed: job " + id + " cancelled.");
        out.flush();
        return TerminalStatus.CANCELLED.exitCode();
    }

    /** The job once its quote is ready, or once it no longer waits for one (ended, or confirmed by someone else). */
    private HttpJobsApi.Answer untilQuoted(HttpJobsApi api, String id) throws InterruptedException {
        while (true) {
            HttpJobsApi.Answer answer = api.get(id);
            String status = answer.json().path("Status").asText();
            boolean waiting = TerminalStatus.AWAITING_CONFIRMATION.equals(status) || TerminalStatus.SUBMITTING.equals(status);
            if (!waiting || answer.json().path("Quote").path("Ready").asBoolean()) {
                return answer;
            }
            context.sleeper().sleep(Duration.ofSeconds(intervalSeconds));
        }
    }

    private static boolean isYes(String answer) {
        String text = answer.strip().toLowerCase(Locale.ROOT);
        return text.equals("y") || text.equals("yes");
    }
}
