package io.s3bulkrestore.benchmarks.coldstart;

import io.s3bulkrestore.benchmarks.Benchmark;
import io.s3bulkrestore.benchmarks.Benchmark;
import io.s3bulkrestore.benchmarks.Figure;
import software.amazon.awssdk.http.apache.ApacheHttpClient;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Cold start of every function: a fresh JVM per run whose classpath is the function's Lambda zip, started with
 * the template's environment pointing at local emulators; the time from process start to the first handled
 * request (handler constructed as Lambda does, one real request through all its clients). Ours (clients built
 * once with explicit region, environment credentials and the url-connection client; JSON logs through
 * {@code lambda-logging}) against the same handler as the obvious setup builds it: the SDK's defaults (default
 * region and credential chains, the default Apache HTTP client) and Powertools' Log4j2 JSON logging
 * ({@link BaselineLogging}, what the functions shipped before). Runs alternate between the two so drift on a
 * shared machine hits both alike; the figure is the median.
 *
 * <p>Also the zip sizes: ours against ours plus the Apache client and the Log4j2 logging the baseline needs.
 */
public final class ColdStartBenchmark implements Benchmark {

    static final String NAME = "cold start";
    /** System property: print every run's time and the handler's own init and invoke times. */
    static final String VERBOSE = "coldstart.verbose";
    /**
     * System property: more options for every child JVM, separated by spaces, e.g. to profile class loading
     * ({@code -Dcoldstart.childOptions=-Xlog:class+load:file=/tmp/classes-%p.txt}).
     */
    static final String CHILD_OPTIONS = "coldstart.childOptions";
    private static final int RUNS = 10;
    private static final int QUICK_RUNS = 3;
    /**
     * The whole benchmark, emulators included, must end within this: a new round of runs (eight JVMs) starts
     * only if one more round as long as the average so far still fits. The first round always runs; the
     * figures say how many did. On an idle machine every round fits.
     */
    private static final Duration BUDGET = Duration.ofSeconds(225);
    private static final Duration QUICK_BUDGET = Duration.ofSeconds(50);

    /**
     * Most bytes each zip may have before {@code --quick} fails: about 10 % above the 19.6 MB measured without
     * Log4j2 and Powertools (22.4 MB with them), so that they do not come back unnoticed. Every function carries
     * every SDK client its module's adapters use; dropping the unused ones per function (restore-event-function
     * to 12.8 MB) made no measurable cold start difference, so they stay.
     */
    private static final Map<String, Double> ZIP_BOUNDS = Map.of(
            "api-function", 21_500_000.0,
            "restore-event-function", 21_500_000.0,
            "monitor-function", 21_500_000.0);

    /** The two ways of building the same handler that are compared. */
    enum Variant { OURS, SDK_DEFAULTS }

    private final Path projectRoot;

    public ColdStartBenchmark() {
        this(ProjectRoot.find());
    }

    public ColdStartBenchmark(Path projectRoot) {
        this.projectRoot = projectRoot;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Figure> run(boolean quick) throws Exception {
        int runs = quick ? QUICK_RUNS : RUNS;
        Duration budget = quick ? QUICK_BUDGET : BUDGET;
        long started = System.nanoTime();
        Path scratch = Files.createTempDirectory("cold-start-");
        try {
            Map<String, DeployedZip> zips = new LinkedHashMap<>();
            for (ColdStartFunction function : ColdStartFunction.values()) {
                zips.computeIfAbsent(function.module(), module -> DeployedZip.extract(
                        projectRoot.resolve(module).resolve("target").resolve(module + ".zip"),
                        scratch.resolve("zips").resolve(module)));
            }
            Path launcher = LauncherClasses.copyTo(scratch.resolve("launcher"));
            List<Path> apacheClient = apacheClientJars();
            List<Path> baselineLogging = new ArrayList<>(BaselineLogging.jars(benchmarksCodeSource()));
            baselineLogging.add(BaselineLogging.configurationDirectory(scratch));
            System.out.println("cold start: up to " + runs + " fresh JVMs per function and variant, java "
                    + Runtime.version() + " " + String.join(" ", ChildJvm.LAMBDA_LIKE_OPTIONS));

            Map<ColdStartFunction, Map<Variant, List<ChildJvm.Launch>>> launches =
                    new EnumMap<>(ColdStartFunction.class);
            int rounds = 0;
            try (EmulatedStack stack = EmulatedStack.start(projectRoot.resolve("events"), scratch)) {
                long roundsStarted = System.nanoTime();
                for (int run = 0; run < runs; run++) {
                    long now = System.nanoTime();
                    if (run > 0 && now - started + (now - roundsStarted) / run > budget.toNanos()) {
                        System.out.println("cold start: stopping after " + run + " rounds to stay within " + budget);
                        break;
                    }
                    rounds++;
                    for (ColdStartFunction function : ColdStartFunction.values()) {
                        // Alternate which variant goes first, so neither always follows the other.
                        List<Variant> order = run % 2 == 0 ? List.of(Variant.OURS, Variant.SDK_DEFAULTS)
                                : List.of(Variant.SDK_DEFAULTS, Variant.OURS);
                        for (Variant variant : order) {
                            String runId = function.name() + "-" + variant + "-" + run;
                            ChildJvm.Launch launch = coldStart(function, variant, zips.get(function.module()),
                                    launcher, apacheClient, baselineLogging, stack, stack.nextEvent(function, runId));
                            launches.computeIfAbsent(function, f -> new EnumMap<>(Variant.class))
                                    .computeIfAbsent(variant, v -> new ArrayList<>()).add(launch);
                        }
                    }
                }
            }
            return figures(rounds, launches, zips, apacheClient, baselineLogging);
        } finally {
            deleteRecursively(scratch);
        }
    }

    private static ChildJvm.Launch coldStart(ColdStartFunction function, Variant variant, DeployedZip zip,
                                             Path launcher, List<Path> apacheClient, List<Path> baselineLogging,
                                             EmulatedStack stack, Path event) {
        List<Path> classpath = new ArrayList<>(zip.classpath());
        classpath.add(launcher);
        List<String> arguments = new ArrayList<>(List.of(function.handler(), function.eventType(), event.toString()));
        if (variant == Variant.SDK_DEFAULTS) {
            classpath.addAll(apacheClient);
            classpath.addAll(baselineLogging);
            arguments.add(function.sdkDefaultsFactory());
        }
        List<String> options = new ArrayList<>(variant == Variant.SDK_DEFAULTS ? BaselineLogging.JVM_OPTIONS : List.of());
        String extra = System.getProperty(CHILD_OPTIONS, "").strip();
        if (!extra.isEmpty()) {
            options.addAll(List.of(extra.split("\\s+")));
        }
        ChildJvm.Launch launch = ChildJvm.run(options, classpath, arguments, stack.environment(function));
        HandledRequest.check(function, launch.marker());
        if (Boolean.getBoolean(VERBOSE)) {
            System.out.printf("cold start: %s %s %.0f ms: %s%n", function.logicalId(), variant, launch.millis(),
                    launch.marker().substring(0, launch.marker().indexOf(" result=")));
        }
        return launch;
    }

    private static List<Figure> figures(int runs, Map<ColdStartFunction, Map<Variant, List<ChildJvm.Launch>>> launches,
                                        Map<String, DeployedZip> zips, List<Path> apacheClient,
                                        List<Path> baselineLogging) throws IOException {
        List<Figure> figures = new ArrayList<>();
        for (var entry : launches.entrySet()) {
            String function = entry.getKey().logicalId();
            List<ChildJvm.Launch> ours = entry.getValue().get(Variant.OURS);
            List<ChildJvm.Launch> baseline = entry.getValue().get(Variant.SDK_DEFAULTS);
            figures.add(new Figure(NAME, function + " start to first response, ms (median of " + runs + ")",
                    Median.of(ours, ChildJvm.Launch::millis), Optional.of(Median.of(baseline, ChildJvm.Launch::millis)),
                    false, Optional.empty()));
            figures.add(new Figure(NAME, function + " CPU until first response, ms (median of " + runs + ")",
                    Median.of(ours, ChildJvm.Launch::cpuMillis),
                    Optional.of(Median.of(baseline, ChildJvm.Launch::cpuMillis)), false, Optional.empty()));
            figures.add(new Figure(NAME, function + " of which handler construction, ms (median of " + runs + ")",
                    Median.of(ours, ChildJvm.Launch::initMillis),
                    Optional.of(Median.of(baseline, ChildJvm.Launch::initMillis)), false, Optional.empty()));
        }
        // What the baseline's jars add to a zip (deflated, as the assembly stores them), the Apache client's and
        // the Log4j2 logging's: the baseline's zip would hold both.
        long baselineExtraBytes = ZippedSize.of(apacheClient)
                + ZippedSize.of(baselineLogging.stream().filter(Files::isRegularFile).toList());
        for (var entry : zips.entrySet()) {
            double bytes = entry.getValue().bytes();
            figures.add(new Figure(NAME, entry.getKey() + ".zip bytes", bytes,
                    Optional.of(bytes + baselineExtraBytes), true,
                    Optional.ofNullable(ZIP_BOUNDS.get(entry.getKey()))));
        }
        return figures;
    }

    /**
     * The default HTTP client's jars, which the SDK-defaults variant adds to the function's classpath. Run from
     * the shaded benchmarks.jar, its classes come from that one 57 MB jar, which must not join a function's
     * classpath (nor its size count as the client's): the build copies the client's own jars beside it.
     */
    private static Path benchmarksCodeSource() throws URISyntaxException {
        return Path.of(Benchmark.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    private static List<Path> apacheClientJars() throws URISyntaxException {
        List<Path> jars = new ArrayList<>();
        for (Class<?> type : List.of(ApacheHttpClient.class, org.apache.http.client.HttpClient.class,
                org.apache.http.HttpRequest.class, org.apache.commons.logging.Log.class,
                org.apache.commons.codec.binary.Base64.class)) {
            Path source = Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (source.equals(Path.of(Benchmark.class.getProtectionDomain().getCodeSource().getLocation().toURI()))) {
                return copiedApacheClientJars(source.resolveSibling("apache-client"));
            }
            jars.add(source);
        }
        return jars;
    }

    /** The client's jars as the build copies them, without versions in their names (benchmarks/pom.xml). */
    private static final List<String> APACHE_CLIENT_JARS = List.of("apache-client.jar", "httpclient.jar",
            "httpcore.jar", "commons-logging.jar", "commons-codec.jar");

    private static List<Path> copiedApacheClientJars(Path directory) {
        List<Path> jars = APACHE_CLIENT_JARS.stream().map(directory::resolve).toList();
        List<Path> missing = jars.stream().filter(jar -> !Files.isRegularFile(jar)).toList();
        if (!missing.isEmpty()) {
            throw new IllegalStateException(missing + " missing: build with mvn package -pl benchmarks -am");
        }
        return jars;
    }

    private static void deleteRecursively(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + root, e);
        }
    }
}
