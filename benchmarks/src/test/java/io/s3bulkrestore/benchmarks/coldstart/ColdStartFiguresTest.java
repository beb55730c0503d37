package io.s3bulkrestore.benchmarks.coldstart;

import io.s3bulkrestore.benchmarks.coldstart.launch.ColdStartLauncher;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What turns a cold start's output into figures: the median, the CPU time, the check that it really handled. */
class ColdStartFiguresTest {

    @Test
    void shouldTakeTheMiddleValueOrTheMeanOfTheTwoMiddleOnes() {
        // Given / When / Then
        assertThat(Median.of(List.of(900.0, 100.0, 5000.0))).isEqualTo(900.0);
        assertThat(Median.of(List.of(400.0, 100.0, 300.0, 9000.0))).isEqualTo(350.0);
    }

    @Test
    void shouldReadTheChildsCpuAndConstructionTimesFromItsMarker() {
        // Given a marker line as the launcher prints it
        var launch = new ChildJvm.Launch(2500.0,
                ColdStartLauncher.MARKER + " cpu_ms=1830 init_ms=900 invoke_ms=700 result={\"statusCode\":201}");

        // When / Then
        assertThat(launch.cpuMillis()).isEqualTo(1830.0);
        assertThat(launch.initMillis()).isEqualTo(900.0);
    }

    @Test
    void shouldRefuseATimingOfARequestTheFunctionDidNotHandle() {
        // Given a create-job response that is an error
        String failed = ColdStartLauncher.MARKER + " cpu_ms=1 init_ms=1 invoke_ms=1 result={\"statusCode\":500}";
        String failedMessage = ColdStartLauncher.MARKER
                + " cpu_ms=1 init_ms=1 invoke_ms=1 result={\"batchItemFailures\":[{\"itemIdentifier\":\"m-1\"}]}";

        // When / Then
        assertThatThrownBy(() -> HandledRequest.check(ColdStartFunction.API, failed))
                .hasMessageContaining("did not handle");
        assertThatThrownBy(() -> HandledRequest.check(ColdStartFunction.RESTORE_EVENT, failedMessage))
                .hasMessageContaining("did not handle");
        HandledRequest.check(ColdStartFunction.API, failed.replace("500", "201"));
    }
}
