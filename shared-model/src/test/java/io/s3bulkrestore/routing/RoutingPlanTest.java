package io.s3bulkrestore.routing;

import io.s3bulkrestore.routing.RoutingPlan.Decision;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RoutingPlanTest {

    private static final String OUR_QUEUE = "arn:aws:sqs:us-east-1:123456789012:restore-events";

    private static NotificationTarget target(String kind, String arn, String events, String prefix, String suffix) {
        return new NotificationTarget(kind, "their-id", arn, List.of(events.split(" ")), prefix, suffix);
    }

    @Test
    void shouldAddOurQueueForCompletedOnlyWhenNothingElseListensToRestores() {
        var existing = List.of(
                target("Topic", "arn:aws:sns:us-east-1:1:uploads", "s3:ObjectCreated:*", "", ""),
                target("LambdaFunction", "arn:aws:lambda:us-east-1:1:function:f", "s3:ObjectRemoved:Delete", "logs/", ""));

        Decision decision = RoutingPlan.plan(existing, "Queue", OUR_QUEUE, "s3-bulk-restore");

        assertThat(decision).isInstanceOfSatisfying(Decision.Add.class, add -> {
            assertThat(add.added().arn()).isEqualTo(OUR_QUEUE);
            assertThat(add.added().id()).isEqualTo("s3-bulk-restore");
            assertThat(add.added().events()).containsExactly("s3:ObjectRestore:Completed");
        });
    }

    @Test
    void shouldLeaveAConfigurationThatSendsExactlyCompletedToUsAsItIs() {
        var existing = List.of(
                target("Topic", "arn:aws:sns:us-east-1:1:uploads", "s3:ObjectCreated:*", "", ""),
                target("Queue", OUR_QUEUE, "s3:ObjectRestore:Completed", "", ""));

        assertThat(RoutingPlan.plan(existing, "Queue", OUR_QUEUE, "s3-bulk-restore"))
                .isInstanceOfSatisfying(Decision.AlreadyRouted.class, routed ->
                        assertThat(routed.existing()).isEqualTo(existing.get(1)));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "s3:ObjectRestore:Post s3:ObjectRestore:Completed s3:ObjectRestore:Delete",
            "s3:ObjectRestore:*",
            "s3:ObjectRestore:Post s3:ObjectRestore:Completed",
            "s3:ObjectRestore:Completed s3:ObjectRestore:Delete",
    })
    void shouldNarrowTheConfigurationAnOlderVersionOfUsWroteToCompletedOnly(String oldEvents) {
        // Given our queue's unfiltered configuration as an older version of this stack wrote it, beside others
        NotificationTarget ours = new NotificationTarget("Queue", "s3-bulk-restore-restore-events", OUR_QUEUE,
                List.of(oldEvents.split(" ")), "", "");
        var existing = List.of(
                target("Topic", "arn:aws:sns:us-east-1:1:uploads", "s3:ObjectCreated:*", "", ""),
                ours,
                target("LambdaFunction", "arn:aws:lambda:us-east-1:1:function:f", "s3:ObjectRemoved:Delete", "logs/", ""));

        // When
        Decision decision = RoutingPlan.plan(existing, "Queue", OUR_QUEUE, "s3-bulk-restore-restore-events");

        // Then it names that configuration, and its narrowed form differs only in its events
        assertThat(decision).isInstanceOfSatisfying(Decision.Narrow.class, narrow -> {
            assertThat(narrow.existing()).isEqualTo(ours);
            assertThat(narrow.narrowed()).isEqualTo(new NotificationTarget("Queue", "s3-bulk-restore-restore-events",
                    OUR_QUEUE, List.of("s3:ObjectRestore:Completed"), "", ""));
        });
    }

    @Test
    void shouldRecogniseOurConfigurationByOurQueueWhateverItsId() {
        // Given an unfiltered configuration for our queue that someone gave another id
        var existing = List.of(target("Queue", OUR_QUEUE, "s3:ObjectRestore:*", "", ""));

        // Then it is ours to narrow, and keeps its id
        assertThat(RoutingPlan.plan(existing, "Queue", OUR_QUEUE, "s3-bulk-restore"))
                .isInstanceOfSatisfying(Decision.Narrow.class, narrow -> {
                    assertThat(narrow.narrowed().id()).isEqualTo("their-id");
                    assertThat(narrow.narrowed().events()).containsExactly("s3:ObjectRestore:Completed");
                });
    }

    @Test
    void shouldNotTakeAnotherQueueForOursBecauseItCarriesOurId() {
        // Given another deployment's configuration: the same id, its own queue
        var existing = List.of(new NotificationTarget("Queue", "s3-bulk-restore-restore-events",
                "arn:aws:sqs:us-east-1:123456789012:other-stack-restore-events", List.of("s3:ObjectRestore:*"), "", ""));

        // Then it is neither narrowed nor replaced: S3 would refuse ours beside it
        assertThat(RoutingPlan.plan(existing, "Queue", OUR_QUEUE, "s3-bulk-restore-restore-events"))
                .isInstanceOfSatisfying(Decision.Conflict.class, conflict ->
                        assertThat(conflict.reason()).contains("other-stack-restore-events"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"s3:ObjectRestore:Post", "s3:ObjectRestore:Delete",
            "s3:ObjectRestore:Post s3:ObjectRestore:Delete"})
    void shouldAddBesideAnotherConfigurationThatTakesOnlyRestoreEventsWeDoNotUse(String theirEvents) {
        var existing = List.of(target("Topic", "arn:aws:sns:us-east-1:1:ops", theirEvents, "", ""));

        assertThat(RoutingPlan.plan(existing, "Queue", OUR_QUEUE, "s3-bulk-restore"))
                .isInstanceOfSatisfying(Decision.Add.class, add ->
                        assertThat(add.added().events()).containsExactly("s3:ObjectRestore:Completed"));
    }

    @Test
    void shouldReuseTheUsersTopicAsItIsWithoutNarrowingIt() {
        // Given the user's own topic already takes every restore event (the CLI's --sns-arn wants Post and Completed)
        String topic = "arn:aws:sns:us-east-1:1:my-restores";
        var existing = List.of(target("Topic", topic, "s3:ObjectRestore:*", "", ""));

        // Then what else it sends is the user's business
        assertThat(RoutingPlan.plan(existing, "Topic", topic, "s3-bulk-restore",
                List.of("s3:ObjectRestore:Post", "s3:ObjectRestore:Completed"), "advice"))
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

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
            "s3:ObjectRestore:*,         logs/",
            "s3:ObjectRestore:Completed, logs/",
            "s3:ObjectRestore:*,         ''",
    })
    void shouldReportAnotherConfigurationThatTakesCompletedEventsAsAConflict(String theirEvents, String prefix) {
        var existing = List.of(target("Queue", "arn:aws:sqs:us-east-1:1:theirs", theirEvents, prefix, ""));

        assertThat(RoutingPlan.plan(existing, "Queue", OUR_QUEUE, "s3-bulk-restore"))
                .isInstanceOfSatisfying(Decision.Conflict.class, conflict ->
                        assertThat(conflict.existing()).isEqualTo(existing.get(0)));
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
