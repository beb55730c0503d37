package io.s3bulkrestore.sandbox.batch;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * S3 Batch Operations on one machine: an HTTP server on a loopback port speaking S3 Control's REST-XML for
 * CreateJob, DescribeJob, UpdateJobStatus and ListJobs (the operations s3-bulk-restore uses), so the
 * project's real {@code S3ControlBatchOperations} adapter runs against it unchanged. Jobs restore objects
 * through the S3 API (moto in the sandbox) at a configurable rate, and restores complete over a configurable
 * span (see {@link RestoreCompleter}).
 *
 * <p>moto has no Intelligent-Tiering access tiers; the emulator adds them to restore jobs (see
 * {@link RestoreInitiator}): an INTELLIGENT_TIERING object is in an archive tier when it carries the tag of
 * {@link IntelligentTieringTiers}, its restore completes after the restore span by losing that tag, and the
 * {@link TierRestoreListener} given at start delivers the Completed event moto cannot send. What still differs
 * from S3: the tier is a tag (visible to GetObjectTagging, and counted among the object's ten tags); HeadObject
 * shows no {@code x-amz-archive-status} and GetObject serves an archived object; no Initiated event is sent for
 * these restores, and the Completed one is sent by the listener, not by S3's notification machinery; objects never
 * move into an archive tier on their own (no access tracking); completion takes the restore span like a Glacier
 * restore, whatever the tier and the retrieval tier.
 *
 * <p>Point an {@code S3ControlClient} at {@link #endpoint()} with host-prefix injection disabled and a fixed
 * endpoint (what {@code AwsClients} does for an S3 Control endpoint override).
 *
 * <p>This class is the HTTP surface of the four operations (over 300 lines: one request parser and one XML answer
 * each); a job's lifecycle is {@code BatchJob}, its restores {@link RestoreInitiator} and {@link RestoreCompleter}.
 */
public final class BatchOperationsEmulator implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BatchOperationsEmulator.class);
    private static final String JOBS = "/v20180820/jobs";
    private static final int DEFAULT_MAX_RESULTS = 1000;

    private final S3Client s3;
    private final BatchEmulatorSettings settings;
    private final Clock clock;
    private final Supplier<String> jobIds;
    private final String region;

    private final Map<String, BatchJob> jobs = new ConcurrentHashMap<>();
    private final Map<String, String> jobIdsByToken = new ConcurrentHashMap<>();
    private final AtomicLong requestIds = new AtomicLong();
    private final ExecutorService runners;
    private final RestoreCompleter completer;
    private final HttpServer server;

    private BatchOperationsEmulator(S3Client s3, BatchEmulatorSettings settings, Clock clock, Supplier<String> jobIds,
                                    String region, TierRestoreListener tierRestores) throws IOException {
        this.s3 = Objects.requireNonNull(s3, "s3");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.jobIds = Objects.requireNonNull(jobIds, "jobIds");
        this.region = Objects.requireNonNull(region, "region");
        this.runners = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "batch-emulator-job");
            thread.setDaemon(true);
            return thread;
        });
        this.completer = new RestoreCompleter(s3, settings.restoreSpan(), settings.restorePollInterval(),
                Objects.requireNonNull(tierRestores, "tierRestores"), clock);
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        this.server.createContext("/", this::handle);
        this.server.setExecutor(Executors.newFixedThreadPool(4, runnable -> {
            Thread thread = new Thread(runnable, "batch-emulator-http");
            thread.setDaemon(true);
            return thread;
        }));
    }

    /**
     * Starts an emulator on a free loopback port.
     *
     * @param s3 the S3 the jobs read manifests from, restore objects in and write reports to (moto)
     */
    public static BatchOperationsEmulator start(S3Client s3, BatchEmulatorSettings settings) {
        return start(s3, settings, TierRestoreListener.NONE);
    }

    /**
     * Starts an emulator on a free loopback port.
     *
     * @param s3           the S3 the jobs read manifests from, restore objects in and write reports to (moto)
     * @param tierRestores told of each Intelligent-Tiering restore completed, to deliver the event S3 would send
     */
    public static BatchOperationsEmulator start(S3Client s3, BatchEmulatorSettings settings,
                                                TierRestoreListener tierRestores) {
        return start(s3, settings, Clock.systemUTC(), () -> UUID.randomUUID().toString(), "us-east-1", tierRestores);
    }

    public static BatchOperationsEmulator start(S3Client s3, BatchEmulatorSettings settings, Clock clock,
                                                Supplier<String> jobIds, String region) {
        return start(s3, settings, clock, jobIds, region, TierRestoreListener.NONE);
    }

    public static BatchOperationsEmulator start(S3Client s3, BatchEmulatorSettings settings, Clock clock,
                                                Supplier<String> jobIds, String region,
                                                TierRestoreListener tierRestores) {
        try {
            BatchOperationsEmulator emulator = new BatchOperationsEmulator(s3, settings, clock, jobIds, region,
                    tierRestores);
            emulator.server.start();
            LOG.info("S3 Batch Operations emulator listening on {}", emulator.endpoint());
            return emulator;
        } catch (IOException e) {
            throw new UncheckedIOException("the S3 Batch Operations emulator could not open a loopback port", e);
        }
    }

    public URI endpoint() {
        InetSocketAddress address = server.getAddress();
        return URI.create("http://" + address.getAddress().getHostAddress() + ":" + address.getPort());
    }

    public BatchEmulatorSettings settings() {
        return settings;
    }

    /** Restores initiated but not yet completed (their Completed event not yet sent). */
    public int restoresPending() {
        return completer.pendingCount();
    }

    /** Restores completed so far (their Completed event sent). */
    public long restoresCompleted() {
        return completer.completedCount();
    }

    /** When the last restore completed, by the wall clock; empty before the first. */
    public Optional<Instant> lastRestoreCompletedAt() {
        return completer.lastCompletedAt();
    }

    // ---- HTTP ----

    private void handle(HttpExchange exchange) {
        String requestId = "EMU" + requestIds.incrementAndGet();
        try (exchange) {
            try {
                String body = route(exchange);
                respond(exchange, 200, body, requestId);
            } catch (S3ControlError error) {
                LOG.debug("{} {} -> {} {}", exchange.getRequestMethod(), exchange.getRequestURI(), error.code(),
                        error.getMessage());
                respond(exchange, error.httpStatus(), JobXml.errorResponse(error, requestId), requestId);
            } catch (RuntimeException e) {
                LOG.error("{} {} failed", exchange.getRequestMethod(), exchange.getRequestURI(), e);
                respond(exchange, 500, JobXml.errorResponse(new S3ControlError(500, "InternalError",
                        "We encountered an internal error. Please try again."), requestId), requestId);
            }
        } catch (IOException e) {
            LOG.debug("could not answer {}: {}", exchange.getRequestURI(), e.toString());
        }
    }

    private String route(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getPath();
        Map<String, List<String>> query = query(exchange.getRequestURI().getRawQuery());
        if (!path.startsWith(JOBS)) {
            throw new S3ControlError(501, "NotImplemented", "The emulator implements only the Batch Operations job API");
        }
        String accountId = exchange.getRequestHeaders().getFirst("x-amz-account-id");
        if (accountId == null || !accountId.matches("\\d{12}")) {
            throw S3ControlError.invalidRequest("the x-amz-account-id header must carry a 12-digit account id");
        }
        String rest = path.substring(JOBS.length());
        if (rest.isEmpty() || rest.equals("/")) {
            return switch (method) {
                case "POST" -> createJob(accountId, readBody(exchange));
                case "GET" -> listJobs(accountId, query);
                default -> throw methodNotAllowed(method);
            };
        }
        String[] parts = rest.substring(1).split("/");
        String jobId = URLDecoder.decode(parts[0], StandardCharsets.UTF_8);
        if (parts.length == 1 && method.equals("GET")) {
            return JobXml.describeJobResult(job(accountId, jobId).view(), region);
        }
        if (parts.length == 2 && parts[1].equals("status") && method.equals("POST")) {
            return updateJobStatus(job(accountId, jobId), query);
        }
        throw new S3ControlError(501, "NotImplemented", method + " " + path + " is not implemented by the emulator");
    }

    private String createJob(String accountId, byte[] body) {
        JobSpec spec = CreateJobRequestReader.read(accountId, body);
        // One job per client request token: a retried CreateJob gets the first job's id back.
        String tokenKey = accountId + "/" + spec.clientRequestToken();
        synchronized (jobIdsByToken) {
            String existing = jobIdsByToken.get(tokenKey);
            if (existing != null) {
                if (!jobs.get(existing).spec().equals(spec)) {
                    throw S3ControlError.idempotency(spec.clientRequestToken());
                }
                return JobXml.createJobResult(existing);
            }
            BatchJob job = new BatchJob(jobIds.get(), spec, clock);
            jobs.put(job.id(), job);
            jobIdsByToken.put(tokenKey, job.id());
            TaskSourceReader sources = new TaskSourceReader(new ManifestReader(s3), new ManifestGenerator(s3),
                    new GeneratedManifestWriter(s3), clock);
            runners.execute(new JobRunner(job, sources, new RestoreInitiator(s3, completer), new CompletionReport(s3),
                    settings.tasksPerSecond(), clock));
            LOG.info("batch job {} created for client request token {}", job.id(), spec.clientRequestToken());
            return JobXml.createJobResult(job.id());
        }
    }

    private String updateJobStatus(BatchJob job, Map<String, List<String>> query) {
        String requested = first(query, "requestedJobStatus");
        if (requested == null) {
            throw S3ControlError.invalidRequest("the required query parameter requestedJobStatus is missing");
        }
        String reason = first(query, "statusUpdateReason");
        // JobStatusUpdateReason: 1 to 256 characters
        // (https://docs.aws.amazon.com/AmazonS3/latest/API/API_control_UpdateJobStatus.html).
        if (reason != null && (reason.isEmpty() || reason.length() > 256)) {
            throw S3ControlError.invalidRequest("statusUpdateReason must be 1 to 256 characters long, got "
                    + reason.length());
        }
        BatchJobStatus status = switch (requested) {
            case "Cancelled" -> job.requestCancel(reason);
            case "Ready" -> job.confirm(reason);
            default -> throw S3ControlError.invalidRequest("requestedJobStatus must be Cancelled or Ready, got '"
                    + requested + "'");
        };
        return JobXml.updateJobStatusResult(job.id(), status, reason);
    }

    private String listJobs(String accountId, Map<String, List<String>> query) {
        Set<BatchJobStatus> statuses = EnumSet.noneOf(BatchJobStatus.class);
        for (String value : query.getOrDefault("jobStatuses", List.of())) {
            for (String status : value.split(",")) {
                try {
                    statuses.add(BatchJobStatus.valueOf(status.trim()));
                } catch (IllegalArgumentException e) {
                    throw S3ControlError.invalidRequest("jobStatuses has an unknown status '" + status + "'");
                }
            }
        }
        int maxResults = DEFAULT_MAX_RESULTS;
        String max = first(query, "maxResults");
        if (max != null) {
            try {
                maxResults = Integer.parseInt(max);
            } catch (NumberFormatException e) {
                maxResults = -1;
            }
            if (maxResults < 0 || maxResults > DEFAULT_MAX_RESULTS) {
                throw S3ControlError.invalidRequest("maxResults must be between 0 and 1000");
            }
        }
        List<BatchJob.View> matching = new ArrayList<>();
        for (BatchJob job : jobs.values()) {
            BatchJob.View view = job.view();
            if (view.spec().accountId().equals(accountId) && (statuses.isEmpty() || statuses.contains(view.status()))) {
                matching.add(view);
            }
        }
        matching.sort(Comparator.comparing(BatchJob.View::creationTime).reversed().thenComparing(BatchJob.View::jobId));
        int from = 0;
        String token = first(query, "nextToken");
        if (token != null) {
            try {
                from = Integer.parseInt(token);
            } catch (NumberFormatException e) {
                throw S3ControlError.invalidNextToken(token);
            }
            if (from < 0 || from > matching.size()) {
                throw S3ControlError.invalidNextToken(token);
            }
        }
        int to = Math.min(matching.size(), from + maxResults);
        return JobXml.listJobsResult(matching.subList(from, to), to < matching.size() ? Integer.toString(to) : null);
    }

    private BatchJob job(String accountId, String jobId) {
        BatchJob job = jobs.get(jobId);
        if (job == null || !job.spec().accountId().equals(accountId)) {
            throw S3ControlError.noSuchJob(jobId);
        }
        return job;
    }

    private static S3ControlError methodNotAllowed(String method) {
        return new S3ControlError(405, "MethodNotAllowed", "The method " + method + " is not allowed on the jobs resource");
    }

    private static byte[] readBody(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            return in.readAllBytes();
        }
    }

    private static Map<String, List<String>> query(String rawQuery) {
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return parameters;
        }
        for (String pair : rawQuery.split("&")) {
            int equals = pair.indexOf('=');
            String name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
            String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
            parameters.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
        }
        return parameters;
    }

    private static String first(Map<String, List<String>> query, String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    private static void respond(HttpExchange exchange, int status, String body, String requestId) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/xml");
        exchange.getResponseHeaders().set("x-amz-request-id", requestId);
        exchange.getResponseHeaders().set("x-amz-id-2", "batch-operations-emulator");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        ((ExecutorService) server.getExecutor()).shutdownNow();
        runners.shutdownNow();
        completer.close();
        try {
            runners.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
