package io.s3bulkrestore.logging;

import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;

/**
 * A named logger of {@link JsonLoggerFactory}. SLF4J's {@link LegacyAbstractLogger} checks the level before any
 * formatting and hands over a trailing {@link Throwable} argument separately; this class fills in the
 * {@code {}} placeholders and passes the event on.
 */
final class JsonLogger extends LegacyAbstractLogger {

    private static final long serialVersionUID = 1L;

    private final transient JsonLoggerFactory factory;

    JsonLogger(String name, JsonLoggerFactory factory) {
        this.name = name;
        this.factory = factory;
    }

    @Override
    public boolean isTraceEnabled() {
        return factory.admits(Level.TRACE);
    }

    @Override
    public boolean isDebugEnabled() {
        return factory.admits(Level.DEBUG);
    }

    @Override
    public boolean isInfoEnabled() {
        return factory.admits(Level.INFO);
    }

    @Override
    public boolean isWarnEnabled() {
        return factory.admits(Level.WARN);
    }

    @Override
    public boolean isErrorEnabled() {
        return factory.admits(Level.ERROR);
    }

    @Override
    protected String getFullyQualifiedCallerName() {
        return null;
    }

    @Override
    protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] arguments,
                                               Throwable error) {
        String message = arguments == null || arguments.length == 0 ? pattern
                : MessageFormatter.basicArrayFormat(pattern, arguments);
        factory.write(level, name, message, error);
    }
}
