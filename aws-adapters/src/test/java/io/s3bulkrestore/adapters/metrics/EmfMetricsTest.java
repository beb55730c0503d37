package io.s3bulkrestore.adapters.metrics;

import io.s3bulkrestore.metrics.Metric;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class EmfMetricsTest {

    private final Instant now = Instant.now();
    private final List<String> written = new ArrayList<>();
    private final EmfMetrics metrics = new EmfMetrics("stack-RestoreEventFunction-AbC", Clock.fixed(now, ZoneOffset.UTC),
            written::add);

    @Test
    void shouldWriteOneDocumentWithTheSumsAndTheLargestDurationAndForgetThem() {
        metrics.add(Metric.RESTORE_EVENTS_RECEIVED, 600);
        metrics.add(Metric.RESTORE_EVENTS_RECEIVED, 400);
        metrics.add(Metric.RESTORES_RECORDED, 998);
        metrics.add(Metric.TALLY_LAG, 2.5);
        metrics.add(Metric.TALLY_LAG, 1.0);

        metrics.flush();
        metrics.flush();

        // the specification's envelope: _aws.Timestamp (ms), CloudWatchMetrics[{Namespace, Dimensions, Metrics}],
        // then the dimension's and each metric's value as members of the root
        assertThat(written).containsExactly("{\"_aws\":{\"Timestamp\":" + now.toEpochMilli()
                + ",\"CloudWatchMetrics\":[{\"Namespace\":\"S3BulkRestore\",\"Dimensions\":[[\"FunctionName\"]],"
                + "\"Metrics\":[{\"Name\":\"RestoreEventsReceived\",\"Unit\":\"Count\"},"
                + "{\"Name\":\"RestoresRecorded\",\"Unit\":\"Count\"},{\"Name\":\"TallyLagSeconds\",\"Unit\":\"Seconds\"}]}]},"
                + "\"FunctionName\":\"stack-RestoreEventFunction-AbC\",\"RestoreEventsReceived\":1000,"
                + "\"RestoresRecorded\":998,\"TallyLagSeconds\":2.5}");
    }

    @Test
    void shouldWriteNothingWhenNothingWasAdded() {
        assertThat(metrics.flush()).isEmpty();
        assertThat(written).isEmpty();
    }

    @Test
    void shouldEscapeTheFunctionName() {
        var odd = new EmfMetrics("a\"b\\c", Clock.systemUTC(), written::add);
        odd.add(Metric.JOBS_CREATED, 1);

        assertThat(odd.flush().orElseThrow()).contains("\"FunctionName\":\"a\\\"b\\\\c\"");
    }
}
