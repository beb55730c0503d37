package io.s3bulkrestore.logging;

import org.junit.jupiter.api.Test;
import org.slf4j.event.Level;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class LogThresholdTest {

    @Test
    void shouldTakeTheLevelLambdaSetsFromTheFunctionsLoggingConfig() {
        assertThat(LogThreshold.fromEnv(Map.of("AWS_LAMBDA_LOG_LEVEL", "DEBUG"))).isEqualTo(Level.DEBUG);
    }

    @Test
    void shouldPreferLambdasLevelOverLogLevel() {
        // Lambda drops lines below its level anyway, so a more verbose LOG_LEVEL would only cost time.
        assertThat(LogThreshold.fromEnv(Map.of("AWS_LAMBDA_LOG_LEVEL", "WARN", "LOG_LEVEL", "DEBUG")))
                .isEqualTo(Level.WARN);
    }

    @Test
    void shouldUseLogLevelOutsideLambda() {
        assertThat(LogThreshold.fromEnv(Map.of("LOG_LEVEL", "error"))).isEqualTo(Level.ERROR);
    }

    @Test
    void shouldDefaultToInfo() {
        assertThat(LogThreshold.fromEnv(Map.of())).isEqualTo(Level.INFO);
        assertThat(LogThreshold.fromEnv(Map.of("AWS_LAMBDA_LOG_LEVEL", " "))).isEqualTo(Level.INFO);
        assertThat(LogThreshold.fromEnv(Map.of("LOG_LEVEL", "verbose"))).isEqualTo(Level.INFO);
    }

    @Test
    void shouldReadEveryLevelLambdaAllows() {
        // LoggingConfig.ApplicationLogLevel: TRACE | DEBUG | INFO | WARN | ERROR | FATAL
        assertThat(LogThreshold.parse("TRACE")).isEqualTo(Level.TRACE);
        assertThat(LogThreshold.parse("DEBUG")).isEqualTo(Level.DEBUG);
        assertThat(LogThreshold.parse("INFO")).isEqualTo(Level.INFO);
        assertThat(LogThreshold.parse("WARN")).isEqualTo(Level.WARN);
        assertThat(LogThreshold.parse("ERROR")).isEqualTo(Level.ERROR);
        assertThat(LogThreshold.parse("FATAL")).isEqualTo(Level.ERROR);
    }

    @Test
    void shouldAdmitTheThresholdAndWhatIsMoreSevere() {
        assertThat(LogThreshold.admits(Level.WARN, Level.ERROR)).isTrue();
        assertThat(LogThreshold.admits(Level.WARN, Level.WARN)).isTrue();
        assertThat(LogThreshold.admits(Level.WARN, Level.INFO)).isFalse();
        assertThat(LogThreshold.admits(Level.TRACE, Level.TRACE)).isTrue();
    }
}
