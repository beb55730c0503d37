package io.s3bulkrestore.sandbox.batch;

import io.s3bulkrestore.model.ObjectId;
import io.s3bulkrestore.model.ObjectId.KeyEncoding;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CompletionReportTest {

    @Test
    void shouldWriteRowsInTheColumnOrderOfAwsReports() {
        // Given
        TaskOutcome succeeded = TaskOutcome.succeeded(new ObjectId("b", "dir/a b+c.txt", "v1"), 202, "Successful");
        TaskOutcome failed = TaskOutcome.failed(ObjectId.of("b", "x"), 403, "InvalidObjectState", "not, archived \"here\"");

        // When / Then: bucket, key, version, status, HTTP status, error code, message (quoted when it must be)
        assertThat(CompletionReport.row(succeeded)).isEqualTo("b,dir/a%20b%2Bc.txt,v1,succeeded,202,,Successful");
        assertThat(CompletionReport.row(failed)).isEqualTo("b,x,,failed,403,InvalidObjectState,\"not, archived \"\"here\"\"\"");
    }

    @Test
    void shouldEncodeKeysSoThatUrlDecodingGivesThemBack() {
        for (String key : new String[] {"a b", "c++", "日本語/ü.txt", "x,y", "100%", "~tilde*star", "q?r#s&t=u"}) {
            String encoded = CompletionReport.encodeKey(key);
            assertThat(encoded).doesNotContain(",", " ", "+");
            assertThat(ObjectId.decodeKey(encoded, KeyEncoding.URL)).isEqualTo(key);
        }
    }
}
