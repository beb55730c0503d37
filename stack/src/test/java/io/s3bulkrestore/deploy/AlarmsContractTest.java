package io.s3bulkrestore.deploy;

import io.s3bulkrestore.adapters.metrics.EmfMetrics;
import io.s3bulkrestore.metrics.Metric;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

import static io.s3bulkrestore.deploy.StackTemplate.FUNCTION;
import static io.s3bulkrestore.deploy.StackTemplate.arnOf;
import static io.s3bulkrestore.deploy.StackTemplate.getAtt;
import static io.s3bulkrestore.deploy.StackTemplate.list;
import static io.s3bulkrestore.deploy.StackTemplate.map;
import static io.s3bulkrestore.deploy.StackTemplate.ref;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The alarms an operator needs (README "Operate"): any message in any dead-letter queue, errors and throttles of
 * every function, the monitor not running, crediting lag, restore events waiting; all to the alarm topic.
 */
class AlarmsContractTest {

    private static final String ALARM = "AWS::CloudWatch::Alarm";

    private static StackTemplate stack;
    private static Map<String, Map<String, Object>> alarms;

    @BeforeAll
    static void loadTemplate() throws Exception {
        stack = StackTemplate.load();
        alarms = stack.resourcesOfType(ALARM);
    }

    @Test
    void shouldSendEveryAlarmToTheAlarmTopicUnderANameTheTopicAdmits() {
        assertThat(alarms).as("alarms").hasSizeGreaterThanOrEqualTo(16);
        alarms.forEach((name, alarm) -> {
            Map<String, Object> properties = map(alarm.get("Properties"));
            assertThat(alarm).as("%s is deployed whatever the parameters", name).doesNotContainKey("Condition");
            assertThat(properties.get("AlarmActions")).as("%s AlarmActions", name).isEqualTo(List.of(ref("AlarmTopic")));
            assertThat(properties.get("OKActions")).as("%s OKActions", name).isEqualTo(List.of(ref("AlarmTopic")));
            // AlarmTopicPolicy lets CloudWatch publish for alarms named <stack>-*: a name outside it would be refused.
            assertThat(String.valueOf(map(properties.get("AlarmName")).get("Fn::Sub"))).as("%s AlarmName", name)
                    .startsWith("${AWS::StackName}-");
            assertThat(properties.get("AlarmDescription")).as("%s says what to do", name).asString().contains("README");
        });
        assertThat(stack.resource("AlarmTopic")).containsEntry("Type", "AWS::SNS::Topic");
    }

    @Test
    void shouldAlarmOnAnyMessageInEveryDeadLetterQueue() {
        // Given every dead-letter queue: the target of a queue's redrive policy or of an event source's OnFailure
        Set<String> deadLetterQueues = new TreeSet<>();
        stack.resourcesOfType("AWS::SQS::Queue").forEach((name, queue) -> {
            Object redrive = map(queue.get("Properties")).get("RedrivePolicy");
            if (redrive != null) {
                deadLetterQueues.add(arnOf(map(redrive).get("deadLetterTargetArn"), name + " deadLetterTargetArn"));
            }
        });
        stack.resourcesOfType(FUNCTION).forEach((name, function) ->
                map(map(function.get("Properties")).getOrDefault("Events", Map.of())).values().forEach(event -> {
                    Object destination = map(map(map(event).get("Properties")).getOrDefault("DestinationConfig", Map.of()))
                            .get("OnFailure");
                    if (destination != null) {
                        deadLetterQueues.add(arnOf(map(destination).get("Destination"), name + " OnFailure"));
                    }
                }));
        assertThat(deadLetterQueues).containsExactly("CopyDeadLetterQueue", "IngestDeadLetterQueue",
                "RestoreEventsDeadLetterQueue", "TallyDeadLetterQueue");

        // Then each has an alarm as soon as one message is visible in it
        deadLetterQueues.forEach(queue -> assertThat(alarmsOn("AWS/SQS", "ApproximateNumberOfMessagesVisible",
                "QueueName", getAtt(queue, "QueueName"))).as("alarms on %s", queue).anySatisfy(properties -> {
            assertThat(properties).containsEntry("Statistic", "Maximum").containsEntry("Threshold", 0)
                    .containsEntry("ComparisonOperator", "GreaterThanThreshold")
                    .containsEntry("EvaluationPeriods", 1).containsEntry("TreatMissingData", "notBreaching");
        }));
    }

    @Test
    void shouldAlarmOnErrorsAndThrottlesOfEveryFunction() {
        Set<String> functions = stack.resourcesOfType(FUNCTION).keySet();
        assertThat(functions).hasSize(6);

        for (String function : functions) {
            for (String metric : List.of("Errors", "Throttles")) {
                assertThat(alarmsOn("AWS/Lambda", metric, "FunctionName", ref(function)))
                        .as("%s alarms on %s", metric, function).anySatisfy(properties -> assertThat(properties)
                                .containsEntry("Statistic", "Sum").containsEntry("Threshold", 0)
                                .containsEntry("ComparisonOperator", "GreaterThanThreshold")
                                .containsEntry("TreatMissingData", "notBreaching"));
            }
        }
    }

    @Test
    void shouldAlarmWhenTheMonitorHasNotRunForMonitorStoppedAlarmMinutes() {
        Map<String, Object> parameter = stack.parameter("MonitorStoppedAlarmMinutes");

        assertThat(alarmsOn("AWS/Lambda", "Invocations", "FunctionName", ref("MonitorFunction"))).singleElement()
                .satisfies(properties -> assertThat(properties)
                        .containsEntry("Statistic", "Sum").containsEntry("Period", 60)
                        .containsEntry("EvaluationPeriods", ref("MonitorStoppedAlarmMinutes"))
                        .containsEntry("DatapointsToAlarm", ref("MonitorStoppedAlarmMinutes"))
                        .containsEntry("Threshold", 1).containsEntry("ComparisonOperator", "LessThanThreshold")
                        // a monitor that never runs publishes no datapoint at all
                        .containsEntry("TreatMissingData", "breaching"));
        assertThat(parameter).containsEntry("Type", "Number").containsEntry("Default", 15);
        // CloudWatch evaluates at most one day of periods.
        assertThat(((Number) parameter.get("MaxValue")).intValue() * 60).isLessThanOrEqualTo(86_400);
    }

    @Test
    void shouldAlarmWhenAJobStaysPastItsDeadlineForJobsPastDeadlineAlarmMinutes() {
        // the metric the monitor writes (EmfMetrics), by the name and dimension it writes it under
        assertThat(alarmsOn(EmfMetrics.NAMESPACE, Metric.JOBS_PAST_DEADLINE.metricName(), EmfMetrics.DIMENSION,
                ref("MonitorFunction"))).singleElement()
                .satisfies(properties -> assertThat(properties)
                        // above zero in every tick: one tick above zero is the tick that times the job out
                        .containsEntry("Statistic", "Minimum").containsEntry("Period", 60)
                        .containsEntry("EvaluationPeriods", ref("JobsPastDeadlineAlarmMinutes"))
                        .containsEntry("DatapointsToAlarm", ref("JobsPastDeadlineAlarmMinutes"))
                        .containsEntry("Threshold", 0).containsEntry("ComparisonOperator", "GreaterThanThreshold")
                        .containsEntry("TreatMissingData", "notBreaching"));
        assertThat(stack.parameter("JobsPastDeadlineAlarmMinutes")).containsEntry("Type", "Number");
    }

    @Test
    void shouldAlarmWhenTheTallyLagsMoreThanTallyLagAlarmSeconds() {
        // IteratorAge is in milliseconds; the alarm compares seconds, the parameter's unit.
        List<Map<String, Object>> lagAlarms = alarms.values().stream().map(alarm -> map(alarm.get("Properties")))
                .filter(properties -> properties.containsKey("Metrics"))
                .filter(properties -> String.valueOf(properties.get("Metrics")).contains("IteratorAge"))
                .toList();

        assertThat(lagAlarms).singleElement().satisfies(properties -> {
            List<Map<String, Object>> metrics = list(properties.get("Metrics")).stream().map(StackTemplate::map).toList();
            Map<String, Object> age = metrics.stream().filter(metric -> metric.containsKey("MetricStat")).findFirst()
                    .orElseThrow();
            Map<String, Object> stat = map(age.get("MetricStat"));
            assertThat(map(stat.get("Metric"))).containsEntry("Namespace", "AWS/Lambda")
                    .containsEntry("MetricName", "IteratorAge")
                    .containsEntry("Dimensions", List.of(Map.of("Name", "FunctionName", "Value", ref("TallyFunction"))));
            assertThat(stat).containsEntry("Stat", "Maximum");
            assertThat(metrics).filteredOn(metric -> Boolean.TRUE.equals(metric.get("ReturnData"))).singleElement()
                    .satisfies(seconds -> assertThat(seconds).containsEntry("Expression", age.get("Id") + " / 1000"));
            assertThat(properties).containsEntry("Threshold", ref("TallyLagAlarmSeconds"))
                    .containsEntry("ComparisonOperator", "GreaterThanThreshold");
        });
        assertThat(stack.parameter("TallyLagAlarmSeconds")).containsEntry("Type", "Number").containsEntry("Default", 900);
    }

    @Test
    void shouldAlarmWhenRestoreEventsWaitLongerThanRestoreEventsAgeAlarmSecondsInEitherRoutingMode() {
        // Both routing modes deliver to RestoreEventsQueue, so the alarm has no Condition (checked for every alarm).
        assertThat(alarmsOn("AWS/SQS", "ApproximateAgeOfOldestMessage", "QueueName",
                getAtt("RestoreEventsQueue", "QueueName"))).singleElement().satisfies(properties -> assertThat(properties)
                .containsEntry("Statistic", "Maximum").containsEntry("Threshold", ref("RestoreEventsAgeAlarmSeconds"))
                .containsEntry("ComparisonOperator", "GreaterThanThreshold"));
        assertThat(stack.parameter("RestoreEventsAgeAlarmSeconds")).containsEntry("Type", "Number");
    }

    /** The properties of the alarms on one metric with one dimension. */
    private static List<Map<String, Object>> alarmsOn(String namespace, String metric, String dimension, Object value) {
        Predicate<Map<String, Object>> matches = properties -> namespace.equals(properties.get("Namespace"))
                && metric.equals(properties.get("MetricName"))
                && List.of(Map.of("Name", dimension, "Value", value)).equals(properties.get("Dimensions"));
        return alarms.values().stream().map(alarm -> map(alarm.get("Properties"))).filter(matches).toList();
    }
}
