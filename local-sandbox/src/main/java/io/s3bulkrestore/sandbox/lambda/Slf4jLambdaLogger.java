package io.s3bulkrestore.sandbox.lambda;

import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.logging.LogLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;

/** What a function writes through {@code context.getLogger()}, sent to slf4j under the function's name. */
final class Slf4jLambdaLogger implements LambdaLogger {

    private final Logger log;

    Slf4jLambdaLogger(String functionName) {
        this.log = LoggerFactory.getLogger("io.s3bulkrestore.sandbox.lambda.function." + functionName);
    }

    @Override
    public void log(String message) {
        log(message, LogLevel.INFO);
    }

    @Override
    public void log(byte[] message) {
        log(new String(message, StandardCharsets.UTF_8), LogLevel.INFO);
    }

    @Override
    public void log(String message, LogLevel level) {
        String line = stripTrailingNewline(message);
        switch (level == null ? LogLevel.INFO : level) {
            case TRACE -> log.trace("{}", line);
            case DEBUG -> log.debug("{}", line);
            case WARN -> log.warn("{}", line);
            case ERROR, FATAL -> log.error("{}", line);
            default -> log.info("{}", line);
        }
    }

    @Override
    public void log(byte[] message, LogLevel level) {
        log(new String(message, StandardCharsets.UTF_8), level);
    }

    private static String stripTrailingNewline(String message) {
        if (message == null) {
            return "null";
        }
        return message.endsWith("\n") ? message.substring(0, message.length() - 1) : message;
    }
}
