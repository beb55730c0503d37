package io.s3bulkrestore.adapters.config;

import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** Reads configuration variables, failing at init with the name of the one that is missing or wrong. */
final class EnvironmentReader {

    private final Map<String, String> env;

    EnvironmentReader(Map<String, String> env) {
        this.env = env;
    }

    String required(String name) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("environment variable " + name + " is not set");
        }
        return value.trim();
    }

    String optional(String name, String fallback) {
        String value = env.get(name);
        return value == null || value.isBlank() ? fallback : value.trim();
    }

    double positiveNumber(String name, String fallback) {
        String text = optional(name, fallback);
        try {
            double value = Double.parseDouble(text);
            if (value > 0 && Double.isFinite(value)) {
                return value;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalStateException("environment variable " + name + " must be a positive number, got '" + text + "'");
    }

    Set<String> commaSeparated(String name) {
        Set<String> values = Arrays.stream(required(name).split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
        if (values.isEmpty()) {
            throw new IllegalStateException("environment variable " + name + " lists no values");
        }
        return values;
    }
}
