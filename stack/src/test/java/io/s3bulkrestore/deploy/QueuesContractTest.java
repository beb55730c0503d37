package io.s3bulkrestore.deploy;

import io.s3bulkrestore.adapters.config.ApiFunctionConfig;
import io.s3bulkrestore.adapters.config.RestoreEventFunctionConfig;
import io.s3bulkrestore.adapters.config.TallyFunctionConfig;
import io.s3bulkrestore.deploy.StackTemplate.Statement;
import io.s3bulkrestore.ingest.IngestTimeEstimate;
import io.s3bulkrestore.routing.RoutingPlan;
import io.s3bulkrestore.tracking.RestoreEvent;
import io.s3bulkrestore.tracking.RestoreEventTimeEstimate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static io.s3bulkrestore.deploy.StackTemplate.arnOf;
import static io.s3bulkrestore.deploy.StackTemplate.list;
import static io.s3bulkrestore.deploy.StackTemplate.map;
import static io.s3bulkrestore.deploy.StackTemplate.strings;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The SQS queues and what consumes them: partial batch failures, a dead-letter queue each, visibility timeouts and
 * batches that fit the consuming function's timeout, encryption, and the rule that routes restore events in.
 * (PoliciesContractTest checks the queues' TLS-only policies, AlarmsContractTest their alarms.)
 */
class QueuesContractTest {

    /** The EventBridge detail-types of the restore events SQS mode routes too (RoutingPlan.RESTORE_EVENTS). */
    private static final Set<String> ROUTED_DETAIL_TYPES = RoutingPlan.RESTORE_EVENTS.stream()
            .map(name -> RestoreEvent.Kind.fromName(name).orElseThrow().eventBridgeDetailType())
            .collect(Collectors.toSet());

    private static StackTemplate stack;

    @BeforeAll
    static void loadTemplate() throws Exception {
        stack = StackTemplate.load();
    }

    @Test
    void shouldReportPartialBatchFailuresFromEverySqsEventSource() {
        assertThat(sqsEventSources()).as("SQS event sources").hasSizeGreaterThanOrEqualTo(2);
        sqsEventSources().forEach(source -> assertThat(list(source.properties().getOrDefault("FunctionResponseTypes", List.of())))
                .as("%s FunctionResponseTypes", source.where()).contains("ReportBatchItemFailures"));
    }

    @Test
    void shouldGiveEveryConsumedQueueADeadLetterQueue() {
        for (SqsEventSource source : sqsEventSources()) {
            Map<String, Object> queue = queueProperties(source);
            Map<String, Object> redrive = map(queue.get("RedrivePolicy"));
            String deadLetterQueue = arnOf(redrive.get("deadLetterTargetArn"), source.where() + " DLQ");

            assertThat(map(stack.resources().get(deadLetterQueue))).as(deadLetterQueue).containsEntry("Type", "AWS::SQS::Queue");
            assertThat(deadLetterQueue).as("%s DLQ is not the queue itself", source.where())
                    .isNotEqualTo(source.queue());
            if (source.queue().equals("CopyQueue")) {
                // The copy worker records a copy failed at CopyMaxAttempts deliveries: the queue must deliver more
                // often than that, or a copy that keeps failing for a passing reason would land in the DLQ unrecorded.
                Map<String, Object> attempts = stack.parameter("CopyMaxAttempts");
                assertThat(((Number) redrive.get("maxReceiveCount")).intValue())
                        .as("CopyQueue maxReceiveCount > CopyMaxAttempts' MaxValue")
                        .isGreaterThan(((Number) attempts.get("MaxValue")).intValue());
            } else {
                assertThat(redrive.get("maxReceiveCount")).as("%s maxReceiveCount", source.where())
                        .isEqualTo(Map.of("Ref", "MaxReceiveCount"));
            }
            assertThat(map(map(stack.resources().get(deadLetterQueue)).get("Properties")))
                    .as("%s keeps messages for the 14-day maximum", deadLetterQueue)
                    .containsEntry("MessageRetentionPeriod", 1_209_600);
        }
    }

    @Test
    void shouldHideEveryMessageForSixFunctionTimeoutsPlusTheBatchingWindow() {
        for (SqsEventSource source : sqsEventSources()) {
            int timeout = ((Number) stack.functionProperty(stack.function(source.function()), "Timeout")).intValue();
            int window = upperBound(source.properties().get("MaximumBatchingWindowInSeconds"));
            Object visibility = queueProperties(source).get("VisibilityTimeout");

            assertThat(visibility).as("%s VisibilityTimeout is a literal number of seconds", source.queue())
                    .isInstanceOf(Number.class);
            assertThat(((Number) visibility).intValue())
                    .as("%s VisibilityTimeout >= 6 x %s Timeout (%s) + batching window (%s)", source.queue(),
                            source.function(), timeout, window)
                    .isGreaterThanOrEqualTo(6 * timeout + window);
        }
    }

    /**
     * Work must not outlive its function's timeout (issue 14 point 5). Ingest: each chunk of a batch starts only
     * if its worst case fits in the time left, so what must fit is the first, largest chunk plus the time to
     * queue the rest of the batch again.
     */
    @Test
    void shouldFitTheLargestManifestChunkInIngestFunctionsTimeoutWithTimeToQueueTheRestAgain() {
        Map<String, Object> chunkBytes = stack.parameter("ManifestChunkBytes");
        long largest = ((Number) chunkBytes.get("MaxValue")).longValue();
        int timeout = ((Number) stack.functionProperty(stack.function("IngestFunction"), "Timeout")).intValue();

        assertThat(largest).as("IngestTimeEstimate.LARGEST_CHUNK_BYTES is ManifestChunkBytes' MaxValue")
                .isEqualTo(IngestTimeEstimate.LARGEST_CHUNK_BYTES);
        assertThat(IngestTimeEstimate.ofBytes(largest).plus(IngestTimeEstimate.RESERVE))
                .as("worst case of a %s-byte chunk + reserve <= IngestFunction Timeout (%s s)", largest, timeout)
                .isLessThanOrEqualTo(Duration.ofSeconds(timeout));
    }

    /**
     * Restore events: the largest batch the template allows fits the function's timeout at the worst-case rate,
     * with the time kept to hand messages back; the batching window passes before the invocation starts, so it
     * is not part of the function's time (it is part of the visibility timeout, tested above).
     */
    @Test
    void shouldFitTheLargestRestoreEventBatchInRestoreEventFunctionsTimeout() {
        SqsEventSource source = sqsEventSources().stream().filter(s -> s.function().equals("RestoreEventFunction"))
                .findFirst().orElseThrow();
        int largestBatch = upperBound(source.properties().get("BatchSize"));
        int timeout = ((Number) stack.functionProperty(stack.function("RestoreEventFunction"), "Timeout")).intValue();

        assertThat(RestoreEventTimeEstimate.of(largestBatch).plus(RestoreEventTimeEstimate.RESERVE))
                .as("%s events x %s + reserve <= RestoreEventFunction Timeout (%s s)", largestBatch,
                        RestoreEventTimeEstimate.WORST_CASE_PER_MESSAGE, timeout)
                .isLessThanOrEqualTo(Duration.ofSeconds(timeout));
    }

    /** What a batch has no time left for goes back to its own queue: the function is told the URL and may send. */
    @Test
    void shouldLetEverySqsConsumerSendUnstartedMessagesBackToItsOwnQueue() {
        Map<String, String> urlVariable = Map.of("IngestFunction", ApiFunctionConfig.INGEST_QUEUE_URL,
                "RestoreEventFunction", RestoreEventFunctionConfig.RESTORE_EVENTS_QUEUE_URL,
                "CopyFunction", TallyFunctionConfig.COPY_QUEUE_URL); // a copy continued later is a new task
        for (SqsEventSource source : sqsEventSources()) {
            assertThat(stack.environment(stack.function(source.function())))
                    .as("%s is told its queue's URL", source.function())
                    .containsEntry(urlVariable.get(source.function()), Map.of("Ref", source.queue()));
            List<Statement> sends = stack.allowStatements().stream()
                    .filter(statement -> statement.where().startsWith(source.function() + "/"))
                    .filter(statement -> strings(statement.body().get("Action")).contains("sqs:SendMessage"))
                    .toList();
            assertThat(sends).as("%s may send to its own queue only", source.function())
                    .extracting(statement -> statement.body().get("Resource"))
                    .containsExactly(Map.of("Fn::GetAtt", List.of(source.queue(), "Arn")));
        }
    }

    @Test
    void shouldSetABatchingWindowWheneverTheBatchCanExceedTen() {
        // Lambda refuses an SQS event source with BatchSize > 10 and no batching window of at least 1 s.
        for (SqsEventSource source : sqsEventSources()) {
            if (upperBound(source.properties().get("BatchSize")) > 10) {
                assertThat(lowerBound(source.properties().get("MaximumBatchingWindowInSeconds")))
                        .as("%s MaximumBatchingWindowInSeconds", source.where()).isGreaterThanOrEqualTo(1);
            }
        }
    }

    @Test
    void shouldEncryptEveryQueue() {
        stack.resources().forEach((name, resource) -> {
            if ("AWS::SQS::Queue".equals(map(resource).get("Type"))) {
                assertThat(map(map(resource).get("Properties"))).as(name).containsEntry("SqsManagedSseEnabled", true);
            }
        });
    }

    @Test
    void shouldForwardExactlyTheAllowedBucketsRestoreEventsToTheRestoreEventsQueue() {
        Map<String, Object> rule = map(stack.resources().get("RestoreEventsRule"));
        assertThat(rule).containsEntry("Type", "AWS::Events::Rule");
        Map<String, Object> pattern = map(map(rule.get("Properties")).get("EventPattern"));

        assertThat(rule).containsEntry("Condition", "RoutesThroughEventBridge");
        assertThat(list(pattern.get("source"))).containsExactly("aws.s3");
        // Completions only (they carry the expiry): every other routed event is a message and an invocation paid for.
        assertThat(ROUTED_DETAIL_TYPES).containsExactly("Object Restore Completed");
        assertThat(list(pattern.get("detail-type"))).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(ROUTED_DETAIL_TYPES);
        assertThat(map(map(pattern.get("detail")).get("bucket")).get("name")).isEqualTo(Map.of("Ref", "AllowedBuckets"));
        assertThat(list(map(rule.get("Properties")).get("Targets"))).singleElement().satisfies(target ->
                assertThat(map(target).get("Arn")).isEqualTo(Map.of("Fn::GetAtt", List.of("RestoreEventsQueue", "Arn"))));
        assertThat(map(stack.section("Conditions").get("RoutesThroughEventBridge")))
                .isEqualTo(Map.of("Fn::Equals", List.of(Map.of("Ref", "RoutingMode"), "EVENTBRIDGE")));
    }

    private record SqsEventSource(String function, String event, String queue, Map<String, Object> properties) {
        String where() {
            return function + "." + event;
        }
    }

    private static List<SqsEventSource> sqsEventSources() {
        List<SqsEventSource> sources = new ArrayList<>();
        stack.functions().forEach((name, function) -> map(map(function.get("Properties")).getOrDefault("Events", Map.of()))
                .forEach((eventName, event) -> {
                    if ("SQS".equals(map(event).get("Type"))) {
                        Map<String, Object> properties = map(map(event).get("Properties"));
                        String queue = arnOf(properties.get("Queue"), name + "." + eventName + " Queue");
                        sources.add(new SqsEventSource(name, eventName, queue, properties));
                    }
                }));
        return sources;
    }

    private static Map<String, Object> queueProperties(SqsEventSource source) {
        Map<String, Object> queue = map(stack.resources().get(source.queue()));
        assertThat(queue).as("%s queue", source.where()).containsEntry("Type", "AWS::SQS::Queue");
        return map(queue.get("Properties"));
    }

    /** The largest value a literal or a Number parameter reference can take (an absent value is 0). */
    private static int upperBound(Object value) {
        return bound(value, "MaxValue");
    }

    /** The smallest value a literal or a Number parameter reference can take (an absent value is 0). */
    private static int lowerBound(Object value) {
        return bound(value, "MinValue");
    }

    private static int bound(Object value, String limit) {
        if (value == null) {
            return 0;
        }
        if (value instanceof Number number) {
            return number.intValue();
        }
        Map<String, Object> parameter = stack.parameterOf(value);
        assertThat(parameter).as("parameter %s", value).containsEntry("Type", "Number").containsKey(limit);
        return ((Number) parameter.get(limit)).intValue();
    }
}
