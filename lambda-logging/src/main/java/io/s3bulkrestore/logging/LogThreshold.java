package io.s3bulkrestore.logging;

import org.slf4j.event.Level;

import java.util.Locale;
import java.util.Map;

/**
 * The least severe level written, read once from the environment. Lambda sets {@value #LAMBDA_LOG_LEVEL} from the
 * function's {@code LoggingConfig.ApplicationLogLevel} (advanced logging controls; the template sets it from its
 * {@code LogLevel} parameter) and drops JSON lines below it anyway; {@value #LOG_LEVEL} is for runs outside Lambda.
 */
final class LogThreshold {

    static final String LAMBDA_LOG_LEVEL = "AWS_LAMBDA_LOG_LEVEL";
    static final String LOG_LEVEL = "LOG_LEVEL";
    static final Level DEFAULT = Level.INFO;

    private LogThreshold() {
    }

    static Level fromEnv(Map<String, String> env) {
        for (String variable : new String[] {LAMBDA_LOG_LEVEL, LOG_LEVEL}) {
            String value = env.get(variable);
            if (value != null && !value.isBlank()) {
                return parse(value);
            }
        }
        return DEFAULT;
    }

    /** Lambda's names (TRACE ... FATAL, any case); FATAL is ERROR, which SLF4J has as its most severe. */
    static Level parse(String name) {
        return switch (name.strip().toUpperCase(Locale.ROOT)) {
            case "TRACE" -> Level.TRACE;
            case "DEBUG" -> Level.DEBUG;
            case "INFO" -> Level.INFO;
            case "WARN", "WARNING" -> Level.WARN;
            case "ERROR", "FATAL" -> Level.ERROR;
            default -> DEFAULT;
        };
    }

    static boolean admits(Level threshold, Level level) {
        return level.toInt() >= threshold.toInt();
    }
}
