package io.s3bulkrestore.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.s3bulkrestore.cli.s3.FakeS3Client;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.exception.SdkClientException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What `restore` and `status` print and return, over a fake S3Client: the text, the JSON, the progress, the errors. */
class DirectCommandsTest {

    private static final Instant UNTIL = Instant.parse("2040-12-21T00:00:00Z");
    private static final long GIB = 1024L * 1024 * 1024;

    private final FakeS3Client s3 = new FakeS3Client()
            .put("a/g", "GLACIER", 100)
            .put("a/d", "DEEP_ARCHIVE", 200)
            .put("a/s", "STANDARD", 50)
            .putRestored("a/c", UNTIL)
            .put(new FakeS3Client.Stored("it", null, "INTELLIGENT_TIERING", "ARCHIVE_ACCESS", 7, null, null));

    @TempDir
    Path dir;

    private CliRun cli(String... args) {
        return CliRun.run(options -> s3, args);
    }

    /** The words of each line that starts with one of {@code firsts}, in order. */
    private static List<List<String>> rows(String out, String... firsts) {
        return out.lines().map(line -> Arrays.asList(line.trim().split("\\s+")))
                .filter(words -> Arrays.asList(firsts).contains(words.getFirst())).toList();
    }

    private static JsonNode json(CliRun run) throws IOException {
        return new ObjectMapper().readTree(run.out());
    }

    @Test
    void shouldPrintObjectsAndBytesPerStatusForAPrefix() {
        CliRun run = cli("status", "--bucket", "data-1", "--prefix", "a/");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(rows(run.out(), "status", "ARCHIVED", "RESTORING", "RESTORED", "NOT_ARCHIVED", "TOTAL")).containsExactly(
                List.of("status", "objects", "bytes"),
                List.of("ARCHIVED", "2", "300"),
                List.of("RESTORING", "0", "0"),
                List.of("RESTORED", "1", "10"),
                List.of("NOT_ARCHIVED", "1", "50"),
                List.of("TOTAL", "4"));
        assertThat(s3.closed()).isTrue();
    }

    @Test
    void shouldPrintOneObjectsStatusWithItsExpiryOrArchiveTierAndNoTable() {
        CliRun restored = cli("status", "--bucket", "data-1", "--key", "a/c");
        CliRun tiering = cli("status", "--bucket", "data-1", "--key", "it");

        assertThat(restored.out()).isEqualTo("RESTORED  s3://data-1/a/c  GLACIER  restored until 2040-12-21T00:00:00Z"
                + System.lineSeparator());
        assertThat(tiering.out()).isEqualTo("ARCHIVED  s3://data-1/it  INTELLIGENT_TIERING (INTELLIGENT_TIERING_ARCHIVE_ACCESS)"
                + System.lineSeparator());
    }

    @Test
    void shouldExitOneNamingAnObjectThatCannotBeRead() {
        CliRun run = cli("status", "--bucket", "data-1", "--key", "nope");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).contains("UNREADABLE  s3://data-1/nope: no such object");
    }

    @Test
    void shouldWriteTheStatusOfAPrefixAsJsonForScripts() throws IOException {
        JsonNode doc = json(cli("status", "--bucket", "data-1", "--prefix", "a/", "--json"));

        assertThat(doc.at("/summary/ARCHIVED/objects").asLong()).isEqualTo(2);
        assertThat(doc.at("/summary/ARCHIVED/bytes").asLong()).isEqualTo(300);
        assertThat(doc.at("/summary/NOT_ARCHIVED/bytes").asLong()).isEqualTo(50);
        assertThat(doc.path("objects")).isEmpty();
        assertThat(doc.path("unreadable")).isEmpty();
    }

    @Test
    void shouldListTheFailuresThenCountEachOutcomeThatOccurredAndExitOne() {
        CliRun run = cli("restore", "--bucket", "data-1", "--prefix", "a/", "--tier", "EXPEDITED");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(s3.restoredKeys()).containsExactly("a/g");
        assertThat(run.out()).contains("REFUSED          s3://data-1/a/d  DEEP_ARCHIVE  Expedited retrieval is not "
                + "available for S3 Glacier Deep Archive; use --tier STANDARD or BULK");
        String table = run.out().substring(run.out().indexOf("outcome"));
        assertThat(rows(table, "outcome", "RESTORE_STARTED", "ALREADY_RESTORED", "NOT_ARCHIVED", "REFUSED", "TOTAL",
                "IN_PROGRESS", "FAILED")).containsExactly(
                List.of("outcome", "objects"),
                List.of("RESTORE_STARTED", "1"),
                List.of("ALREADY_RESTORED", "1"),
                List.of("NOT_ARCHIVED", "1"),
                List.of("REFUSED", "1"),
                List.of("TOTAL", "4"));
    }

    @Test
    void shouldWriteEveryFieldOfAKeysResultAsJson() throws IOException {
        JsonNode doc = json(cli("restore", "--bucket", "data-1", "--key", "a/c", "--json"));

        assertThat(doc.path("dryRun").asBoolean()).isFalse();
        assertThat(doc.path("tier").asText()).isEqualTo("STANDARD");
        assertThat(doc.at("/summary/ALREADY_RESTORED").asLong()).isEqualTo(1);
        assertThat(doc.path("failures").asLong()).isZero();
        assertThat(doc.path("objectsNotListed").asLong()).isZero();
        assertThat(doc.has("estimate")).isFalse();
        JsonNode object = doc.path("objects").get(0);
        assertThat(object.path("bucket").asText()).isEqualTo("data-1");
        assertThat(object.path("key").asText()).isEqualTo("a/c");
        assertThat(object.path("versionId").isNull()).isTrue();
        assertThat(object.path("storageClass").asText()).isEqualTo("GLACIER");
        assertThat(object.path("outcome").asText()).isEqualTo("ALREADY_RESTORED");
        assertThat(object.path("restoredUntil").asText()).isEqualTo("2040-12-21T00:00:00Z");
        assertThat(s3.restores).isEmpty();
    }

    @Test
    void shouldPriceADryRunWithThePricesOfAPriceFileAndSendNothing() throws IOException {
        // Given a 1 GiB Glacier object, and a file making its Bulk retrieval $1 per GB and $1 per request
        s3.put("big/g", "GLACIER", GIB);
        Path prices = Files.writeString(dir.resolve("prices.properties"),
                "GLACIER.BULK.per-gb = 1.00\nGLACIER.BULK.per-1000-requests = 1000\n");

        // When
        CliRun run = cli("restore", "--bucket", "data-1", "--prefix", "big/", "--tier", "bulk", "--dry-run",
                "--price-file", prices.toString());

        // Then
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(s3.restores).isEmpty();
        assertThat(run.out()).contains("dry run: 1 objects would be restored, tier BULK",
                "estimated cost (USD): requests $1.00, retrieval $1.00, total $2.00",
                "prices: --price-file " + prices + " over https://aws.amazon.com/s3/pricing/");
        assertThat(rows(run.out(), "GLACIER")).containsExactly(List.of("GLACIER", "1", String.valueOf(GIB)));
    }

    @Test
    void shouldRefuseAPriceFileWithAnUnknownTierBeforeReachingS3() throws IOException {
        Path prices = Files.writeString(dir.resolve("prices.properties"), "GLACIER.FAST.per-gb = 1\n");

        CliRun run = CliRun.run(CliRun.noS3(), "restore", "--bucket", "data-1", "--key", "k", "--price-file", prices.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--price-file " + prices + ": price key 'GLACIER.FAST.per-gb': unknown archive or tier");
    }

    @Test
    void shouldDrawProgressForAPrefixOnlyWhenAskedWithoutATerminal() {
        CliRun asked = cli("status", "--bucket", "data-1", "--prefix", "a/", "--progress");
        CliRun notAsked = cli("status", "--bucket", "data-1", "--prefix", "a/");
        CliRun oneKey = cli("status", "--bucket", "data-1", "--key", "a/g", "--progress");

        assertThat(asked.err()).contains("\r[##############################] 4/4").endsWith(System.lineSeparator());
        assertThat(notAsked.err()).isEmpty();
        assertThat(oneKey.err()).isEmpty();
    }

    @Test
    void shouldPrintOurSentenceNotAwsTextWhenS3RefusesTheListing() {
        s3.failList(FakeS3Client.error(403, "AccessDenied", "REQ-9"));

        CliRun run = cli("restore", "--bucket", "data-1", "--prefix", "a/");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("error: S3 answered HTTP 403 AccessDenied (AWS request id REQ-9)" + System.lineSeparator());
        assertThat(s3.closed()).isTrue();
    }

    @Test
    void shouldSayS3CouldNotBeReachedWhenTheListingCannotBeSent() {
        s3.failList(SdkClientException.create("Unable to load credentials from any of the providers"));

        CliRun run = cli("status", "--bucket", "data-1", "--prefix", "a/");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("error: could not reach S3 or find credentials (see the log line above)"
                + System.lineSeparator());
    }
}
