package io.s3bulkrestore.benchmarks.coldstart;

import io.s3bulkrestore.benchmarks.coldstart.launch.ColdStartLauncher;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/** Starts one fresh JVM for one cold start and times it from process start to the launcher's marker line. */
final class ChildJvm {

    /**
     * JVM options as on Lambda's java21 runtime: it stops tiered compilation at C1 (level 1) and uses the serial
     * collector by default (Lambda developer guide, "Customize Java runtime startup behavior"). MaxRAM makes the
     * heap ergonomics those of the functions' 1024 MB.
     */
    static final List<String> LAMBDA_LIKE_OPTIONS = List.of("-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1",
            "-XX:+UseSerialGC", "-XX:MaxRAM=1024m", "-Xshare:auto");

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final int OUTPUT_LINES_KEPT = 40;

    /**
     * @param millis from just before the process was started to the marker line
     * @param marker the marker line: CPU time, the handler's own init and invoke times, its result as JSON
     */
    record Launch(double millis, String marker) {

        /** CPU time of the whole child JVM up to the marker, every thread included. */
        double cpuMillis() {
            return field(" cpu_ms=");
        }

        /** The handler's construction (configuration, clients, logging): what a SnapStart snapshot holds. */
        double initMillis() {
            return field(" init_ms=");
        }

        private double field(String name) {
            int at = marker.indexOf(name);
            if (at < 0) {
                throw new IllegalStateException("no" + name + " in " + marker);
            }
            int from = at + name.length();
            return Double.parseDouble(marker.substring(from, marker.indexOf(' ', from)));
        }
    }

    private ChildJvm() {
    }

    static Launch run(List<String> options, List<Path> classpath, List<String> arguments,
                      Map<String, String> environment) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(LAMBDA_LIKE_OPTIONS);
        command.addAll(options);
        command.add("-cp");
        command.add(classpath.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator)));
        command.add(ColdStartLauncher.class.getName());
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().putAll(environment);

        Deque<String> tail = new ArrayDeque<>();
        long started = System.nanoTime();
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command.getFirst(), e);
        }
        // A child that hangs without closing its output would block the reader below: end it after the timeout.
        Thread.ofVirtual().start(() -> {
            try {
                if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
            }
        });
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String marker = null;
            long markedAt = 0;
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                if (marker == null && line.startsWith(ColdStartLauncher.MARKER)) {
                    markedAt = System.nanoTime();
                    marker = line;
                }
                tail.addLast(line);
                if (tail.size() > OUTPUT_LINES_KEPT) {
                    tail.removeFirst();
                }
            }
            if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw failure("did not exit within " + TIMEOUT, tail);
            }
            if (process.exitValue() != 0 || marker == null) {
                throw failure("exited with " + process.exitValue() + (marker == null ? " without handling" : ""), tail);
            }
            return new Launch((markedAt - started) / 1_000_000.0, marker);
        } catch (IOException e) {
            process.destroyForcibly();
            throw new UncheckedIOException("cannot read the child JVM's output", e);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static IllegalStateException failure(String what, Deque<String> tail) {
        return new IllegalStateException("cold start JVM " + what + "; its last output:\n" + String.join("\n", tail));
    }
}
