package io.s3bulkrestore.cli.jobs;

import java.io.PrintWriter;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * What the jobs commands need from outside: output, the environment and the profile file's path (for the API's
 * endpoint and key), the HTTP client, the terminal to ask on, and how to wait between polls. main() wires the real
 * ones; tests pass their own (a temporary config file, a sleeper that does not sleep, a scripted terminal).
 */
public record JobsContext(PrintWriter out, PrintWriter err, Map<String, String> env, Path configFile,
                          HttpClient http, Terminal terminal, Sleeper sleeper, boolean stderrIsTerminal) {

    /** {@code ~/.config/s3-bulk-restore/config}. */
    public static Path defaultConfigFile(String userHome) {
        return Path.of(userHome, ".config", "s3-bulk-restore", "config");
    }

    public static HttpClient defaultHttpClient() {
        return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    }

    /** Waits between polls. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;

        Sleeper REAL = duration -> Thread.sleep(duration);
    }
}
