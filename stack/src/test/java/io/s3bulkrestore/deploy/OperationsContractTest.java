package io.s3bulkrestore.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathFactory;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.s3bulkrestore.deploy.StackTemplate.FUNCTION;
import static io.s3bulkrestore.deploy.StackTemplate.list;
import static io.s3bulkrestore.deploy.StackTemplate.map;
import static io.s3bulkrestore.deploy.StackTemplate.ref;
import static io.s3bulkrestore.deploy.StackTemplate.sub;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What an operator gets besides the alarms: log groups with a retention, the dashboard, the e-mail subscriptions,
 * and the metadata `sam publish` sends to the Serverless Application Repository.
 */
class OperationsContractTest {

    /** The retention periods CloudWatch Logs accepts (PutRetentionPolicy), in days. */
    private static final List<Integer> RETENTION_DAYS = List.of(1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400,
            545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653);

    private static final Pattern SUBSTITUTION = Pattern.compile("\\$\\{([^}!]+)}");

    private static StackTemplate stack;

    @BeforeAll
    static void loadTemplate() throws Exception {
        stack = StackTemplate.load();
    }

    // log groups --------------------------------------------------------------------------------------

    @Test
    void shouldGiveEveryFunctionItsOwnLogGroupKeptLogRetentionInDays() {
        Map<String, Map<String, Object>> functions = stack.resourcesOfType(FUNCTION);
        assertThat(functions).hasSize(6);
        Set<Object> groups = new HashSet<>();

        functions.forEach((function, resource) -> {
            // SAM merges this with Globals.Function.LoggingConfig, so the format and level stay global.
            Object group = map(map(resource.get("Properties")).get("LoggingConfig")).get("LogGroup");
            assertThat(group).as("%s LoggingConfig.LogGroup", function).isEqualTo(ref(function + "LogGroup"));
            groups.add(group);

            Map<String, Object> logGroup = stack.resource(function + "LogGroup");
            assertThat(logGroup).containsEntry("Type", "AWS::Logs::LogGroup")
                    .containsEntry("DeletionPolicy", "Delete").containsEntry("UpdateReplacePolicy", "Retain");
            assertThat(map(logGroup.get("Properties")))
                    .containsEntry("RetentionInDays", ref("LogRetentionInDays"))
                    .containsEntry("LogGroupName", sub("/aws/lambda/${AWS::StackName}-" + function));
        });
        assertThat(groups).as("one group per function").hasSize(functions.size());
        assertThat(map(stack.section("Globals").get("Function")).get("LoggingConfig"))
                .isEqualTo(Map.of("LogFormat", "JSON", "ApplicationLogLevel", ref("LogLevel")));
    }

    @Test
    void shouldOfferExactlyTheRetentionPeriodsCloudWatchLogsAccepts() {
        Map<String, Object> parameter = stack.parameter("LogRetentionInDays");

        assertThat(parameter).containsEntry("Type", "Number").containsEntry("Default", 30);
        assertThat(parameter.get("AllowedValues")).isEqualTo(RETENTION_DAYS);
    }

    // dashboard ---------------------------------------------------------------------------------------

    @Test
    void shouldShowTheOperatorsMetricsOnTheDashboard() throws Exception {
        // Given the dashboard's body, a JSON text with ${...} substitutions
        Map<String, Map<String, Object>> dashboards = stack.resourcesOfType("AWS::CloudWatch::Dashboard");
        assertThat(dashboards).hasSize(1);
        String body = (String) map(map(dashboards.values().iterator().next().get("Properties")).get("DashboardBody"))
                .get("Fn::Sub");

        // When it is read as CloudWatch will, each substitution left as its name
        JsonNode widgets = new ObjectMapper().readTree(body).get("widgets");
        List<String> metrics = new ArrayList<>();
        List<String> alarmWidgets = new ArrayList<>();
        for (JsonNode widget : widgets) {
            widget.path("properties").path("metrics").forEach(metric -> metrics.add(metricKey(metric)));
            widget.path("properties").path("alarms").forEach(alarm -> alarmWidgets.add(alarm.asText()));
        }

        // Then it shows each function's invocations and errors, every dead-letter queue's depth, the tally's lag,
        // the restore events queue's depth and age, and the notifications published
        for (String function : stack.resourcesOfType(FUNCTION).keySet()) {
            assertThat(metrics).contains("AWS/Lambda Invocations FunctionName ${" + function + "}",
                    "AWS/Lambda Errors FunctionName ${" + function + "}");
        }
        for (String queue : List.of("IngestDeadLetterQueue", "RestoreEventsDeadLetterQueue", "TallyDeadLetterQueue",
                "CopyDeadLetterQueue")) {
            assertThat(metrics).contains("AWS/SQS ApproximateNumberOfMessagesVisible QueueName ${" + queue + ".QueueName}");
        }
        assertThat(metrics).contains("AWS/Lambda IteratorAge FunctionName ${TallyFunction}",
                "AWS/SQS ApproximateNumberOfMessagesVisible QueueName ${RestoreEventsQueue.QueueName}",
                "AWS/SQS ApproximateAgeOfOldestMessage QueueName ${RestoreEventsQueue.QueueName}",
                "AWS/SNS NumberOfMessagesPublished TopicName ${NotificationTopic.TopicName}");
        // and the state of every alarm
        assertThat(alarmWidgets).containsExactlyInAnyOrderElementsOf(stack.resourcesOfType("AWS::CloudWatch::Alarm")
                .keySet().stream().map(alarm -> "${" + alarm + ".Arn}").toList());
        // and every substitution names something the stack has
        Matcher names = SUBSTITUTION.matcher(body);
        while (names.find()) {
            String name = names.group(1).split("\\.")[0];
            assertThat(name.startsWith("AWS::") || stack.resources().containsKey(name)
                    || stack.section("Parameters").containsKey(name)).as("${%s} names a resource", names.group(1)).isTrue();
        }
    }

    /** "Namespace MetricName Dimension Value" of a dashboard metric row. */
    private static String metricKey(JsonNode metric) {
        return metric.get(0).asText() + " " + metric.get(1).asText() + " " + metric.get(2).asText() + " "
                + metric.get(3).asText();
    }

    // e-mail ------------------------------------------------------------------------------------------

    @Test
    void shouldSubscribeTheAlarmEmailOnlyWhenOneIsGiven() {
        assertEmailSubscription("AlarmEmail", "HasAlarmEmail", "AlarmTopic");
    }

    @Test
    void shouldSubscribeTheNotificationEmailOnlyWhenOneIsGiven() {
        assertEmailSubscription("NotificationEmail", "HasNotificationEmail", "NotificationTopic");
    }

    /** An e-mail parameter, empty by default, and its subscription, deployed only when the parameter is set. */
    private static void assertEmailSubscription(String parameter, String condition, String topic) {
        assertThat(stack.parameter(parameter)).containsEntry("Type", "String").containsEntry("Default", "");
        assertThat(stack.section("Conditions").get(condition))
                .isEqualTo(Map.of("Fn::Not", List.of(Map.of("Fn::Equals", List.of(ref(parameter), "")))));
        assertThat(stack.resourcesOfType("AWS::SNS::Subscription").values())
                .filteredOn(subscription -> ref(topic).equals(map(subscription.get("Properties")).get("TopicArn")))
                .singleElement().satisfies(subscription -> {
                    assertThat(subscription).containsEntry("Condition", condition);
                    assertThat(map(subscription.get("Properties"))).containsEntry("Protocol", "email")
                            .containsEntry("Endpoint", ref(parameter));
                });
    }

    // Serverless Application Repository ------------------------------------------------------------------

    /**
     * The fields and constraints of the AWS::ServerlessRepo::Application metadata, from the SAM Developer Guide
     * (serverless-sam-template-publishing-applications-metadata-properties).
     */
    @Test
    void shouldDescribeTheApplicationForTheServerlessApplicationRepository() throws Exception {
        Map<String, Object> application = map(stack.section("Metadata").get("AWS::ServerlessRepo::Application"));

        assertThat((String) application.get("Name")).matches("[a-zA-Z0-9\\-]{1,140}");
        assertThat((String) application.get("Description")).isNotBlank().hasSizeLessThanOrEqualTo(256);
        assertThat((String) application.get("Author")).hasSizeLessThanOrEqualTo(127)
                .matches("^[a-z0-9](([a-z0-9]|-(?!-))*[a-z0-9])?$");
        assertThat(list(application.get("Labels"))).hasSizeBetween(1, 10)
                .allSatisfy(label -> assertThat((String) label).matches("^[a-zA-Z0-9+\\-_:/@]{1,127}$"));
        // The licence: its SPDX id is the LICENSE file's, and `sam package` uploads the local files.
        assertThat(application).containsEntry("SpdxLicenseId", "MIT-0").containsEntry("LicenseUrl", "LICENSE")
                .containsEntry("ReadmeUrl", "README.md");
        assertThat(Files.readAllLines(stack.root().resolve("LICENSE")).get(0)).isEqualTo("MIT No Attribution");
        assertThat(stack.root().resolve("README.md")).isRegularFile();
        // The version is the Maven project's, as released.
        String projectVersion = XPathFactory.newInstance().newXPath().evaluate("/project/version",
                DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(stack.root().resolve("pom.xml").toFile()));
        assertThat(application.get("SemanticVersion")).isEqualTo(projectVersion.replace("-SNAPSHOT", ""));
        assertThat((String) application.get("SemanticVersion")).matches("\\d+\\.\\d+\\.\\d+");
        assertThat((String) application.get("SourceCodeUrl")).startsWith("https://");
    }
}
