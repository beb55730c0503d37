package io.s3bulkrestore.emulators;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code moto_server} (S3 with archive semantics, SNS, SQS) as a child process on a free loopback port.
 * Its account id is 123456789012; it accepts any credentials and region. Clients are the caller's to build
 * (aws-adapters' test-jar has {@code EmulatorClients}): this module knows nothing of ours.
 */
public final class MotoServer implements AutoCloseable {

    public static final String ACCOUNT_ID = "123456789012";

    /**
     * Runs moto_server's own entry point after taking two per-request costs out of it (see the script's
     * comments); moto's behaviour is unchanged. Without python3 on PATH, moto_server runs as installed.
     */
    private static final String LAUNCHER = launcher();

    private final Process process;
    private final URI endpoint;
    private final File log;

    private MotoServer(Process process, URI endpoint, File log) {
        this.process = process;
        this.endpoint = endpoint;
        this.log = log;
    }

    public static MotoServer start() {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port", e);
        }
        File log = new File(System.getProperty("java.io.tmpdir"), "moto-" + port + ".log");
        List<String> arguments = List.of("-H", "127.0.0.1", "-p", Integer.toString(port));
        Process process;
        try {
            process = launch(List.of("python3", "-c", LAUNCHER), arguments, log);
        } catch (IOException noPython) {
            try {
                process = launch(List.of("moto_server"), arguments, log);
            } catch (IOException e) {
                e.addSuppressed(noPython);
                throw new IllegalStateException("moto_server is not on PATH: install it with pip install 'moto[server]'", e);
            }
        }
        URI endpoint = URI.create("http://127.0.0.1:" + port);
        MotoServer server = new MotoServer(process, endpoint, log);
        server.awaitReady(Duration.ofSeconds(30));
        return server;
    }

    private static Process launch(List<String> command, List<String> arguments, File log) throws IOException {
        List<String> line = new ArrayList<>(command);
        line.addAll(arguments);
        return new ProcessBuilder(line).redirectErrorStream(true).redirectOutput(log).start();
    }

    private static String launcher() {
        try (InputStream in = MotoServer.class.getResourceAsStream("moto_launcher.py")) {
            if (in == null) {
                throw new IllegalStateException("moto_launcher.py is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void awaitReady(Duration timeout) {
        Instant giveUp = Instant.now().plus(timeout);
        while (Instant.now().isBefore(giveUp)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("moto_server exited with " + process.exitValue() + lastLines());
            }
            try {
                HttpURLConnection connection = (HttpURLConnection) endpoint.resolve("/moto-api/").toURL().openConnection();
                connection.setConnectTimeout(500);
                if (connection.getResponseCode() > 0) {
                    return;
                }
            } catch (IOException notYet) {
                // keep waiting
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        close();
        throw new IllegalStateException("moto_server did not answer within " + timeout + lastLines());
    }

    /** The end of moto's output, for an error message: why it exited. */
    private String lastLines() {
        try {
            List<String> lines = Files.readAllLines(log.toPath(), StandardCharsets.UTF_8);
            return lines.isEmpty() ? "" : ": " + String.join(" | ", lines.subList(Math.max(0, lines.size() - 3), lines.size()));
        } catch (IOException e) {
            return "";
        }
    }

    /** Where moto's output goes: warnings, errors and tracebacks (no line per request). */
    public Path logFile() {
        return log.toPath();
    }

    public URI endpoint() {
        return endpoint;
    }

    /** Clears every resource moto holds, between tests. */
    public void reset() {
        try {
            HttpURLConnection connection = (HttpURLConnection) endpoint.resolve("/moto-api/reset").toURL().openConnection();
            connection.setRequestMethod("POST");
            if (connection.getResponseCode() != 200) {
                throw new IllegalStateException("moto reset answered " + connection.getResponseCode());
            }
        } catch (IOException e) {
            throw new IllegalStateException("moto reset failed", e);
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
