package io.s3bulkrestore.logging;

import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.helpers.BasicMDCAdapter;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

import java.time.Clock;

/**
 * The SLF4J 2 backend of the Lambda functions (found through {@code META-INF/services}): JSON lines on standard
 * output at the level the environment names ({@link LogThreshold}), with the MDC (job id, request id) in every
 * line. It replaces Log4j2 and Powertools' JSON layout, whose start-up (plugin scanning, configuration, layout
 * templates) was a large share of each function's cold start; this is a handful of classes.
 */
public final class JsonLogServiceProvider implements SLF4JServiceProvider {

    private IMarkerFactory markers;
    private MDCAdapter context;
    private ILoggerFactory loggers;

    @Override
    public void initialize() {
        markers = new BasicMarkerFactory();
        context = new BasicMDCAdapter();
        loggers = new JsonLoggerFactory(LogThreshold.fromEnv(System.getenv()), context, Clock.systemUTC(),
                JsonLoggerFactory::toStandardOutput);
    }

    @Override
    public ILoggerFactory getLoggerFactory() {
        return loggers;
    }

    @Override
    public IMarkerFactory getMarkerFactory() {
        return markers;
    }

    @Override
    public MDCAdapter getMDCAdapter() {
        return context;
    }

    @Override
    public String getRequestedApiVersion() {
        return "2.0.99";
    }
}
