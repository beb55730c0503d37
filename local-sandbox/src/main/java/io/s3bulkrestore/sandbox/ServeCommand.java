package io.s3bulkrestore.sandbox;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * {@code serve}: keeps the sandbox running for curl and {@code aws --endpoint-url}, printing how to reach it,
 * until interrupted; Ctrl-C stops every child process.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Run the sandbox until Ctrl-C and print its API URL, API key, topic and endpoints.")
public final class ServeCommand implements Callable<Integer> {

    @Option(names = "--api-port", defaultValue = "8787", description = "the REST API's loopback port; 0 picks a free one (default ${DEFAULT-VALUE})")
    int apiPort;

    @Option(names = "--api-key", defaultValue = SandboxSettings.DEFAULT_API_KEY, description = "the x-api-key value (default ${DEFAULT-VALUE})")
    String apiKey;

    @Option(names = "--bucket", split = ",", defaultValue = "sandbox-archive,sandbox-manifests",
            description = "buckets jobs may use, created empty (default ${DEFAULT-VALUE})")
    List<String> buckets;

    @Mixin
    PaceOptions pace;

    @Mixin
    RoutingOption routing;

    private final PrintStream out;

    public ServeCommand(PrintStream out) {
        this.out = out;
    }

    @Override
    public Integer call() throws Exception {
        var settings = new SandboxSettings(apiPort, apiKey, buckets, pace.batchSettings(),
                SandboxSettings.DEFAULT_MONITOR_INTERVAL, 10, routing.mode(), java.time.Clock.systemUTC());
        Sandbox sandbox = Sandbox.start(settings);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            sandbox.close();
            stopped.countDown();
        }, "sandbox-shutdown"));
        printHowToReachIt(sandbox);
        stopped.await();
        return 0;
    }

    private void printQueue(String name, String url, String arn) {
        out.printf("  %-12s %s%n", name, url);
        out.printf("  %-12s %s%n", "", arn);
    }

    private void printHowToReachIt(Sandbox sandbox) {
        var resources = sandbox.resources();
        String moto = sandbox.endpoints().values().iterator().next().toString();
        out.println("s3-bulk-restore sandbox is running. Ctrl-C stops it.");
        out.println();
        out.printf("  API          %s%n", sandbox.apiEndpoint());
        out.printf("  API key      %s   (header x-api-key)%n", sandbox.apiKey());
        out.printf("  topic        %s%n", resources.topicArn());
        out.printf("  reports      s3://%s/results/%n", resources.reportBucket());
        out.printf("  buckets      %s%n", String.join(", ", resources.allowedBuckets()));
        out.printf("  routing      %s%n", resources.describe().get("restore events routing"));
        // What the stack's outputs name (IngestQueueUrl, IngestDeadLetterQueueUrl, ...): to watch a job's
        // chunks and events, and to redrive a dead-letter queue (aws sqs start-message-move-task needs ARNs).
        printQueue("ingest queue", resources.ingestQueue().url(), resources.ingestQueue().arn());
        printQueue("ingest DLQ", resources.ingestQueue().deadLetterUrl(), resources.ingestQueue().deadLetterArn());
        printQueue("events queue", resources.restoreEventsQueue().url(), resources.restoreEventsQueue().arn());
        printQueue("events DLQ", resources.restoreEventsQueue().deadLetterUrl(),
                resources.restoreEventsQueue().deadLetterArn());
        sandbox.endpoints().forEach((service, endpoint) -> out.printf("  %-40s %s%n", service, endpoint));
        out.printf("  logs         %s%n", SandboxLogging.logFile());
        out.println();
        out.println("Try it:");
        out.printf("  export AWS_ACCESS_KEY_ID=sandbox AWS_SECRET_ACCESS_KEY=sandbox AWS_DEFAULT_REGION=%s%n", SandboxResources.REGION);
        out.printf("  aws --endpoint-url %s s3 cp big.csv s3://%s/manifests/big.csv%n", moto, resources.allowedBuckets().get(0));
        out.printf("  curl -sS -X POST %s/jobs -H 'x-api-key: %s' -H 'Content-Type: application/json' \\%n",
                sandbox.apiEndpoint(), sandbox.apiKey());
        out.printf("    -d '{\"bucket\":\"%s\",\"key\":\"manifests/big.csv\",\"expiration_days\":7}'%n",
                resources.allowedBuckets().get(0));
        out.flush();
    }
}
