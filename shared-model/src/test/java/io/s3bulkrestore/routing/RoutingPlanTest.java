package io.s3bulkrestore.routing;

import io.s3bulkrestore.routing.RoutingPlan.Decision;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RoutingPlanTest {

    private static final String OUR_QUEUE = "arn:aws:sqs:us-east-1:123456789012:restore-events";

    private static NotificationTarget target(String kind, String arn, String events, String prefix, String suffix) {
        return new NotificationTarget(kind, "their-id", arn, List.of(events.split(" ")), prefix, suffix);
    }

    @Test
    void shouldAddOurQueueWhenNothingElseListensToRestores() {
        var existing = List.of(
                target("Topic", "arn:aws:sns:us-east-1:1:uploads", "s3:ObjectCreated:*", "", ""),
                target("LambdaFunction", "arn:aws:lambda:us-east-1:1:function:f", "s3:ObjectRemoved:Delete", "logs/", ""));

        Decision decision = RoutingPlan.plan(existing, "Queue", OUR_QUEUE, "s3-bulk-restore");

        assertThat(decision).isInstanceOfSatisfying(Decision.Add.class, add -> {
            assertThat(add.added().arn()).isEqualTo(OUR_QUEUE);
            assertThat(add.added().events()).containsExactlyElementsOf(RoutingPlan.RESTORE_EVENTS);
        });
    }

    @Test
    void shouldReuseAConfigurationThatAlreadyDeliversToUs() {
        var existing = List.of(target("Queue", OUR_QUEUE, "s3:ObjectRestore:*", "", ""));

        assertThat(RoutingPlan.plan(existing, "Queue", OUR_QUEUE, "s3-bulk-restore"))
                .isInstanceOf(Decision.AlreadyRouted.class);
    }

    @Test
    void shouldNameTheConfigurationThatAlreadyTakesRestoreEvents() {
        var existing = List.of(target("Topic", "arn:aws:sns:us-east-1:1:ops", "s3:ObjectRestore:Completed", "", ""));

        Decision decision = RoutingPlan.plan(existing, "Queue", OUR_QUEUE, "s3-bulk-restore");

        assertThat(decision).isInstanceOfSatisfying(Decision.Conflict.class, conflict ->
                assertThat(conflict.reason()).contains("Topic 'their-id'", "arn:aws:sns:us-east-1:1:ops",
                        "s3:ObjectRestore:Completed", "EVENTBRIDGE"));
    }

    @Test
    void shouldTreatOurOwnQueueWithAFilterAsAConflictNotAsRouted() {
        var existing = List.of(target("Queue", OUR_QUEUE, "s3:ObjectRestore:*", "only/", ""));

        assertThat(RoutingPlan.plan(existing, "Queue", OUR_QUEUE, "s3-bulk-restore"))
                .isInstanceOf(Decision.Conflict.class);
    }

    @ParameterizedTest(name = "{0} {1} {2} / {3} {4} {5} -> {6}")
    @CsvSource({
            "s3:ObjectRestore:*,         '',     '',     s3:ObjectRestore:Post,      '',     '',     true",
            "s3:ObjectRestore:Post,      '',     '',     s3:ObjectRestore:Completed, '',     '',     false",
            "s3:ObjectCreated:*,         '',     '',     s3:ObjectRestore:*,         '',     '',     false",
            "s3:ObjectRestore:Completed, logs/,  '',     s3:ObjectRestore:*,         '',     '',     true",
            "s3:ObjectRestore:Completed, logs/,  '',     s3:ObjectRestore:*,         data/,  '',     false",
            "s3:ObjectRestore:Completed, logs/,  '',     s3:ObjectRestore:*,         logs/a, '',     true",
            "s3:ObjectRestore:Completed, '',     .csv,   s3:ObjectRestore:*,         '',     .json,  false",
            "s3:ObjectRestore:Completed, '',     .csv,   s3:ObjectRestore:*,         '',     a.csv,  true",
    })
    void shouldFollowS3sOverlapRule(String eventsA, String prefixA, String suffixA, String eventsB, String prefixB,
                                    String suffixB, boolean overlap) {
        var a = target("Queue", "arn:a", eventsA, prefixA, suffixA);
        var b = target("Topic", "arn:b", eventsB, prefixB, suffixB);
        assertThat(a.overlaps(b)).isEqualTo(overlap);
        assertThat(b.overlaps(a)).isEqualTo(overlap);
    }
}
