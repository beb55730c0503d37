package io.s3bulkrestore.adapters.s3;

import io.s3bulkrestore.model.ObjectId;
import io.s3bulkrestore.monitor.ReportRow;
import io.s3bulkrestore.tracking.MarkTasksFailed.FailedTask;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CompletionReportRowTest {

    @Test
    void shouldReadTheErrorCodeFromColumnSixAndDecodeTheKey() {
        // Given a failed row as AWS writes it: HTTP status in column 5, error code in column 6
        String row = "archive,dir/with%20space%2Bplus.txt,v1,failed,403,AccessDenied,\"Access Denied, said S3\"";

        // When it is read
        var task = S3CompletionReports.rowOf(row);

        // Then the object is decoded and the error code is the code, not the status
        assertThat(task).contains(new FailedTask(new ObjectId("archive", "dir/with space+plus.txt", "v1"), "AccessDenied"));
    }

    @Test
    void shouldFallBackToTheHttpStatusWhenNoErrorCodeIsGiven() {
        assertThat(S3CompletionReports.rowOf("archive,k,,failed,500,,oops"))
                .contains(new FailedTask(ObjectId.of("archive", "k"), "HTTP 500"));
    }

    @Test
    void shouldIgnoreSucceededAndBlankRows() {
        assertThat(S3CompletionReports.rowOf("archive,k,,succeeded,200,,Successful")).isEmpty();
        assertThat(S3CompletionReports.rowOf("  ")).isEmpty();
    }

    @Test
    void shouldQuoteReportFieldsThatNeedIt() {
        String line = io.s3bulkrestore.monitor.ReportCsv.line(new ReportRow(ObjectId.of("b", "a,\"b\""), "failed", "x"));

        assertThat(line).isEqualTo("b,\"a,\"\"b\"\"\",,failed,x\n");
        assertThat(Csv.split(line.strip())).containsExactly("b", "a,\"b\"", "", "failed", "x");
    }
}
