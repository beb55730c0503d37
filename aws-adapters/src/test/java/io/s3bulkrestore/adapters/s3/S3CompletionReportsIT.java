package io.s3bulkrestore.adapters.s3;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.s3bulkrestore.adapters.MotoExtension;
import io.s3bulkrestore.monitor.CompletionReports.Reading;
import io.s3bulkrestore.ports.BatchJobState;
import io.s3bulkrestore.ports.BatchStatus;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Against moto: a Batch Operations completion report, laid out as AWS writes it, read back a batch at a time. */
class S3CompletionReportsIT {

    private static final String REPORTS = "reports";

    @RegisterExtension
    static final MotoExtension MOTO = new MotoExtension();
    private static S3Client s3;

    @BeforeAll
    static void start() {
        s3 = MOTO.clients().s3();
        s3.createBucket(b -> b.bucket(REPORTS));
    }

    @Test
    void shouldReadALargeCompletionReportInBatchesAndResumeWhereAReadingStopped() {
        StringBuilder rows = new StringBuilder();
        for (int i = 0; i < 1_200; i++) {
            rows.append("archive,k").append(i).append(",,failed,403,AccessDenied,denied\n");
        }
        writeCompletionReport("batch-large", rows.toString());
        var reports = new S3CompletionReports(s3, new ObjectMapper());
        var state = new BatchJobState(BatchStatus.COMPLETE, 1_200, 0, 1_200, List.of(), Optional.of(REPORTS),
                Optional.of("batch"));
        List<String> keys = new ArrayList<>();

        var first = reports.forEachFailedTask("batch-large", state, 0, tasks -> {
            tasks.forEach(task -> keys.add(task.object().key()));
            return false; // the budget is spent after one batch
        });
        var rest = reports.forEachFailedTask("batch-large", state, first.handled(), tasks -> {
            tasks.forEach(task -> keys.add(task.object().key()));
            return true;
        });

        assertThat(first).isEqualTo(new Reading(S3CompletionReports.BATCH, false));
        assertThat(rest).isEqualTo(new Reading(1_200, true));
        assertThat(keys).hasSize(1_200).doesNotHaveDuplicates().startsWith("k0").endsWith("k1199");
    }

    /** A completion report as AWS lays it out under the batch job's report prefix. */
    private static void writeCompletionReport(String batchJobId, String failedRows) {
        String folder = "batch/job-" + batchJobId + "/";
        s3.putObject(b -> b.bucket(REPORTS).key(folder + "results/failed.csv"), RequestBody.fromString(failedRows));
        s3.putObject(b -> b.bucket(REPORTS).key(folder + "manifest.json"), RequestBody.fromString("""
                {"Format":"Report_CSV_20180820","ReportCreationDate":"%s",
                 "Results":[{"TaskExecutionStatus":"failed","Bucket":"reports","MD5Checksum":"x",
                             "Key":"%sresults/failed.csv"}],
                 "ReportSchema":"Bucket, Key, VersionId, TaskStatus, ErrorCode, HTTPStatusCode, ResultMessage"}
                """.formatted(Instant.now(), folder)));
    }
}
