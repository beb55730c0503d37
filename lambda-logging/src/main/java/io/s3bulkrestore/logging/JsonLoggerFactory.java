package io.s3bulkrestore.logging;

import org.slf4j.ILoggerFactory;
import org.slf4j.Logger;
import org.slf4j.event.Level;
import org.slf4j.spi.MDCAdapter;

import java.io.PrintStream;
import java.time.Clock;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Consumer;

/** Loggers that share one threshold, one MDC and one output; each event becomes one {@link JsonLogLine}. */
final class JsonLoggerFactory implements ILoggerFactory {

    private final ConcurrentMap<String, Logger> loggers = new ConcurrentHashMap<>();
    private final Level threshold;
    private final MDCAdapter context;
    private final Clock clock;
    private final Consumer<String> output;

    JsonLoggerFactory(Level threshold, MDCAdapter context, Clock clock, Consumer<String> output) {
        this.threshold = threshold;
        this.context = context;
        this.clock = clock;
        this.output = output;
    }

    /**
     * Lines to whatever {@code System.out} is when written (Lambda's runtime replaces it at start), flushed at
     * once: Lambda freezes the process after each response, and a buffered line would wait for the next one.
     */
    static void toStandardOutput(String line) {
        PrintStream out = System.out;
        out.println(line);
        out.flush();
    }

    @Override
    public Logger getLogger(String name) {
        return loggers.computeIfAbsent(name, n -> new JsonLogger(n, this));
    }

    boolean admits(Level level) {
        return LogThreshold.admits(threshold, level);
    }

    void write(Level level, String logger, String message, Throwable error) {
        output.accept(JsonLogLine.format(clock.instant(), level, logger, message, context.getCopyOfContextMap(),
                error));
    }
}
