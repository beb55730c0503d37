package io.s3bulkrestore.cli.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import io.s3bulkrestore.cli.progress.ProgressBar;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;

@Command(name = "watch", sortOptions = false, usageHelpAutoWidth = true,
        description = {"Follow a job until it ends: a progress bar on stderr (a line per change when stderr is not a "
                + "terminal), then the job as `get` prints it; the exit code says how it ended. Up to "
                + WatchJobCommand.MAX_FAILURES_IN_A_ROW + " failed looks in a row (5xx, network) are retried.", ""},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:Complete (objects that failed are in the report)", "1:the API could not be reached or failed",
                "2:usage error, or the API refused (an unknown job)", "3:Failed", "4:Cancelled", "5:Timeout"})
final class WatchJobCommand implements Callable<Integer> {

    static final int MAX_FAILURES_IN_A_ROW = 3;

    @Spec
    CommandSpec spec;

    @Mixin
    JobIdParameter job;

    @Option(names = "--interval", paramLabel = "SECONDS", defaultValue = "5",
            description = "Seconds between two GET /jobs/{id} (1..3600). Default: ${DEFAULT-VALUE}.")
    int intervalSeconds;

    @Mixin
    JobsOptions options;

    private final JobsContext context;

    WatchJobCommand(JobsContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws InterruptedException {
        if (intervalSeconds < 1 || intervalSeconds > 3600) {
            throw new ParameterException(spec.commandLine(), "--interval must be between 1 and 3600 seconds, was " + intervalSeconds);
        }
        String id = job.id(spec.commandLine());
        HttpJobsApi api = options.api(context, spec.commandLine());
        Progress progress = context.stderrIsTerminal() ? new Bar(new ProgressBar(context.err(), System::nanoTime))
                : new Lines(context);
        boolean toldAwaiting = false;
        int failuresInARow = 0;
        while (true) {
            HttpJobsApi.Answer answer;
            try {
                answer = api.get(id);
                failuresInARow = 0;
            } catch (JobsApiException e) {
                // A watch lasts hours: ride out a few API blips (5xx, network), never a 4xx.
                if (e.exitCode() == 2 || ++failuresInARow > MAX_FAILURES_IN_A_ROW) {
                    progress.finish();
                    throw e;
                }
                progress.finish();
                context.err().println("warning: " + e.getMessage() + "; trying again (" + failuresInARow + " of "
                        + MAX_FAILURES_IN_A_ROW + ")");
                context.sleeper().sleep(Duration.ofSeconds(intervalSeconds));
                continue;
            }
            JsonNode view = answer.json();
            String status = view.path("Status").asText("?");
            progress.show(view);
            if (TerminalStatus.AWAITING_CONFIRMATION.equals(status) && !toldAwaiting) {
                progress.finish();
                context.err().println("Job " + id + " waits for confirmation: s3-restore jobs get " + id
                        + " shows its quote, s3-restore jobs confirm " + id + " starts it.");
                toldAwaiting = true;
            }
            Optional<TerminalStatus> ended = TerminalStatus.of(status);
            if (ended.isPresent()) {
                progress.finish();
                if (options.json()) {
                    context.out().println(answer.body());
                } else {
                    JobText.job(view).forEach(context.out()::println);
                }
                context.out().flush();
                return ended.get().exitCode();
            }
            context.sleeper().sleep(Duration.ofSeconds(intervalSeconds));
        }
    }

    private interface Progress {
        void show(JsonNode job);

        void finish();
    }

    /** On a terminal: the module's bar, objects done of the total, the status and counts after it. */
    private record Bar(ProgressBar bar) implements Progress {
        @Override
        public void show(JsonNode job) {
            boolean counted = job.hasNonNull("TotalObjects");
            long total = job.path("TotalObjects").asLong();
            long done = counted && job.hasNonNull("PendingObjects") ? total - job.get("PendingObjects").asLong()
                    : job.path("RestoredObjects").asLong() + job.path("FailedObjects").asLong()
                    + job.path("SkippedObjects").asLong();
            bar.update(counted ? total : 0, done, counted, JobText.progressNote(job));
        }

        @Override
        public void finish() {
            bar.finish();
        }
    }

    /** In a log: a line when the status or the percentage changes. */
    private static final class Lines implements Progress {
        private final JobsContext context;
        private String last = "";

        Lines(JobsContext context) {
            this.context = context;
        }

        @Override
        public void show(JsonNode job) {
            String line = job.path("Status").asText("?") + "  " + JobText.progress(job);
            String key = job.path("Status").asText() + job.path("ProgressPercent").asText();
            if (!key.equals(last)) {
                context.err().println(line);
                context.err().flush();
                last = key;
            }
        }

        @Override
        public void finish() {
        }
    }
}
