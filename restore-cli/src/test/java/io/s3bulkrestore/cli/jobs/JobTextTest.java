package io.s3bulkrestore.cli.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.math.BigDecimal;

import static io.s3bulkrestore.cli.jobs.ContractResponses.JOB_ID;
import static org.assertj.core.api.Assertions.assertThat;

/** The job JSON of each state as people read it: get, watch and create print these lines. */
class JobTextTest {

    private static JsonNode json(String text) throws IOException {
        return HttpJobsApi.JSON.readTree(text);
    }

    private static ObjectNode node() {
        return HttpJobsApi.JSON.createObjectNode();
    }

    @Test
    void shouldShowAFailedManifestJobWithItsReasonAndReport() throws IOException {
        JsonNode job = json("""
                {"JobId":"%s","Status":"Failed","Tier":"STANDARD","ExpirationDays":null,
                 "Manifest":{"Bucket":"manifests","Key":"2024/m.csv"},"CreatedAt":"2024-01-31T12:00:00Z",
                 "Deadline":"2024-02-03T12:00:00Z","TotalObjects":10,"RestoredObjects":4,"FailedObjects":6,
                 "SkippedObjects":0,"PendingObjects":0,"ProgressPercent":100,"BatchJobId":"b-9","BatchStatus":"Failed",
                 "FailureReason":"the manifest has 6 lines of another bucket","ReportUri":"s3://reports/r.csv"}"""
                .formatted(JOB_ID));

        assertThat(JobText.job(job)).containsExactly(
                "Job         " + JOB_ID,
                "Status      Failed",
                "What        manifest s3://manifests/2024/m.csv",
                "Tier        STANDARD",
                "Created     2024-01-31T12:00:00Z, deadline 2024-02-03T12:00:00Z",
                "Progress    100%: 4 restored, 6 failed, 0 skipped, 0 pending of 10",
                "Batch       b-9 Failed",
                "Failure     the manifest has 6 lines of another bucket",
                "Report      s3://reports/r.csv");
    }

    @Test
    void shouldSayACancelWasRequestedAndThatTheQuoteIsNotReady() throws IOException {
        ObjectNode job = (ObjectNode) json(ContractResponses.awaiting(false));
        job.put("CancelRequested", true);

        assertThat(JobText.job(job)).contains(
                "Status      AwaitingConfirmation (cancel requested)",
                "Tier        BULK, restored copies kept 7 days",
                "Client tag  nightly",
                "Progress    0 restored, 0 failed, 0 skipped (objects not counted yet)",
                "Quote       not ready: the objects are still being listed");
    }

    @Test
    void shouldNameEveryFilterOfASourceIncludingTheListsOfOlderAnswers() throws IOException {
        JsonNode job = json("""
                {"Source":{"Bucket":"my-archive","Prefixes":["a/","b/"],"Suffixes":[".gz"],"Substring":"raw",
                 "CreatedAfter":"2019-01-01T00:00:00Z","CreatedBefore":null,"SizeGreaterThanBytes":0,
                 "SizeLessThanBytes":5000000000,"StorageClasses":[]}}""");

        assertThat(JobText.what(job)).isEqualTo("s3://my-archive (prefixes a/, b/; suffixes .gz; substring raw; "
                + "created after 2019-01-01T00:00:00Z; size > 0; size < 5000000000)");
        assertThat(JobText.what(json("{\"Source\":{\"Bucket\":\"b\"}}"))).isEqualTo("s3://b");
        assertThat(JobText.what(json("{}"))).isEqualTo("?");
    }

    @Test
    void shouldListAJobOnOneLineWithADashBeforeItsProgressIsKnown() throws IOException {
        String line = JobText.listLine(json(ContractResponses.awaiting(true)));

        assertThat(line).startsWith(JOB_ID + "  AwaitingConfirmation  ").contains("         -  ")
                .endsWith("s3://my-archive (prefix logs/2019/; suffix .parquet; storage classes GLACIER, DEEP_ARCHIVE)  [nightly]");
        assertThat(JobText.listLine(json(ContractResponses.job("Restoring", 617, 0)))).contains("     50%  ");
    }

    @Test
    void shouldNoteSkippedObjectsAfterTheBarOnlyWhenThereAreSome() {
        ObjectNode job = node().put("Status", "Restoring").put("RestoredObjects", 5).put("FailedObjects", 1);

        assertThat(JobText.progressNote(job)).isEqualTo("Restoring  5 restored, 1 failed");
        assertThat(JobText.progressNote(job.put("SkippedObjects", 2))).isEqualTo("Restoring  5 restored, 1 failed, 2 skipped");
    }

    @Test
    void shouldWriteSizesInBinaryUnits() {
        assertThat(JobText.humanBytes(node().put("B", 0), "B")).isEqualTo("0 B");
        assertThat(JobText.humanBytes(node().put("B", 1023), "B")).isEqualTo("1023 B");
        assertThat(JobText.humanBytes(node().put("B", 1536), "B")).isEqualTo("1.5 KiB");
        assertThat(JobText.humanBytes(node().put("B", 3L << 40), "B")).isEqualTo("3.0 TiB");
        assertThat(JobText.humanBytes(node().put("B", Long.MAX_VALUE), "B")).isEqualTo("8192.0 PiB");
        assertThat(JobText.humanBytes(node(), "B")).isEqualTo("?");
    }

    @Test
    void shouldWriteDollarsWithTwoToFourDecimalsRoundingHalfUp() {
        assertThat(JobText.usd(node().put("U", 0.75), "U")).isEqualTo("$0.75");
        assertThat(JobText.usd(node().put("U", 1234.5), "U")).isEqualTo("$1,234.50");
        assertThat(JobText.usd(node().put("U", 0.002), "U")).isEqualTo("$0.002");
        assertThat(JobText.usd(node().put("U", new BigDecimal("0.00005")), "U")).isEqualTo("$0.0001");
        assertThat(JobText.usd(node().put("U", 0), "U")).isEqualTo("$0.00");
        assertThat(JobText.usd(node().putNull("U"), "U")).isEqualTo("?");
    }

    @Test
    void shouldMarkEstimatedBytesOfAStorageClassAndSayWhenTheQuoteExpires() throws IOException {
        JsonNode quote = json(ContractResponses.awaiting(true)).path("Quote");

        assertThat(JobText.quote(quote)).anySatisfy(line -> assertThat(line).startsWith("  GLACIER").contains("~3.7 GiB"))
                .anySatisfy(line -> assertThat(line).startsWith("  expires           ")
                        .endsWith(" (the job is cancelled then if not confirmed)"));
        ((ObjectNode) quote.get("ByStorageClass").get(0)).put("BytesExact", true);
        assertThat(JobText.quote(quote)).anySatisfy(line -> assertThat(line).startsWith("  GLACIER")
                .contains(" 3.7 GiB").doesNotContain("~"));
    }
}
