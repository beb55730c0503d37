package io.s3bulkrestore.deploy;

import io.s3bulkrestore.adapters.eventbridge.EventBridgeNotifier;
import io.s3bulkrestore.adapters.s3.S3FollowUpManifests;
import io.s3bulkrestore.adapters.s3control.BatchOperationsSettings;
import io.s3bulkrestore.deploy.StackTemplate.Statement;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static io.s3bulkrestore.deploy.StackTemplate.list;
import static io.s3bulkrestore.deploy.StackTemplate.map;
import static io.s3bulkrestore.deploy.StackTemplate.strings;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Least privilege in what the functions and roles may do: no wildcard action, a "*" resource only where the
 * action has no resource type, PassRole on the Batch Operations role only, and each function's S3, DynamoDB, SNS,
 * EventBridge and KMS access narrowed to what it uses. (PoliciesContractTest checks the resource and trust
 * policies.)
 */
class IamContractTest {

    /**
     * Every IAM statement whose Resource is "*", as "LogicalId/Sid", with the reason it cannot be narrower.
     * A statement with a "*" resource that is not listed here fails the build, and so does a stale entry.
     */
    private static final Map<String, String> WILDCARD_RESOURCE_ALLOW_LIST = Map.of(
            // s3:CreateJob supports no resource-level permissions (no resource type in the Service
            // Authorization Reference). What a job may do is bounded by iam:PassRole, which the same
            // function has on BatchOperationsRole only.
            "ApiFunction/CreateBatchJobs", "s3:CreateJob has no resource type",
            // The same, for the monitor finishing a submission a crash left half done.
            "MonitorFunction/FinishSubmissions", "s3:CreateJob has no resource type");

    private static StackTemplate stack;

    @BeforeAll
    static void loadTemplate() throws Exception {
        stack = StackTemplate.load();
    }

    @Test
    void shouldGrantNoWildcardActionsAndOnlyJustifiedWildcardResources() {
        List<String> problems = new ArrayList<>();
        Set<String> wildcardResources = new TreeSet<>();
        for (Statement statement : stack.allowStatements()) {
            for (String action : strings(statement.body().get("Action"))) {
                // Covers "*", "sqs:*", "events:*" and partial wildcards such as "sqs:Send*".
                if (action.contains("*")) {
                    problems.add(statement.where() + " allows " + action);
                }
            }
            for (String forbidden : List.of("NotAction", "NotResource")) {
                if (statement.body().containsKey(forbidden)) {
                    problems.add(statement.where() + " uses " + forbidden);
                }
            }
            if (statement.body().get("Resource") != null && strings(statement.body().get("Resource")).contains("*")) {
                wildcardResources.add(statement.where());
            }
        }

        assertThat(problems).isEmpty();
        assertThat(wildcardResources).as("statements with Resource \"*\" (each needs an entry in the allow-list)")
                .isEqualTo(new TreeSet<>(WILDCARD_RESOURCE_ALLOW_LIST.keySet()));
    }

    @Test
    void shouldLetFunctionsPassOnlyTheBatchOperationsRole() {
        List<Statement> passRole = stack.allowStatements().stream()
                .filter(statement -> strings(statement.body().get("Action")).contains("iam:PassRole"))
                .toList();

        assertThat(passRole).isNotEmpty().allSatisfy(statement -> {
            assertThat(statement.body().get("Resource")).as(statement.where())
                    .isEqualTo(Map.of("Fn::GetAtt", List.of("BatchOperationsRole", "Arn")));
        });
    }

    @Test
    void shouldLetOnlyTheMonitorPublishToTheNotificationTopicAndOnlyAlarmsToTheAlarmTopic() {
        Map<String, Object> publishers = new TreeMap<>();
        stack.allowStatements().stream()
                .filter(statement -> strings(statement.body().get("Action")).contains("sns:Publish"))
                .forEach(statement -> publishers.put(statement.where(), statement.body().get("Resource")));

        // (PoliciesContractTest checks that CloudWatch publishes for this stack's alarms only.)
        assertThat(publishers).isEqualTo(Map.of(
                "MonitorFunction/PublishNotifications", Map.of("Ref", "NotificationTopic"),
                "MonitorFunction/PublishChatNotifications", Map.of("Ref", "ChatNotificationTopic"),
                "AlarmTopicPolicy/AlarmsOfThisStack", Map.of("Ref", "AlarmTopic")));
    }

    @Test
    void shouldLetTheMonitorReadOnlyCompletionReportsAndWriteOnlyResultsReportsAndSourceListings() {
        Map<String, Set<Object>> reportResources = new TreeMap<>();
        stack.allowStatements().stream().filter(statement -> statement.where().startsWith("MonitorFunction/"))
                .filter(statement -> String.valueOf(statement.body().get("Resource")).contains("ReportBucket"))
                .forEach(statement -> strings(statement.body().get("Action")).forEach(action -> reportResources
                        .computeIfAbsent(action, a -> new HashSet<>()).add(statement.body().get("Resource"))));

        Object results = Map.of("Fn::Sub", "${ReportBucket.Arn}/results/*");
        assertThat(reportResources).isEqualTo(Map.of(
                "s3:GetObject", Set.of(results,
                        Map.of("Fn::Sub", "${ReportBucket.Arn}/" + BatchOperationsSettings.DEFAULT_REPORT_PREFIX + "/*")),
                "s3:PutObject", Set.of(results, Map.of("Fn::Sub", "${ReportBucket.Arn}/"
                        + BatchOperationsSettings.DEFAULT_REPORT_PREFIX + "/*/objects/manifest.json"),
                        Map.of("Fn::Sub", "${ReportBucket.Arn}/" + BatchOperationsSettings.DEFAULT_REPORT_PREFIX
                                + "/*/intelligent-tiering/*")),
                "s3:ListBucket", Set.of(Map.of("Fn::GetAtt", List.of("ReportBucket", "Arn"))),
                "s3:AbortMultipartUpload", Set.of(results),
                "s3:ListMultipartUploadParts", Set.of(results)));
    }

    @Test
    void shouldLetTheMonitorQueryOnlyTheIndexesItUses() {
        Set<Object> indexes = new TreeSet<>();
        stack.allowStatements().stream().filter(statement -> statement.where().startsWith("MonitorFunction/"))
                .filter(statement -> strings(statement.body().get("Action")).contains("dynamodb:Query"))
                .forEach(statement -> list(statement.body().get("Resource")).stream()
                        .map(String::valueOf).filter(resource -> resource.contains("/index/")).forEach(indexes::add));

        assertThat(indexes).containsExactly("{Fn::Sub=${JobsTable.Arn}/index/ActiveJobs}");
    }

    @Test
    void shouldLetTheMonitorListOnlyTheFollowUpManifestFolderOfTheReportBucket() {
        List<Statement> lists = stack.allowStatements().stream()
                .filter(statement -> statement.where().startsWith("MonitorFunction/"))
                .filter(statement -> strings(statement.body().get("Action")).contains("s3:ListBucket"))
                .toList();

        assertThat(lists).singleElement().satisfies(statement -> {
            assertThat(statement.where()).isEqualTo("MonitorFunction/ListFollowUpManifests");
            assertThat(statement.body()).containsEntry("Condition", Map.of("StringLike", Map.of("s3:prefix",
                    BatchOperationsSettings.DEFAULT_REPORT_PREFIX + "/*/"
                            + S3FollowUpManifests.FOLDER + "/data/")));
        });
    }

    @Test
    void shouldLetOnlyTheMonitorPutJobEventsAndOnlyFromItsOwnSourceOnTheDefaultBus() {
        List<Statement> put = stack.allowStatements().stream()
                .filter(statement -> strings(statement.body().get("Action")).contains("events:PutEvents"))
                .toList();

        assertThat(put).extracting(Statement::where).containsExactly("MonitorFunction/PutJobStateChangeEvents");
        assertThat(put.getFirst().body()).containsEntry("Resource",
                Map.of("Fn::Sub", "arn:${AWS::Partition}:events:${AWS::Region}:${AWS::AccountId}:event-bus/default"))
                .containsEntry("Condition", Map.of("StringEquals", Map.of("events:source", EventBridgeNotifier.SOURCE)));
    }

    @Test
    void shouldLetTheRestoreEventFunctionAskOnlyTheAllowedBucketsWhichVersionIsCurrent() {
        Map<String, Object> objects = Map.of("Fn::Split", List.of(",", Map.of("Fn::Sub", List.of(
                "arn:${AWS::Partition}:s3:::${ObjectArns}/*",
                Map.of("ObjectArns", Map.of("Fn::Join", List.of("/*,arn:aws:s3:::", Map.of("Ref", "AllowedBuckets"))))))));
        Map<String, Object> buckets = Map.of("Fn::Split", List.of(",", Map.of("Fn::Sub", List.of(
                "arn:${AWS::Partition}:s3:::${BucketArns}",
                Map.of("BucketArns", Map.of("Fn::Join", List.of(",arn:aws:s3:::", Map.of("Ref", "AllowedBuckets"))))))));
        Map<String, Object> s3 = new TreeMap<>();
        stack.allowStatements().stream().filter(statement -> statement.where().startsWith("RestoreEventFunction/"))
                .forEach(statement -> strings(statement.body().get("Action")).stream()
                        .filter(action -> action.startsWith("s3:"))
                        .forEach(action -> s3.put(action, statement.body().get("Resource"))));

        // HeadObject (s3:GetObject) and GetBucketVersioning: S3CurrentVersions, nothing else of S3
        assertThat(s3).isEqualTo(Map.of("s3:GetObject", objects, "s3:GetBucketVersioning", buckets));
    }

    @Test
    void shouldLetASourceJobListOnlyTheAllowedBucketsAndKeepItsListingsUnderTheReportPrefix() {
        Map<String, Object> buckets = Map.of("Fn::Split", List.of(",", Map.of("Fn::Sub", List.of(
                "arn:${AWS::Partition}:s3:::${BucketArns}",
                Map.of("BucketArns", Map.of("Fn::Join", List.of(",arn:aws:s3:::", Map.of("Ref", "AllowedBuckets"))))))));
        Map<String, List<Object>> listers = new TreeMap<>();
        Map<String, List<Object>> writers = new TreeMap<>();
        for (var statement : stack.allowStatements()) {
            String owner = statement.where().substring(0, statement.where().indexOf('/'));
            Collection<String> actions = strings(statement.body().get("Action"));
            if (actions.contains("s3:ListBucket")) {
                listers.computeIfAbsent(owner, o -> new ArrayList<>()).add(statement.body().get("Resource"));
            }
            if (actions.contains("s3:PutObject") && owner.equals("MonitorFunction")) {
                writers.computeIfAbsent(owner, o -> new ArrayList<>()).add(statement.body().get("Resource"));
            }
        }

        // Only Batch Operations lists the allowed buckets (the manifest generator of a source job) and the copy
        // worker (so that a HeadObject of a destination key not there yet is a 404, not a 403); the monitor lists its
        // follow-up manifests' data files in the report bucket, and nothing else
        assertThat(listers).isEqualTo(Map.of("BatchOperationsRole", List.of(buckets),
                "CopyFunction", List.of(buckets),
                "MonitorFunction", List.of(Map.of("Fn::GetAtt", List.of("ReportBucket", "Arn")))));
        // The API reads a confirmed job's listing (to queue its objects) and nothing else of the report bucket
        assertThat(stack.allowStatements()).filteredOn(statement -> statement.where().startsWith("ApiFunction/"))
                .filteredOn(statement -> String.valueOf(statement.body().get("Resource")).contains("ReportBucket"))
                .extracting(statement -> statement.body().get("Resource"))
                .containsExactly(Map.of("Fn::Sub", "${ReportBucket.Arn}/batch-reports/*/objects/manifest.json"));
        // The monitor writes results reports and the one listing of each source job, nothing else
        assertThat(writers.get("MonitorFunction")).containsExactlyInAnyOrder(
                Map.of("Fn::Sub", "${ReportBucket.Arn}/results/*"),
                Map.of("Fn::Sub", "${ReportBucket.Arn}/batch-reports/*/objects/manifest.json"),
                Map.of("Fn::Sub", "${ReportBucket.Arn}/batch-reports/*/intelligent-tiering/*"));
    }

    /**
     * The copy worker reads and writes objects only in the allowed buckets (a copy's destination must be one: the
     * API answers 403 otherwise), may use a KMS key only when one is configured, and reads jobs without writing them.
     */
    @Test
    void shouldLetTheCopyFunctionWriteOnlyInTheAllowedBucketsAndUseOnlyTheConfiguredKmsKey() {
        List<Statement> statements = stack.allowStatements().stream()
                .filter(statement -> statement.where().startsWith("CopyFunction/")).toList();
        List<String> actions = statements.stream().flatMap(s -> strings(s.body().get("Action")).stream()).toList();
        // s3:ListBucket: without it a HeadObject of a missing destination key is a 403, which reads as AccessDenied
        // s3:ListMultipartUploadParts: a copy continued in a later invocation reads which parts are done; it never
        // lists a bucket's uploads (it knows its own from the task)
        assertThat(actions).contains("s3:PutObject", "s3:GetObjectVersion", "dynamodb:UpdateItem", "s3:ListBucket",
                        "s3:ListMultipartUploadParts")
                .doesNotContain("dynamodb:PutItem", "s3:DeleteObject", "s3:*", "s3:ListBucketMultipartUploads");
        for (Statement statement : statements) {
            if (strings(statement.body().get("Action")).contains("s3:PutObject")) {
                assertThat(String.valueOf(statement.body().get("Resource"))).as(statement.where())
                        .contains("AllowedBuckets").doesNotContain("\"*\"");
            }
        }
        // a copy to try again is hidden for a backoff of the worker's own, on its queue only
        assertThat(statements).filteredOn(s -> strings(s.body().get("Action")).contains("sqs:ChangeMessageVisibility"))
                .extracting(s -> s.body().get("Resource"))
                .containsExactly(Map.of("Fn::GetAtt", List.of("CopyQueue", "Arn")));
        String policies = String.valueOf(stack.functionProperty(stack.function("CopyFunction"), "Policies"));
        assertThat(policies).contains("HasCopyKmsKey").contains("CopyKmsKeyArn");
        assertThat(map(stack.section("Conditions").get("HasCopyKmsKey"))).isNotNull();
    }
}
