package io.s3bulkrestore.logging;

import org.slf4j.event.Level;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * One log event as one line of JSON: {@code timestamp} (RFC 3339, UTC), {@code level}, {@code logger},
 * {@code message}, then every MDC entry as a field of its own (e.g. {@code jobId}, {@code AWSRequestId}), then
 * {@code exception} ({@code type}, {@code message}, {@code stackTrace}) when there is one. Lambda's JSON log
 * format reads {@code level} and {@code timestamp} from such lines to filter and index them.
 */
final class JsonLogLine {

    /** The fixed fields: an MDC entry with one of these names is left out rather than written twice. */
    private static final Set<String> FIELDS = Set.of("timestamp", "level", "logger", "message", "exception");

    private JsonLogLine() {
    }

    static String format(Instant time, Level level, String logger, String message, Map<String, String> context,
                         Throwable error) {
        StringBuilder json = new StringBuilder(160 + (message == null ? 0 : message.length()));
        json.append("{\"timestamp\":\"").append(time).append("\",\"level\":\"").append(level.name()).append('"');
        field(json, "logger", logger);
        field(json, "message", message);
        if (context != null) {
            for (Map.Entry<String, String> entry : context.entrySet()) {
                if (entry.getKey() != null && !FIELDS.contains(entry.getKey())) {
                    field(json, entry.getKey(), entry.getValue());
                }
            }
        }
        if (error != null) {
            json.append(",\"exception\":{");
            json.append("\"type\":");
            string(json, error.getClass().getName());
            field(json, "message", error.getMessage());
            field(json, "stackTrace", stackTrace(error));
            json.append('}');
        }
        return json.append('}').toString();
    }

    private static void field(StringBuilder json, String name, String value) {
        json.append(',');
        string(json, name);
        json.append(':');
        string(json, value);
    }

    /** A JSON string (RFC 8259): quotes, backslashes and control characters escaped; {@code null} as null. */
    static void string(StringBuilder json, String value) {
        if (value == null) {
            json.append("null");
            return;
        }
        json.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                case '\n' -> json.append("\\n");
                case '\r' -> json.append("\\r");
                case '\t' -> json.append("\\t");
                case '\b' -> json.append("\\b");
                case '\f' -> json.append("\\f");
                default -> {
                    if (c < 0x20 || Character.isSurrogate(c) && !pairedSurrogate(value, i)) {
                        // Control characters must be escaped; a lone surrogate would not survive UTF-8 encoding.
                        json.append("\\u");
                        for (int shift = 12; shift >= 0; shift -= 4) {
                            json.append(Character.forDigit(c >> shift & 0xF, 16));
                        }
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        json.append('"');
    }

    private static boolean pairedSurrogate(String value, int i) {
        char c = value.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1));
        }
        return i > 0 && Character.isHighSurrogate(value.charAt(i - 1));
    }

    private static String stackTrace(Throwable error) {
        StringWriter trace = new StringWriter();
        try (PrintWriter writer = new PrintWriter(trace)) {
            error.printStackTrace(writer);
        }
        return trace.toString();
    }
}
