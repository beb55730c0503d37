package io.s3bulkrestore.cli.jobs;

import io.s3bulkrestore.cli.JobsCliRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Usage errors are found before any request: the API URL below points nowhere, and no test reaches it. */
class JobsCliParsingTest {

    private static final String NOWHERE = "--api-url=http://127.0.0.1:9 --api-key=k ";

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "jobs                                                         | name a jobs command",
            "jobs create                                                  | Missing required argument",
            "jobs create --manifest s3://b/k --bucket b                   | mutually exclusive",
            "jobs create --manifest s3://b/k --quote                      | Unknown option: '--quote'",
            "jobs create --prefix p                                       | Missing required argument",
            "jobs create --manifest b/k                                   | --manifest must be s3://BUCKET/KEY, got 'b/k'",
            "jobs create --manifest s3://b/                               | --manifest must be s3://BUCKET/KEY",
            "jobs create --manifest s3:///k                               | --manifest must be s3://BUCKET/KEY",
            "jobs create --manifest s3://b/k --storage DEEP               | Invalid value for option '--storage'",
            "jobs create --manifest s3://b/k --manifest-format parquet    | Invalid value for option '--manifest-format'",
            "jobs create --bucket b --prefix a/ --prefix b/               | --prefix may be given once: S3 Batch Operations' KeyNameConstraint takes one prefix",
            "jobs create --bucket b --substring a --substring b           | --substring may be given once",
            "jobs create --bucket b --tier EXPEDITED                      | Invalid value for option '--tier'",
            "jobs create --bucket b --created-after yesterday             | 'yesterday' is neither a time",
            "jobs create --bucket b --size-less-than -1                   | --size-less-than must not be negative",
            "jobs create --bucket b --days seven                          | Invalid value for option '--days'",
            "jobs create --bucket b --interval 0                          | --interval must be between 1 and 3600",
            "jobs watch                                                   | Missing required parameter: 'ID'",
            "jobs watch ../admin                                          | '../admin' is not a job id",
            "jobs watch 5f0c8f7e --interval 0                             | --interval must be between 1 and 3600",
            "jobs list --limit 0                                          | --limit must be at least 1",
            "jobs get a b                                                 | Unmatched argument",
            "jobs frobnicate                                              | Unmatched argument",
    })
    void shouldExitTwoWithAClearMessageOnUsageErrors(String args, String message) {
        String[] words = args.trim().split("\\s+");
        String[] all = new String[words.length + (words.length > 1 ? 2 : 0)];
        System.arraycopy(words, 0, all, 0, words.length);
        if (words.length > 1) { // the options go to the subcommand, not to the jobs group
            String[] api = NOWHERE.trim().split(" ");
            System.arraycopy(api, 0, all, words.length, 2);
        }

        JobsCliRun.Result run = new JobsCliRun().run(all);

        assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
        assertThat(run.err()).contains(message);
    }

    @Test
    void shouldAcceptTiersStoragesAndFormatsInAnyCase() {
        JobsCliRun.Result run = new JobsCliRun().run("jobs", "create", "--manifest", "s3://b/k", "--tier", "bulk",
                "--storage", "glacier", "--manifest-format", "inventory", "--bogus");

        assertThat(run.err()).doesNotContain("Invalid value").contains("Unknown option: '--bogus'");
    }

    @Test
    void shouldNameEveryPlaceTheApiUrlCanComeFromWhenNoneIsSet() {
        JobsCliRun.Result run = new JobsCliRun().run("jobs", "get", ContractResponses.JOB_ID);

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("no API URL: pass --api-url, set S3_BULK_RESTORE_API_URL, or put api_url = ... "
                + "under [profile default] in /nonexistent/s3-bulk-restore/config");
    }

    @Test
    void shouldDocumentCommandsSourcesOfTheEndpointAndExitCodesInJobsHelp() {
        JobsCliRun.Result run = new JobsCliRun().run("jobs", "--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("create", "confirm", "get", "list", "watch", "cancel",
                "S3_BULK_RESTORE_API_URL", "S3_BULK_RESTORE_API_KEY", "~/.config/s3-bulk-restore/config", "[profile default]",
                "Exit codes", "3   the job Failed", "4   the job was Cancelled", "5   the job Timed out");
        assertThat(new JobsCliRun().run("--help").out()).contains("jobs");
    }

    @Test
    void shouldDocumentEveryCreateOptionAndTheSharedApiOptionsOnEachCommand() {
        JobsCliRun.Result run = new JobsCliRun().run("jobs", "create", "--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("--manifest", "--manifest-format", "--storage", "--bucket", "--prefix",
                "--suffix", "--substring", "--created-after", "--created-before", "--size-greater-than", "--size-less-than",
                "--storage-class", "--tier", "--days", "--client-tag", "--idempotency-key", "--yes", "--interval",
                "--api-url", "--api-key", "--api-profile", "--json", "Confirm? [y/N]");
        for (String command : new String[] {"confirm", "get", "list", "watch", "cancel"}) {
            assertThat(new JobsCliRun().run("jobs", command, "--help").out()).as(command)
                    .contains("--api-url", "--api-key", "--api-profile", "--json");
        }
        assertThat(new JobsCliRun().run("jobs", "watch", "--help").out())
                .contains("--interval", "0   Complete", "3   Failed", "4   Cancelled", "5   Timeout");
    }
}
