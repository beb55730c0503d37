package io.s3bulkrestore.deploy;

import io.s3bulkrestore.deploy.StackTemplate.Statement;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static io.s3bulkrestore.deploy.StackTemplate.getAtt;
import static io.s3bulkrestore.deploy.StackTemplate.list;
import static io.s3bulkrestore.deploy.StackTemplate.map;
import static io.s3bulkrestore.deploy.StackTemplate.ref;
import static io.s3bulkrestore.deploy.StackTemplate.strings;
import static io.s3bulkrestore.deploy.StackTemplate.sub;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The stack's resource and trust policies: every queue and topic refuses requests without TLS, and every statement
 * that admits an AWS service names the sources it may act for (aws:SourceArn / aws:SourceAccount), as that
 * service's documentation says it identifies them (the template cites it).
 */
class PoliciesContractTest {

    private static final Map<String, Object> WITHOUT_TLS = Map.of("Bool", Map.of("aws:SecureTransport", "false"));

    /** A service admitted by a policy statement: the principal, the one action, and the exact conditions. */
    private record ServiceGrant(String service, String action, Map<String, Object> condition) {
    }

    /**
     * Every statement that admits an AWS service, with its conditions. A new one fails the build until it is listed
     * here with the conditions its service documents; a condition removed from the template fails it too.
     */
    private static final Map<String, ServiceGrant> SERVICE_GRANTS = Map.of(
            // EventBridge identifies the rule (whose ARN names this account).
            "RestoreEventsQueuePolicy/RestoreEventsFromTheRule", new ServiceGrant("events.amazonaws.com",
                    "sqs:SendMessage", Map.of("ArnEquals", Map.of("aws:SourceArn", getAtt("RestoreEventsRule", "Arn")))),
            // S3 identifies the bucket (whose ARN names no account) and the bucket owner.
            "RestoreEventsQueuePolicy/RestoreEventsFromAllowedBuckets", new ServiceGrant("s3.amazonaws.com",
                    "sqs:SendMessage", Map.of(
                            "StringEquals", Map.of("aws:SourceAccount", ref("AWS::AccountId")),
                            "ArnLike", Map.of("aws:SourceArn", Map.of("Fn::Split", List.of(",", Map.of("Fn::Sub", List.of(
                                    "arn:${AWS::Partition}:s3:::${BucketArns}",
                                    Map.of("BucketArns", Map.of("Fn::Join",
                                            List.of(",arn:aws:s3:::", ref("AllowedBuckets"))))))))))),
            // CloudWatch identifies the alarm: this stack's alarms only (their names start with the stack's).
            "AlarmTopicPolicy/AlarmsOfThisStack", new ServiceGrant("cloudwatch.amazonaws.com", "sns:Publish",
                    Map.of("ArnLike", Map.of("aws:SourceArn", sub(
                            "arn:${AWS::Partition}:cloudwatch:${AWS::Region}:${AWS::AccountId}:alarm:${AWS::StackName}-*")))),
            // S3 Batch Operations documents neither key: ...IfExists, so an absent key denies no job; no aws:SourceArn,
            // whose value it does not document.
            "BatchOperationsRole trust/(no Sid)", new ServiceGrant("batchoperations.s3.amazonaws.com", "sts:AssumeRole",
                    Map.of("StringEqualsIfExists", Map.of("aws:SourceAccount", ref("AWS::AccountId")))));

    private static StackTemplate stack;

    @BeforeAll
    static void loadTemplate() throws Exception {
        stack = StackTemplate.load();
    }

    @Test
    void shouldRefuseRequestsWithoutTlsOnEveryQueue() {
        // Given every queue of the stack
        Map<String, Map<String, Object>> queues = stack.resourcesOfType("AWS::SQS::Queue");
        assertThat(queues).as("queues").hasSizeGreaterThanOrEqualTo(5);

        // Then a policy that is always deployed denies any request to it without TLS
        queues.keySet().forEach(queue -> assertThat(unconditionalStatementsOf("AWS::SQS::QueuePolicy", "Queues", queue))
                .as("%s policy statements", queue)
                .anySatisfy(statement -> assertThat(statement).isEqualTo(Map.of(
                        "Sid", "DenyInsecureTransport", "Effect", "Deny", "Principal", "*", "Action", "sqs:*",
                        "Resource", getAtt(queue, "Arn"), "Condition", WITHOUT_TLS))));
    }

    @Test
    void shouldRefuseRequestsWithoutTlsOnEveryTopic() {
        // Given every topic of the stack
        Map<String, Map<String, Object>> topics = stack.resourcesOfType("AWS::SNS::Topic");
        assertThat(topics).as("topics").containsKeys("NotificationTopic", "AlarmTopic");

        // Then a policy deployed whenever the topic is denies publishing and subscribing to it without TLS
        topics.forEach((topic, resource) -> assertThat(statementsDeployedWith(resource.get("Condition"),
                "AWS::SNS::TopicPolicy", "Topics", topic))
                .as("%s policy statements", topic)
                .anySatisfy(statement -> {
                    assertThat(statement).containsEntry("Effect", "Deny").containsEntry("Principal", "*")
                            .containsEntry("Resource", ref(topic)).containsEntry("Condition", WITHOUT_TLS);
                    assertThat(list(statement.get("Action"))).contains("sns:Publish", "sns:Subscribe");
                }));
    }

    @Test
    void shouldAdmitServicesOnlyOnBehalfOfThisStacksOwnSources() {
        // Given every statement, in any policy of the stack, that allows an AWS service principal
        Map<String, Map<String, Object>> admitted = new TreeMap<>();
        for (Statement statement : stack.allowStatements()) {
            if (statement.body().get("Principal") instanceof Map<?, ?> principal && principal.containsKey("Service")) {
                admitted.put(statement.where(), statement.body());
            }
        }

        // Then each is a known grant, of one action, with exactly the conditions its service documents
        assertThat(admitted.keySet()).as("statements admitting an AWS service (list new ones in SERVICE_GRANTS)")
                .containsExactlyInAnyOrderElementsOf(SERVICE_GRANTS.keySet());
        SERVICE_GRANTS.forEach((where, grant) -> {
            Map<String, Object> statement = admitted.get(where);
            assertThat(statement.get("Principal")).as("%s Principal", where).isEqualTo(Map.of("Service", grant.service()));
            assertThat(statement.get("Action")).as("%s Action", where).isEqualTo(grant.action());
            assertThat(statement.get("Condition")).as("%s Condition", where).isEqualTo(grant.condition());
        });
    }

    @Test
    void shouldKeepTheNotificationTopicToThisAccountOverTls() {
        Map<String, Object> policy = map(stack.resources().get("NotificationTopicPolicy"));
        assertThat(policy).containsEntry("Type", "AWS::SNS::TopicPolicy");
        Map<String, Object> properties = map(policy.get("Properties"));
        List<Map<String, Object>> statements = list(map(properties.get("PolicyDocument")).get("Statement")).stream()
                .map(StackTemplate::map).toList();

        assertThat(list(properties.get("Topics"))).containsExactly(Map.of("Ref", "NotificationTopic"));
        assertThat(statements).anySatisfy(statement -> {
            assertThat(statement).containsEntry("Effect", "Deny").containsEntry("Principal", "*");
            assertThat(strings(statement.get("Action"))).contains("sns:Publish", "sns:Subscribe");
            assertThat(map(statement.get("Condition")))
                    .containsEntry("Bool", Map.of("aws:SecureTransport", "false"));
        });
        assertThat(statements).filteredOn(statement -> "Allow".equals(statement.get("Effect")))
                .isNotEmpty()
                .allSatisfy(statement -> assertThat(statement.get("Principal")).isEqualTo(Map.of("AWS",
                        Map.of("Fn::Sub", "arn:${AWS::Partition}:iam::${AWS::AccountId}:root"))));
    }

    @Test
    void shouldLetOnlyS3BatchOperationsAssumeTheBatchOperationsRole() {
        Map<String, Object> trust = map(map(map(stack.resources().get("BatchOperationsRole")).get("Properties"))
                .get("AssumeRolePolicyDocument"));

        assertThat(list(trust.get("Statement"))).singleElement().satisfies(statement -> {
            assertThat(map(statement)).containsEntry("Effect", "Allow").containsEntry("Action", "sts:AssumeRole");
            assertThat(map(map(statement).get("Principal")))
                    .isEqualTo(Map.of("Service", "batchoperations.s3.amazonaws.com"));
        });
    }

    /** Statements of the policies of a type that apply to a queue or topic, leaving out those deployed only on a Condition. */
    private static List<Map<String, Object>> unconditionalStatementsOf(String policyType, String targets, String target) {
        return statementsDeployedWith(null, policyType, targets, target);
    }

    /** The unconditional statements of the policies on {@code target} deployed under {@code condition} (or always). */
    private static List<Map<String, Object>> statementsDeployedWith(Object condition, String policyType, String targets,
                                                                    String target) {
        List<Map<String, Object>> statements = new ArrayList<>();
        stack.resourcesOfType(policyType).forEach((name, policy) -> {
            Map<String, Object> properties = map(policy.get("Properties"));
            boolean deployedWithTarget = !policy.containsKey("Condition") || policy.get("Condition").equals(condition);
            if (deployedWithTarget && list(properties.get(targets)).contains(ref(target))) {
                for (Object statement : list(map(properties.get("PolicyDocument")).get("Statement"))) {
                    if (!map(statement).containsKey("Fn::If")) {
                        statements.add(map(statement));
                    }
                }
            }
        });
        return statements;
    }
}
