package io.s3bulkrestore.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class CliParsingTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "restore --key k                                       | Missing required argument",
            "restore --bucket b                                    | Missing required argument",
            "restore --bucket b --key k --prefix p                 | mutually exclusive",
            "restore --bucket b --version-id v --prefix p          | --key",
            "restore --bucket b --key k --tier FAST                | --tier",
            "restore --bucket b --key k --days 0                   | --days must be between 1 and 365000",
            "restore --bucket b --key k --concurrency 0            | --concurrency must be between 1 and 256",
            "restore --bucket b --key k --max-requests-per-second 1001 | --max-requests-per-second must be between 1 and 1000",
            "restore --bucket b --key k --sns-arn arn:aws:sqs:us-east-1:123456789012:q | --sns-arn must be an SNS topic ARN",
            "restore --bucket b --key k --price-file /nonexistent/prices | cannot be read",
            "status --bucket b                                     | Missing required argument",
            "status --bucket b --key k --concurrency 257           | --concurrency must be between 1 and 256, was 257",
            "status --bucket data-1 --prefix p --include data[12   | --include/--exclude: unclosed '[' in pattern 'data[12'",
            "restore --bucket data-1 --prefix p --exclude [z-a]    | --include/--exclude: '[z-a]' is not a pattern",
            "restore --bucket Bad_Bucket --key k                   | --bucket 'Bad_Bucket' is not a valid bucket name",
            "status --bucket ab --prefix p                         | 3 to 63 characters",
            "frobnicate                                            | Unmatched argument",
            "''                                                    | name a command",
    })
    void shouldExitTwoWithAClearMessageOnUsageErrors(String args, String message) {
        CliRun run = CliRun.run(CliRun.noS3(), args.isBlank() ? new String[0] : args.trim().split("\\s+"));

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains(message);
    }

    @Test
    void shouldAcceptTiersInAnyCase() {
        CliRun run = CliRun.run(CliRun.noS3(), "restore", "--bucket", "b", "--key", "k", "--tier", "bulk", "--days", "0");

        assertThat(run.err()).doesNotContain("Invalid value for option '--tier'").contains("--days must be");
    }

    @Test
    void shouldDocumentEveryOptionTheTableDefaultsPricesAndExitCodesInRestoreHelp() {
        CliRun run = CliRun.run(CliRun.noS3(), "restore", "--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("--bucket", "--key", "--version-id", "--prefix", "--include", "--exclude",
                "--tier", "--days", "--extend", "--sns-arn", "--dry-run", "--concurrency", "--max-requests-per-second",
                "--price-file", "--json", "--progress", "--endpoint-url", "--region", "--profile",
                "Default: STANDARD", "Default: 7", "Default: 16", "Default: 1000",
                "INTELLIGENT_TIERING in an archive tier", "RestoreObject without Days", "EXPEDITED on Deep Archive",
                "us-east-1", "Exit codes", "2   usage error");
    }

    @Test
    void shouldListCommandsAndExitCodesInTopLevelHelp() {
        CliRun run = CliRun.run(CliRun.noS3(), "--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("restore", "status", "Exit codes", "--version");
        assertThat(CliRun.run(CliRun.noS3(), "status", "--help").out())
                .contains("--bucket", "--key", "--prefix", "OptionalObjectAttributes=RestoreStatus", "--json");
    }

    @Test
    void shouldMatchGlobsRelativeToThePrefix() {
        KeyFilter filter = new KeyFilter("logs/", java.util.List.of("*.gz", "2024-??/*"), java.util.List.of("*tmp*"));

        assertThat(filter.test("logs/a/b.gz")).isTrue();
        assertThat(filter.test("logs/2024-01/x.txt")).isTrue();
        assertThat(filter.test("logs/a/tmp.gz")).isFalse();
        assertThat(filter.test("logs/a/b.txt")).isFalse();
        assertThat(new KeyFilter("p/", java.util.List.of(), java.util.List.of()).test("p/anything")).isTrue();
    }
}
