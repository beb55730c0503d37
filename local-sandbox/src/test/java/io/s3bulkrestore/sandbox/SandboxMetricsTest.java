package io.s3bulkrestore.sandbox;

import io.s3bulkrestore.adapters.metrics.EmfMetrics;
import io.s3bulkrestore.metrics.Metric;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SandboxMetricsTest {

    private final SandboxMetrics metrics = new SandboxMetrics();

    @Test
    void shouldAddUpEachFunctionsDocumentsAndKeepTheLargestDuration() throws Exception {
        EmfMetrics tally = metrics.forFunction("TallyFunction", Clock.systemUTC());
        EmfMetrics monitor = metrics.forFunction("MonitorFunction", Clock.systemUTC());
        tally.add(Metric.TALLY_RECORDS, 1000);
        tally.add(Metric.TALLY_LAG, 4);
        tally.flush();
        tally.add(Metric.TALLY_RECORDS, 20);
        tally.add(Metric.TALLY_LAG, 1.5);
        tally.flush();

        assertThat(metrics.awaitJobsEnded(1, Duration.ofMillis(50))).isFalse();
        monitor.add(Metric.JOBS_COMPLETE, 1);
        monitor.flush();

        assertThat(metrics.totals()).isEqualTo(Map.of(
                "TallyFunction", Map.of(Metric.TALLY_RECORDS, 1020.0, Metric.TALLY_LAG, 4.0),
                "MonitorFunction", Map.of(Metric.JOBS_COMPLETE, 1.0)));
        assertThat(metrics.awaitJobsEnded(1, Duration.ZERO)).isTrue();
        assertThat(metrics.summary()).contains("TallyFunction", "TallyRecords 1,020", "TallyLagSeconds 4.0 (max)",
                "JobsComplete 1");
    }
}
