package io.s3bulkrestore.deploy;

import io.s3bulkrestore.adapters.config.ApiFunctionConfig;
import io.s3bulkrestore.adapters.config.CopyFunctionConfig;
import io.s3bulkrestore.adapters.config.IngestFunctionConfig;
import io.s3bulkrestore.adapters.config.MonitorFunctionConfig;
import io.s3bulkrestore.adapters.config.RestoreEventFunctionConfig;
import io.s3bulkrestore.adapters.config.TallyFunctionConfig;
import io.s3bulkrestore.adapters.s3.S3NotificationRouting;
import io.s3bulkrestore.adapters.s3control.BatchOperationsSettings;
import io.s3bulkrestore.ingest.IngestTimeEstimate;
import io.s3bulkrestore.routing.RoutingPlan;
import io.s3bulkrestore.tracking.RestoreEvent;
import io.s3bulkrestore.tracking.RestoreEventTimeEstimate;
import io.s3bulkrestore.adapters.dynamodb.TableDesign;
import io.s3bulkrestore.deploy.StackTemplate.Statement;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;

import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What template.yaml must agree on with the code: handlers that exist, the variables the functions
 * read, API key on every route, least-privilege IAM, the tables' keys and indexes, artifacts Maven
 * builds, the runtime. cfn-lint checks the template is valid CloudFormation; this checks it is ours.
 */
class TemplateContractTest {

    private static final String FUNCTION = "AWS::Serverless::Function";

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

    /**
     * The REST routes DESIGN §2 defines, and an ANY method on each of their paths so that the function, not
     * API Gateway, answers a method a path does not serve (405, as the README says); each must require the
     * API key.
     */
    private static final Set<String> ROUTES = Set.of("POST /jobs", "POST /create-job", "GET /jobs", "GET /jobs/{id}",
            "POST /jobs/{id}/cancel", "POST /jobs/{id}/confirm", "POST /jobs/{id}/redrive", "ANY /jobs",
            "ANY /create-job", "ANY /jobs/{id}", "ANY /jobs/{id}/cancel", "ANY /jobs/{id}/confirm",
            "ANY /jobs/{id}/redrive");

    /** The variables each function reads, from its config class. A function missing here fails the build. */
    private static final Map<String, List<String>> VARIABLES_BY_FUNCTION = Map.of(
            "ApiFunction", ApiFunctionConfig.VARIABLES,
            "IngestFunction", IngestFunctionConfig.VARIABLES,
            "RestoreEventFunction", RestoreEventFunctionConfig.VARIABLES,
            "TallyFunction", TallyFunctionConfig.VARIABLES,
            "MonitorFunction", MonitorFunctionConfig.VARIABLES,
            "CopyFunction", CopyFunctionConfig.VARIABLES);

    /** The EventBridge detail-types of the restore events SQS mode routes too (RoutingPlan.RESTORE_EVENTS). */
    private static final Set<String> ROUTED_DETAIL_TYPES = RoutingPlan.RESTORE_EVENTS.stream()
            .map(name -> RestoreEvent.Kind.fromName(name).orElseThrow().eventBridgeDetailType())
            .collect(Collectors.toSet());

    private static Path root;
    private static Map<String, Object> template;
    private static Map<String, Object> resources;

    @BeforeAll
    static void loadTemplate() throws Exception {
        root = repositoryRoot();
        template = CloudFormationYaml.load(root.resolve("template.yaml"));
        resources = map(template.get("Resources"));
    }

    // (a) -------------------------------------------------------------------------------------------

    @Test
    void shouldPointEveryFunctionAtAHandlerClassAndMethodThatExist() {
        // RestoreEventHandler and ProgressMonitorHandler are on the test classpath through the
        // test-scoped restore-event-function and monitor-function dependencies.
        functions().forEach((name, function) -> {
            String handler = (String) functionProperty(function, "Handler");
            assertThat(handler).as("%s Handler", name).matches("[\\w.$]+::\\w+");
            String[] parts = handler.split("::");
            Class<?> handlerClass;
            try {
                handlerClass = Class.forName(parts[0]);
            } catch (ClassNotFoundException e) {
                throw new AssertionError(name + " Handler names " + parts[0] + ", which is not on the classpath", e);
            }
            assertThat(Arrays.stream(handlerClass.getMethods()).map(java.lang.reflect.Method::getName))
                    .as("public methods of %s", parts[0]).contains(parts[1]);
        });
    }

    // (b) -------------------------------------------------------------------------------------------

    @Test
    void shouldSetEveryVariableEachFunctionReads() {
        assertThat(functions().keySet()).as("functions (each needs its config class in VARIABLES_BY_FUNCTION)")
                .isEqualTo(VARIABLES_BY_FUNCTION.keySet());
        functions().forEach((name, function) -> {
            Map<String, Object> variables = environment(function);
            assertThat(variables).as("%s environment", name)
                    .containsKeys(VARIABLES_BY_FUNCTION.get(name).toArray(String[]::new));
            for (String shared : List.of(ApiFunctionConfig.JOBS_TABLE, ApiFunctionConfig.OBJECTS_TABLE,
                    ApiFunctionConfig.ALLOWED_BUCKETS)) {
                if (variables.containsKey(shared)) {
                    assertThat(variables.get(shared)).as("%s %s", name, shared)
                            .isEqualTo(environment(function("ApiFunction")).get(shared));
                }
            }
        });
    }

    @Test
    void shouldSetEveryVariableTheApiFunctionReads() {
        Map<String, Object> variables = environment(function("ApiFunction"));

        assertThat(variables).containsKeys(ApiFunctionConfig.VARIABLES.toArray(String[]::new));
        assertThat(variables.get(ApiFunctionConfig.INGEST_QUEUE_URL)).isEqualTo(Map.of("Ref", "IngestQueue"));
        assertThat(variables.get(ApiFunctionConfig.ALLOWED_BUCKETS))
                .as("ALLOWED_BUCKETS is the AllowedBuckets list joined with commas")
                .isEqualTo(Map.of("Fn::Join", List.of(",", Map.of("Ref", "AllowedBuckets"))));
        assertThat(map(map(template.get("Parameters")).get("AllowedBuckets")))
                .containsEntry("Type", "CommaDelimitedList")
                .doesNotContainKey("Default");
        assertThat(variables.get(ApiFunctionConfig.ACCOUNT_ID)).isEqualTo(Map.of("Ref", "AWS::AccountId"));
        assertThat(variables.get(ApiFunctionConfig.JOBS_TABLE)).isEqualTo(Map.of("Ref", "JobsTable"));
        assertThat(variables.get(ApiFunctionConfig.OBJECTS_TABLE)).isEqualTo(Map.of("Ref", "ObjectsTable"));
    }

    @Test
    void shouldDefaultTheDeadlineFactorToWhatTheFunctionDefaultsTo() {
        Object reference = environment(function("ApiFunction")).get(ApiFunctionConfig.DEADLINE_FACTOR);
        String parameter = (String) map(reference).get("Ref");
        String templateDefault = String.valueOf(map(map(template.get("Parameters")).get(parameter)).get("Default"));

        Map<String, String> env = new LinkedHashMap<>();
        ApiFunctionConfig.VARIABLES.forEach(name -> env.put(name, "value-of-" + name));
        env.put(ApiFunctionConfig.DEADLINE_FACTOR, templateDefault);
        env.put(ApiFunctionConfig.MANIFEST_CHUNK_BYTES, ApiFunctionConfig.DEFAULT_CHUNK_BYTES);
        env.put(ApiFunctionConfig.QUOTE_EXPIRY_DAYS, ApiFunctionConfig.DEFAULT_QUOTE_EXPIRY_DAYS);
        env.put(ApiFunctionConfig.COPY_CONCURRENCY, ApiFunctionConfig.DEFAULT_COPY_CONCURRENCY);

        assertThat(ApiFunctionConfig.fromEnv(env).deadlineFactor())
                .isEqualTo(Double.parseDouble(ApiFunctionConfig.DEFAULT_DEADLINE_FACTOR));
    }

    @Test
    void shouldPlanCopiesWithTheCopyConcurrencyTheCopyWorkerRunsWith() {
        Map<String, Object> parameter = map(map(template.get("Parameters")).get("CopyConcurrency"));

        assertThat(environment(function("ApiFunction")).get(ApiFunctionConfig.COPY_CONCURRENCY))
                .isEqualTo(Map.of("Ref", "CopyConcurrency"));
        assertThat(map(map(map(map(function("CopyFunction").get("Properties")).get("Events")).get("CopyTasks"))
                .get("Properties")).get("ScalingConfig")).isEqualTo(Map.of("MaximumConcurrency",
                Map.of("Ref", "CopyConcurrency")));
        assertThat(String.valueOf(parameter.get("Default"))).isEqualTo(ApiFunctionConfig.DEFAULT_COPY_CONCURRENCY);
    }

    @Test
    void shouldDefaultTheManifestChunkSizeToWhatTheFunctionDefaultsTo() {
        Object reference = environment(function("ApiFunction")).get(ApiFunctionConfig.MANIFEST_CHUNK_BYTES);
        Map<String, Object> parameter = parameter(reference);

        assertThat(parameter).containsEntry("Type", "Number");
        assertThat(String.valueOf(parameter.get("Default"))).isEqualTo(ApiFunctionConfig.DEFAULT_CHUNK_BYTES);
        assertThat(((Number) parameter.get("MinValue")).longValue()).isPositive();
    }

    @Test
    void shouldOfferOnlyRoutingModesTheIngestWorkerUnderstands() {
        Map<String, Object> variables = environment(function("IngestFunction"));
        Map<String, Object> parameter = parameter(variables.get(IngestFunctionConfig.ROUTING_MODE));
        assertThat(variables.get(IngestFunctionConfig.RESTORE_EVENTS_QUEUE_ARN))
                .isEqualTo(Map.of("Fn::GetAtt", List.of("RestoreEventsQueue", "Arn")));

        Map<String, Class<?>> modes = new TreeMap<>();
        for (Object allowed : list(parameter.get("AllowedValues"))) {
            Map<String, String> env = new LinkedHashMap<>();
            IngestFunctionConfig.VARIABLES.forEach(name -> env.put(name, "value-of-" + name));
            env.put(IngestFunctionConfig.ROUTING_MODE, (String) allowed);
            env.put(MonitorFunctionConfig.RETENTION_DAYS, "30");
            modes.put((String) allowed, IngestFunctionConfig.fromEnv(env).routing().getClass());
        }

        assertThat(modes).isEqualTo(Map.of("EVENTBRIDGE", S3NotificationRouting.Mode.EventBridge.class,
                "SQS", S3NotificationRouting.Mode.Sqs.class));
        assertThat(parameter).containsEntry("Default", "EVENTBRIDGE");
    }

    @Test
    void shouldSetExactlyTheVariablesTheMonitorReadsFromTheStacksOwnResources() {
        Map<String, Object> own = map(map(map(function("MonitorFunction").get("Properties")).get("Environment"))
                .get("Variables"));

        assertThat(own.keySet()).containsExactlyInAnyOrderElementsOf(MonitorFunctionConfig.VARIABLES);
        assertThat(own).containsEntry(ApiFunctionConfig.TOPIC_ARN, Map.of("Ref", "NotificationTopic"))
                .containsEntry(ApiFunctionConfig.REPORT_BUCKET, Map.of("Ref", "ReportBucket"))
                .containsEntry(ApiFunctionConfig.ACCOUNT_ID, Map.of("Ref", "AWS::AccountId"))
                .containsEntry(MonitorFunctionConfig.RETENTION_DAYS, Map.of("Ref", "ReportRetentionDays"))
                .containsEntry(MonitorFunctionConfig.PROGRESS_STEP_PERCENT, Map.of("Ref", "ProgressStepPercent"))
                .containsEntry(MonitorFunctionConfig.STALL_MINUTES, Map.of("Ref", "StallMinutes"))
                .containsEntry(MonitorFunctionConfig.RECONCILE_PAGE_SIZE, Map.of("Ref", "ReconcilePageSize"))
                .containsEntry(MonitorFunctionConfig.MAX_JOBS_PER_TICK, Map.of("Ref", "MaxJobsPerTick"))
                // to finish a submission a crash left half done, exactly as the API function would
                .containsEntry(ApiFunctionConfig.BATCH_ROLE_ARN, Map.of("Fn::GetAtt", List.of("BatchOperationsRole", "Arn")))
                .containsEntry(ApiFunctionConfig.INGEST_QUEUE_URL, Map.of("Ref", "IngestQueue"))
                .containsEntry(ApiFunctionConfig.MANIFEST_CHUNK_BYTES, Map.of("Ref", "ManifestChunkBytes"))
                // to start a confirmed source job and expire quotes, as the API function would
                .containsEntry(ApiFunctionConfig.DEADLINE_FACTOR, Map.of("Ref", "DeadlineFactor"))
                .containsEntry(ApiFunctionConfig.QUOTE_EXPIRY_DAYS, Map.of("Ref", "QuoteExpiryDays"));
    }

    @Test
    void shouldGiveBothFunctionsTheSameQuoteExpiryWithinWhatBatchOperationsKeeps() {
        assertThat(environment(function("ApiFunction")).get(ApiFunctionConfig.QUOTE_EXPIRY_DAYS))
                .isEqualTo(Map.of("Ref", "QuoteExpiryDays"));
        Map<String, Object> parameter = map(map(template.get("Parameters")).get("QuoteExpiryDays"));
        assertThat(parameter).containsEntry("Type", "Number")
                .containsEntry("MaxValue", ApiFunctionConfig.MAX_QUOTE_EXPIRY_DAYS)
                .containsEntry("MinValue", 1);
        assertThat(String.valueOf(parameter.get("Default"))).isEqualTo(ApiFunctionConfig.DEFAULT_QUOTE_EXPIRY_DAYS);
    }

    @Test
    void shouldDefaultTheMonitorParametersToWhatTheMonitorDefaultsTo() {
        Map<String, String> defaults = Map.of(
                MonitorFunctionConfig.PROGRESS_STEP_PERCENT, MonitorFunctionConfig.DEFAULT_PROGRESS_STEP_PERCENT,
                MonitorFunctionConfig.STALL_MINUTES, MonitorFunctionConfig.DEFAULT_STALL_MINUTES,
                MonitorFunctionConfig.RECONCILE_PAGE_SIZE, MonitorFunctionConfig.DEFAULT_RECONCILE_PAGE_SIZE,
                MonitorFunctionConfig.RETENTION_DAYS, MonitorFunctionConfig.DEFAULT_RETENTION_DAYS,
                MonitorFunctionConfig.MAX_JOBS_PER_TICK, MonitorFunctionConfig.DEFAULT_MAX_JOBS_PER_TICK,
                ApiFunctionConfig.MANIFEST_CHUNK_BYTES, ApiFunctionConfig.DEFAULT_CHUNK_BYTES,
                ApiFunctionConfig.QUOTE_EXPIRY_DAYS, ApiFunctionConfig.DEFAULT_QUOTE_EXPIRY_DAYS);
        Map<String, Object> variables = environment(function("MonitorFunction"));

        // Given the environment the template sets with every parameter at its default
        Map<String, String> required = new LinkedHashMap<>();
        MonitorFunctionConfig.VARIABLES.stream().filter(name -> !defaults.containsKey(name))
                .forEach(name -> required.put(name, "value-of-" + name));
        required.put(ApiFunctionConfig.DEADLINE_FACTOR, ApiFunctionConfig.DEFAULT_DEADLINE_FACTOR); // a String parameter
        Map<String, String> deployed = new LinkedHashMap<>(required);
        defaults.forEach((name, functionDefault) -> {
            Map<String, Object> parameter = parameter(variables.get(name));
            assertThat(parameter).as("parameter behind %s", name).containsEntry("Type", "Number");
            String templateDefault = String.valueOf(parameter.get("Default"));
            assertThat(templateDefault).as("template default of %s", name).isEqualTo(functionDefault);
            deployed.put(name, templateDefault);
        });

        // Then the monitor reads the same settings as with none of them set
        assertThat(MonitorFunctionConfig.fromEnv(deployed)).isEqualTo(MonitorFunctionConfig.fromEnv(required));
    }

    @Test
    void shouldOfferOnlyProgressStepsThatDivideOneHundred() {
        Map<String, Object> parameter = parameter(environment(function("MonitorFunction"))
                .get(MonitorFunctionConfig.PROGRESS_STEP_PERCENT));
        List<Integer> allowed = list(parameter.get("AllowedValues")).stream()
                .map(value -> Integer.parseInt(String.valueOf(value))).toList();

        assertThat(allowed).containsExactly(1, 2, 4, 5, 10, 20, 25, 50)
                .allSatisfy(step -> assertThat(100 % step).as("100 %% %s", step).isZero())
                .contains(Integer.parseInt(String.valueOf(parameter.get("Default"))));
    }

    @Test
    void shouldRunTheMonitorOnItsScheduleOneTickAtATime() {
        Map<String, Object> properties = map(function("MonitorFunction").get("Properties"));
        Map<String, Object> events = map(properties.get("Events"));

        assertThat(properties).containsEntry("ReservedConcurrentExecutions", 1);
        assertThat(events).hasSize(1);
        Map<String, Object> event = map(events.values().iterator().next());
        assertThat(String.valueOf(event.get("Type"))).isIn("Schedule", "ScheduleV2");
        assertThat(map(event.get("Properties"))).containsEntry("Schedule", Map.of("Ref", "MonitorSchedule"));
        assertThat(map(map(template.get("Parameters")).get("MonitorSchedule"))).containsEntry("Default", "rate(1 minute)");
        // A throttled tick (the previous one still running) is dropped, not queued behind it.
        assertThat(map(properties.get("EventInvokeConfig"))).containsEntry("MaximumRetryAttempts", 0);
        assertThat(map(map(template.get("Outputs")).get("MonitorFunctionName")))
                .containsEntry("Value", Map.of("Ref", "MonitorFunction"));
    }

    @Test
    void shouldLetOnlyTheMonitorPublishToTheNotificationTopicAndOnlyAlarmsToTheAlarmTopic() {
        Map<String, Object> publishers = new TreeMap<>();
        allowStatements().stream()
                .filter(statement -> strings(statement.body().get("Action")).contains("sns:Publish"))
                .forEach(statement -> publishers.put(statement.where(), statement.body().get("Resource")));

        // (PoliciesContractTest checks that CloudWatch publishes for this stack's alarms only.)
        assertThat(publishers).isEqualTo(Map.of(
                "MonitorFunction/PublishNotifications", Map.of("Ref", "NotificationTopic"),
                "MonitorFunction/PublishChatNotifications", Map.of("Ref", "ChatNotificationTopic"),
                "AlarmTopicPolicy/AlarmsOfThisStack", Map.of("Ref", "AlarmTopic")));
    }

    @Test
    void shouldKeepTheNotificationTopicToThisAccountOverTls() {
        Map<String, Object> policy = map(resources.get("NotificationTopicPolicy"));
        assertThat(policy).containsEntry("Type", "AWS::SNS::TopicPolicy");
        Map<String, Object> properties = map(policy.get("Properties"));
        List<Map<String, Object>> statements = list(map(properties.get("PolicyDocument")).get("Statement")).stream()
                .map(TemplateContractTest::map).toList();

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
    void shouldLetTheMonitorReadOnlyCompletionReportsAndWriteOnlyResultsReportsAndSourceListings() {
        Map<String, Set<Object>> reportResources = new TreeMap<>();
        allowStatements().stream().filter(statement -> statement.where().startsWith("MonitorFunction/"))
                .filter(statement -> String.valueOf(statement.body().get("Resource")).contains("ReportBucket"))
                .forEach(statement -> strings(statement.body().get("Action")).forEach(action -> reportResources
                        .computeIfAbsent(action, a -> new java.util.HashSet<>()).add(statement.body().get("Resource"))));

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
        allowStatements().stream().filter(statement -> statement.where().startsWith("MonitorFunction/"))
                .filter(statement -> strings(statement.body().get("Action")).contains("dynamodb:Query"))
                .forEach(statement -> list(statement.body().get("Resource")).stream()
                        .map(String::valueOf).filter(resource -> resource.contains("/index/")).forEach(indexes::add));

        assertThat(indexes).containsExactly("{Fn::Sub=${JobsTable.Arn}/index/ActiveJobs}");
    }

    @Test
    void shouldDeclareNoIndexOnTheObjectsTableAndNoPolicyNamingOne() {
        assertThat(map(map(resources.get("ObjectsTable")).get("Properties"))).doesNotContainKey("GlobalSecondaryIndexes");
        assertThat(allowStatements()).allSatisfy(statement -> assertThat(String.valueOf(statement.body().get("Resource")))
                .as(statement.where()).doesNotContain("ObjectsTable.Arn}/index"));
    }

    @Test
    void shouldLetOnlyTheMonitorPutJobEventsAndOnlyFromItsOwnSourceOnTheDefaultBus() {
        List<Statement> put = allowStatements().stream()
                .filter(statement -> strings(statement.body().get("Action")).contains("events:PutEvents"))
                .toList();

        assertThat(put).extracting(Statement::where).containsExactly("MonitorFunction/PutJobStateChangeEvents");
        assertThat(put.getFirst().body()).containsEntry("Resource",
                Map.of("Fn::Sub", "arn:${AWS::Partition}:events:${AWS::Region}:${AWS::AccountId}:event-bus/default"))
                .containsEntry("Condition", Map.of("StringEquals", Map.of("events:source", io.s3bulkrestore.monitor.function.EventBridgeNotifier.SOURCE)));
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
        allowStatements().stream().filter(statement -> statement.where().startsWith("RestoreEventFunction/"))
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
        for (var statement : allowStatements()) {
            String owner = statement.where().substring(0, statement.where().indexOf('/'));
            java.util.Collection<String> actions = strings(statement.body().get("Action"));
            if (actions.contains("s3:ListBucket")) {
                listers.computeIfAbsent(owner, o -> new java.util.ArrayList<>()).add(statement.body().get("Resource"));
            }
            if (actions.contains("s3:PutObject") && owner.equals("MonitorFunction")) {
                writers.computeIfAbsent(owner, o -> new java.util.ArrayList<>()).add(statement.body().get("Resource"));
            }
        }

        // Only Batch Operations lists the allowed buckets (the manifest generator of a source job) and the copy
        // worker (so that a HeadObject of a destination key not there yet is a 404, not a 403); the monitor lists its
        // follow-up manifests' data files in the report bucket, and nothing else
        assertThat(listers).isEqualTo(Map.of("BatchOperationsRole", List.of(buckets),
                "CopyFunction", List.of(buckets),
                "MonitorFunction", List.of(Map.of("Fn::GetAtt", List.of("ReportBucket", "Arn")))));
        // The API reads a confirmed job's listing (to queue its objects) and nothing else of the report bucket
        assertThat(allowStatements()).filteredOn(statement -> statement.where().startsWith("ApiFunction/"))
                .filteredOn(statement -> String.valueOf(statement.body().get("Resource")).contains("ReportBucket"))
                .extracting(statement -> statement.body().get("Resource"))
                .containsExactly(Map.of("Fn::Sub", "${ReportBucket.Arn}/batch-reports/*/objects/manifest.json"));
        // The monitor writes results reports and the one listing of each source job, nothing else
        assertThat(writers.get("MonitorFunction")).containsExactlyInAnyOrder(
                Map.of("Fn::Sub", "${ReportBucket.Arn}/results/*"),
                Map.of("Fn::Sub", "${ReportBucket.Arn}/batch-reports/*/objects/manifest.json"),
                Map.of("Fn::Sub", "${ReportBucket.Arn}/batch-reports/*/intelligent-tiering/*"));
    }

    @Test
    void shouldLetTheMonitorListOnlyTheFollowUpManifestFolderOfTheReportBucket() {
        List<Statement> lists = allowStatements().stream()
                .filter(statement -> statement.where().startsWith("MonitorFunction/"))
                .filter(statement -> strings(statement.body().get("Action")).contains("s3:ListBucket"))
                .toList();

        assertThat(lists).singleElement().satisfies(statement -> {
            assertThat(statement.where()).isEqualTo("MonitorFunction/ListFollowUpManifests");
            assertThat(statement.body()).containsEntry("Condition", Map.of("StringLike", Map.of("s3:prefix",
                    BatchOperationsSettings.DEFAULT_REPORT_PREFIX + "/*/"
                            + io.s3bulkrestore.adapters.s3.S3FollowUpManifests.FOLDER + "/data/")));
        });
    }

    @Test
    void shouldFeedTheTallyFunctionTheObjectsTableStreamWithOldAndNewImagesAndTheShardId() {
        Map<String, Object> table = map(map(resources.get("ObjectsTable")).get("Properties"));
        assertThat(map(table.get("StreamSpecification"))).containsEntry("StreamViewType",
                TableDesign.objectsTable("x").streamSpecification().streamViewTypeAsString());
        Map<String, Object> source = map(map(map(map(function("TallyFunction").get("Properties")).get("Events"))
                .get("ObjectChanges")).get("Properties"));
        assertThat(source).containsEntry("Stream", Map.of("Fn::GetAtt", List.of("ObjectsTable", "StreamArn")))
                .containsEntry("BisectBatchOnFunctionError", true)
                .containsKey("TumblingWindowInSeconds") // TallyHandler needs the shard id, sent only with a window
                .containsKey("DestinationConfig");
        assertThat(String.valueOf(source.get("FilterCriteria"))).contains("INSERT").contains("MODIFY")
                .doesNotContain("REMOVE");
    }

    // (c) -------------------------------------------------------------------------------------------

    @Test
    void shouldRequireTheApiKeyOnEveryRoute() {
        Map<String, Boolean> keyRequiredByRoute = new TreeMap<>();
        functions().forEach((name, function) -> map(map(function.get("Properties")).getOrDefault("Events", Map.of()))
                .forEach((eventName, event) -> {
                    if (!"Api".equals(map(event).get("Type"))) {
                        return;
                    }
                    Map<String, Object> properties = map(map(event).get("Properties"));
                    String route = String.valueOf(properties.get("Method")).toUpperCase() + " " + properties.get("Path");
                    keyRequiredByRoute.put(route, apiKeyRequired(name + "." + eventName, properties));
                }));

        assertThat(keyRequiredByRoute).containsOnlyKeys(ROUTES);
        keyRequiredByRoute.forEach((route, required) -> assertThat(required).as("API key required on %s", route).isTrue());
    }

    @Test
    void shouldGiveTheApiKeyAUsagePlanOnTheApiStage() {
        Map<String, Object> plan = singleResourceOfType("AWS::ApiGateway::UsagePlan");
        Map<String, Object> planKey = singleResourceOfType("AWS::ApiGateway::UsagePlanKey");
        String planName = logicalIdOf(plan);

        assertThat(list(map(plan.get("Properties")).get("ApiStages")))
                .contains(Map.of("ApiId", Map.of("Ref", "RestApi"), "Stage", Map.of("Ref", "RestApi.Stage")));
        Map<String, Object> keyProperties = map(planKey.get("Properties"));
        assertThat(keyProperties).containsEntry("UsagePlanId", Map.of("Ref", planName)).containsEntry("KeyType", "API_KEY");
        String keyName = (String) map(keyProperties.get("KeyId")).get("Ref");
        assertThat(map(resources.get(keyName))).containsEntry("Type", "AWS::ApiGateway::ApiKey");
        assertThat(map(map(template.get("Outputs")).get("ApiKeyId"))).containsEntry("Value", Map.of("Ref", keyName));
    }

    // (d) -------------------------------------------------------------------------------------------

    @Test
    void shouldGrantNoWildcardActionsAndOnlyJustifiedWildcardResources() {
        List<String> problems = new ArrayList<>();
        Set<String> wildcardResources = new TreeSet<>();
        for (Statement statement : allowStatements()) {
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
        List<Statement> passRole = allowStatements().stream()
                .filter(statement -> strings(statement.body().get("Action")).contains("iam:PassRole"))
                .toList();

        assertThat(passRole).isNotEmpty().allSatisfy(statement -> {
            assertThat(statement.body().get("Resource")).as(statement.where())
                    .isEqualTo(Map.of("Fn::GetAtt", List.of("BatchOperationsRole", "Arn")));
        });
    }

    @Test
    void shouldLetOnlyS3BatchOperationsAssumeTheBatchOperationsRole() {
        Map<String, Object> trust = map(map(map(resources.get("BatchOperationsRole")).get("Properties"))
                .get("AssumeRolePolicyDocument"));

        assertThat(list(trust.get("Statement"))).singleElement().satisfies(statement -> {
            assertThat(map(statement)).containsEntry("Effect", "Allow").containsEntry("Action", "sts:AssumeRole");
            assertThat(map(map(statement).get("Principal")))
                    .isEqualTo(Map.of("Service", "batchoperations.s3.amazonaws.com"));
        });
    }

    // (e) -------------------------------------------------------------------------------------------

    @Test
    void shouldDeclareTheJobsTableExactlyAsTableDesignDoes() {
        assertTableMatches("JobsTable", TableDesign.jobsTable("x"));
    }

    @Test
    void shouldDeclareTheObjectsTableExactlyAsTableDesignDoes() {
        assertTableMatches("ObjectsTable", TableDesign.objectsTable("x"));
    }

    private static void assertTableMatches(String logicalId, CreateTableRequest design) {
        Map<String, Object> table = map(resources.get(logicalId));
        assertThat(table).containsEntry("Type", "AWS::DynamoDB::Table");
        Map<String, Object> properties = map(table.get("Properties"));

        assertThat(properties).containsEntry("BillingMode", design.billingModeAsString());
        assertThat(keys(list(properties.get("KeySchema"))))
                .isEqualTo(design.keySchema().stream().map(TemplateContractTest::key).toList());
        assertThat(list(properties.get("AttributeDefinitions")).stream().map(TemplateContractTest::map)
                .map(a -> a.get("AttributeName") + " " + a.get("AttributeType")).collect(Collectors.toSet()))
                .isEqualTo(design.attributeDefinitions().stream()
                        .map(a -> a.attributeName() + " " + a.attributeTypeAsString()).collect(Collectors.toSet()));
        assertThat(indexes(properties.get("GlobalSecondaryIndexes") == null ? List.of()
                : list(properties.get("GlobalSecondaryIndexes"))))
                .isEqualTo(design.globalSecondaryIndexes().stream().collect(Collectors.toMap(
                        GlobalSecondaryIndex::indexName,
                        index -> index.keySchema().stream().map(TemplateContractTest::key).toList() + " "
                                + index.projection().projectionTypeAsString() + " "
                                + new TreeSet<>(index.projection().nonKeyAttributes()))));
        assertThat(map(properties.get("TimeToLiveSpecification")))
                .isEqualTo(Map.of("AttributeName", TableDesign.TTL, "Enabled", true));
        assertThat(map(properties.get("PointInTimeRecoverySpecification")))
                .containsEntry("PointInTimeRecoveryEnabled", true);
        assertThat(map(properties.get("SSESpecification"))).containsEntry("SSEEnabled", true);
    }

    // (f) -------------------------------------------------------------------------------------------

    @Test
    void shouldPointEveryCodeUriAtTheZipMavenPackageBuilds() throws Exception {
        Pattern artifact = Pattern.compile("([a-z0-9-]+)/target/([a-z0-9-]+)\\.zip");
        Set<String> modules = Set.copyOf(xpathAll(pom(root), "/project/modules/module"));

        for (var entry : functions().entrySet()) {
            String codeUri = (String) functionProperty(entry.getValue(), "CodeUri");
            Matcher matcher = artifact.matcher(codeUri);
            assertThat(matcher.matches()).as("%s CodeUri %s is <module>/target/<module>.zip", entry.getKey(), codeUri).isTrue();
            String module = matcher.group(1);
            assertThat(matcher.group(2)).as("zip name of %s", entry.getKey()).isEqualTo(module);
            assertThat(modules).as("modules of the parent pom").contains(module);

            Document pom = pom(root.resolve(module));
            assertThat(xpath(pom, "/project/artifactId")).isEqualTo(module);
            assertThat(xpathAll(pom, "/project/build/plugins/plugin/artifactId"))
                    .as("%s declares the Lambda zip packaging", module).contains("maven-assembly-plugin");
            // The packaging itself is configured once, in the parent's pluginManagement.
            String assembly = "/project/build/pluginManagement/plugins/plugin[artifactId='maven-assembly-plugin']"
                    + "/configuration/";
            Document parent = pom(root);
            assertThat(xpath(parent, assembly + "finalName")).isEqualTo("${project.artifactId}");
            assertThat(xpath(parent, assembly + "appendAssemblyId")).isEqualTo("false");
            Document descriptor = xml(root.resolve(xpath(parent, assembly + "descriptors/descriptor")
                    .replace("${project.parent.basedir}/", "")));
            assertThat(xpathAll(descriptor, "/assembly/formats/format")).containsExactly("zip");
        }
    }

    // (g) -------------------------------------------------------------------------------------------

    @Test
    void shouldRunEveryFunctionOnJava21() {
        assertThat(functions()).isNotEmpty();
        functions().forEach((name, function) ->
                assertThat(functionProperty(function, "Runtime")).as("%s Runtime", name).isEqualTo("java21"));
    }

    /**
     * The functions whose Lambda constructor registers a CRaC priming before the SnapStart snapshot, with that class:
     * the API, whose callers wait on its cold starts. Every function runs with SnapStart (issue "Run it in
     * production": a restored snapshot instead of a JVM start, with the events on the published alias).
     */
    private static final Map<String, String> SNAPSTART_PRIMING = Map.of(
            "ApiFunction", "io.s3bulkrestore.api.SnapStartPriming");

    @Test
    void shouldSnapStartEveryFunctionThroughAPublishedAliasAndPrimeTheApi() throws Exception {
        assertThat(functions()).containsKeys(SNAPSTART_PRIMING.keySet().toArray(String[]::new)).hasSize(6);
        for (var entry : functions().entrySet()) {
            String name = entry.getKey();
            Map<String, Object> function = entry.getValue();
            assertThat(map(functionProperty(function, "SnapStart"))).as("%s SnapStart", name)
                    .containsEntry("ApplyOn", "PublishedVersions");
            // SnapStart applies to published versions only: without an alias the events invoke $LATEST.
            assertThat(functionProperty(function, "AutoPublishAlias")).as("%s AutoPublishAlias", name)
                    .isInstanceOf(String.class);
        }
        for (var primed : SNAPSTART_PRIMING.entrySet()) {
            assertThat(Class.forName(primed.getValue())).as("%s priming", primed.getKey())
                    .isAssignableTo(org.crac.Resource.class);
        }
    }

    /**
     * The copy worker reads and writes objects only in the allowed buckets (a copy's destination must be one: the
     * API answers 403 otherwise), may use a KMS key only when one is configured, and reads jobs without writing them.
     */
    @Test
    void shouldLetTheCopyFunctionWriteOnlyInTheAllowedBucketsAndUseOnlyTheConfiguredKmsKey() {
        List<Statement> statements = allowStatements().stream()
                .filter(statement -> statement.where().startsWith("CopyFunction/")).toList();
        List<String> actions = statements.stream().flatMap(s -> strings(s.body().get("Action")).stream()).toList();
        // s3:ListBucket: without it a HeadObject of a missing destination key is a 403, which reads as AccessDenied
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
        String policies = String.valueOf(functionProperty(function("CopyFunction"), "Policies"));
        assertThat(policies).contains("HasCopyKmsKey").contains("CopyKmsKeyArn");
        assertThat(map(map(template.get("Conditions")).get("HasCopyKmsKey"))).isNotNull();
    }

    /** SAM event types that SAM attaches to a function's AutoPublishAlias (its published version), never to $LATEST. */
    private static final Set<String> ALIAS_BOUND_EVENT_TYPES = Set.of("Api", "SQS", "DynamoDB", "Schedule");
    /** Resource types that name a function without invoking it: they read its metrics by function name. */
    private static final Set<String> NON_INVOKING_REFERRERS = Set.of("AWS::CloudWatch::Alarm", "AWS::CloudWatch::Dashboard");
    private static final Pattern SUB_REFERENCE = Pattern.compile("\\$\\{([A-Za-z0-9]+)(\\.[A-Za-z0-9.]+)?}");

    /**
     * SnapStart only runs on published versions, so every invocation must reach the alias: the function's own SAM
     * events (API routes, queue and stream event source mappings, the schedule), which SAM points at the alias when
     * AutoPublishAlias is set, and no resource of ours (an event source mapping, permission, rule target,
     * subscription) naming the unqualified function, which would invoke $LATEST and its full JVM start.
     */
    @Test
    void shouldInvokeEveryFunctionOnlyThroughEventsOnItsPublishedAlias() {
        Set<String> functionNames = functions().keySet();
        for (var entry : functions().entrySet()) {
            Map<String, Object> events = map(map(entry.getValue().get("Properties")).getOrDefault("Events", Map.of()));
            assertThat(events).as("%s events", entry.getKey()).isNotEmpty();
            events.forEach((event, definition) -> assertThat(map(definition).get("Type"))
                    .as("%s event %s", entry.getKey(), event).isIn(ALIAS_BOUND_EVENT_TYPES));
        }
        resources.forEach((name, resource) -> {
            String type = (String) map(resource).get("Type");
            Set<String> named = new TreeSet<>();
            collectReferences(map(resource).get("Properties"), named);
            named.retainAll(functionNames);
            if (!FUNCTION.equals(type) && !named.isEmpty()) {
                assertThat(type).as("%s (%s) names %s without its alias", name, type, named)
                        .isIn(NON_INVOKING_REFERRERS);
            }
        });
    }

    /** Every logical id a value refers to with Ref, GetAtt or a Sub placeholder. */
    private static void collectReferences(Object value, Set<String> into) {
        if (value instanceof Map<?, ?> node) {
            node.forEach((key, argument) -> {
                if ("Ref".equals(key) && argument instanceof String id) {
                    into.add(id);
                } else if ("Fn::GetAtt".equals(key)) {
                    into.add(String.valueOf(list(argument).get(0)).split("\\.", 2)[0]);
                } else if ("Fn::Sub".equals(key)) {
                    Matcher placeholders = SUB_REFERENCE.matcher(String.valueOf(list(argument).get(0)));
                    while (placeholders.find()) {
                        into.add(placeholders.group(1));
                    }
                }
                collectReferences(argument, into);
            });
        } else if (value instanceof List<?> items) {
            items.forEach(item -> collectReferences(item, into));
        }
    }

    // (h) queues --------------------------------------------------------------------------------------

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
            String deadLetterQueue = getAttArnOf(redrive.get("deadLetterTargetArn"), source.where() + " DLQ");

            assertThat(map(resources.get(deadLetterQueue))).as(deadLetterQueue).containsEntry("Type", "AWS::SQS::Queue");
            assertThat(deadLetterQueue).as("%s DLQ is not the queue itself", source.where())
                    .isNotEqualTo(source.queue());
            if (source.queue().equals("CopyQueue")) {
                // The copy worker records a copy failed at CopyMaxAttempts deliveries: the queue must deliver more
                // often than that, or a copy that keeps failing for a passing reason would land in the DLQ unrecorded.
                Map<String, Object> attempts = map(map(template.get("Parameters")).get("CopyMaxAttempts"));
                assertThat(((Number) redrive.get("maxReceiveCount")).intValue())
                        .as("CopyQueue maxReceiveCount > CopyMaxAttempts' MaxValue")
                        .isGreaterThan(((Number) attempts.get("MaxValue")).intValue());
            } else {
                assertThat(redrive.get("maxReceiveCount")).as("%s maxReceiveCount", source.where())
                        .isEqualTo(Map.of("Ref", "MaxReceiveCount"));
            }
            assertThat(map(map(resources.get(deadLetterQueue)).get("Properties")))
                    .as("%s keeps messages for the 14-day maximum", deadLetterQueue)
                    .containsEntry("MessageRetentionPeriod", 1_209_600);
        }
    }

    @Test
    void shouldHideEveryMessageForSixFunctionTimeoutsPlusTheBatchingWindow() {
        for (SqsEventSource source : sqsEventSources()) {
            int timeout = ((Number) functionProperty(function(source.function()), "Timeout")).intValue();
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
        Map<String, Object> chunkBytes = map(map(template.get("Parameters")).get("ManifestChunkBytes"));
        long largest = ((Number) chunkBytes.get("MaxValue")).longValue();
        int timeout = ((Number) functionProperty(function("IngestFunction"), "Timeout")).intValue();

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
        int timeout = ((Number) functionProperty(function("RestoreEventFunction"), "Timeout")).intValue();

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
                "CopyFunction", TallyFunctionConfig.COPY_QUEUE_URL); // a copy continued (CopyRestoredObjects)
        for (SqsEventSource source : sqsEventSources()) {
            assertThat(environment(function(source.function())))
                    .as("%s is told its queue's URL", source.function())
                    .containsEntry(urlVariable.get(source.function()), Map.of("Ref", source.queue()));
            List<Statement> sends = allowStatements().stream()
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
        resources.forEach((name, resource) -> {
            if ("AWS::SQS::Queue".equals(map(resource).get("Type"))) {
                assertThat(map(map(resource).get("Properties"))).as(name).containsEntry("SqsManagedSseEnabled", true);
            }
        });
    }

    // (i) restore event routing -----------------------------------------------------------------------

    @Test
    void shouldForwardExactlyTheAllowedBucketsRestoreEventsToTheRestoreEventsQueue() {
        Map<String, Object> rule = map(resources.get("RestoreEventsRule"));
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
        assertThat(map(map(template.get("Conditions")).get("RoutesThroughEventBridge")))
                .isEqualTo(Map.of("Fn::Equals", List.of(Map.of("Ref", "RoutingMode"), "EVENTBRIDGE")));
    }

    // README ----------------------------------------------------------------------------------------

    @Test
    void shouldDocumentEveryParameterInTheReadmeConfigurationTable() throws Exception {
        String readme = Files.readString(root.resolve("README.md"));
        int start = readme.indexOf("\n## Configuration");
        assertThat(start).as("README has a Configuration section").isNotNegative();
        int end = readme.indexOf("\n## ", start + 1);
        String section = end < 0 ? readme.substring(start) : readme.substring(start, end);

        assertThat(map(template.get("Parameters")).keySet())
                .allSatisfy(parameter -> assertThat(section).contains("| `" + parameter + "` |"));
    }

    // helpers ---------------------------------------------------------------------------------------

    private record SqsEventSource(String function, String event, String queue, Map<String, Object> properties) {
        String where() {
            return function + "." + event;
        }
    }

    private static List<SqsEventSource> sqsEventSources() {
        List<SqsEventSource> sources = new ArrayList<>();
        functions().forEach((name, function) -> map(map(function.get("Properties")).getOrDefault("Events", Map.of()))
                .forEach((eventName, event) -> {
                    if ("SQS".equals(map(event).get("Type"))) {
                        Map<String, Object> properties = map(map(event).get("Properties"));
                        String queue = getAttArnOf(properties.get("Queue"), name + "." + eventName + " Queue");
                        sources.add(new SqsEventSource(name, eventName, queue, properties));
                    }
                }));
        return sources;
    }

    private static Map<String, Object> queueProperties(SqsEventSource source) {
        Map<String, Object> queue = map(resources.get(source.queue()));
        assertThat(queue).as("%s queue", source.where()).containsEntry("Type", "AWS::SQS::Queue");
        return map(queue.get("Properties"));
    }

    /** The logical id X of a {@code !GetAtt X.Arn}. */
    private static String getAttArnOf(Object value, String what) {
        List<Object> getAtt = list(map(value).get("Fn::GetAtt"));
        assertThat(getAtt).as("%s is !GetAtt <queue>.Arn", what).hasSize(2).element(1).isEqualTo("Arn");
        return (String) getAtt.get(0);
    }

    /** The parameter a {@code !Ref} names. */
    private static Map<String, Object> parameter(Object reference) {
        return map(map(template.get("Parameters")).get((String) map(reference).get("Ref")));
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
        Map<String, Object> parameter = parameter(value);
        assertThat(parameter).as("parameter %s", value).containsEntry("Type", "Number").containsKey(limit);
        return ((Number) parameter.get(limit)).intValue();
    }

    /** Allow statements of every identity, trust and resource policy (StackTemplate.allowStatements). */
    private static List<Statement> allowStatements() {
        return StackTemplate.of(template).allowStatements();
    }

    private static boolean apiKeyRequired(String event, Map<String, Object> properties) {
        Object restApiId = properties.get("RestApiId");
        assertThat(restApiId).as("%s names its RestApiId (no implicit API without a key)", event).isNotNull();
        Map<String, Object> api = map(resources.get((String) map(restApiId).get("Ref")));
        assertThat(api).as("%s RestApiId", event).containsEntry("Type", "AWS::Serverless::Api");
        Object onEvent = map(properties.getOrDefault("Auth", Map.of())).get("ApiKeyRequired");
        Object onApi = map(map(api.get("Properties")).getOrDefault("Auth", Map.of())).get("ApiKeyRequired");
        return Boolean.TRUE.equals(onEvent != null ? onEvent : onApi);
    }

    private static Map<String, Map<String, Object>> functions() {
        Map<String, Map<String, Object>> functions = new TreeMap<>();
        resources.forEach((name, resource) -> {
            if (FUNCTION.equals(map(resource).get("Type"))) {
                functions.put(name, map(resource));
            }
        });
        return functions;
    }

    private static Map<String, Object> function(String name) {
        Map<String, Object> function = map(resources.get(name));
        assertThat(function).containsEntry("Type", FUNCTION);
        return function;
    }

    /** A function property, or its Globals.Function default. */
    private static Object functionProperty(Map<String, Object> function, String property) {
        Object own = map(function.get("Properties")).get(property);
        return own != null ? own : globalFunctionProperties().get(property);
    }

    /** Globals.Function environment variables overlaid with the function's own (SAM merges them). */
    private static Map<String, Object> environment(Map<String, Object> function) {
        Map<String, Object> variables = new LinkedHashMap<>();
        variables.putAll(map(map(globalFunctionProperties().getOrDefault("Environment", Map.of()))
                .getOrDefault("Variables", Map.of())));
        variables.putAll(map(map(map(function.get("Properties")).getOrDefault("Environment", Map.of()))
                .getOrDefault("Variables", Map.of())));
        return variables;
    }

    private static Map<String, Object> globalFunctionProperties() {
        return map(map(template.getOrDefault("Globals", Map.of())).getOrDefault("Function", Map.of()));
    }

    private static Map<String, Object> singleResourceOfType(String type) {
        List<Map<String, Object>> matching = resources.values().stream().map(TemplateContractTest::map)
                .filter(resource -> type.equals(resource.get("Type"))).toList();
        assertThat(matching).as("resources of type %s", type).hasSize(1);
        return matching.get(0);
    }

    private static String logicalIdOf(Map<String, Object> resource) {
        return resources.entrySet().stream().filter(entry -> entry.getValue() == resource).map(Map.Entry::getKey)
                .findFirst().orElseThrow();
    }

    private static List<String> keys(List<Object> keySchema) {
        return keySchema.stream().map(TemplateContractTest::map).map(k -> k.get("AttributeName") + " " + k.get("KeyType"))
                .toList();
    }

    private static String key(KeySchemaElement element) {
        return element.attributeName() + " " + element.keyTypeAsString();
    }

    private static Map<String, String> indexes(List<Object> indexes) {
        Map<String, String> byName = new TreeMap<>();
        for (Object value : indexes) {
            Map<String, Object> index = map(value);
            Map<String, Object> projection = map(index.get("Projection"));
            byName.put((String) index.get("IndexName"), keys(list(index.get("KeySchema"))) + " "
                    + projection.get("ProjectionType") + " "
                    + new TreeSet<>(strings(projection.getOrDefault("NonKeyAttributes", List.of()))));
        }
        return byName;
    }

    private static Path repositoryRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("template.yaml")) && Files.isRegularFile(dir.resolve("pom.xml"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no template.yaml above " + Path.of("").toAbsolutePath());
    }

    private static Document pom(Path moduleDir) throws Exception {
        return xml(moduleDir.resolve("pom.xml"));
    }

    private static Document xml(Path file) throws Exception {
        assertThat(file).isRegularFile();
        // Namespace-unaware on purpose, so XPath can use the plain element names of the POM.
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile());
    }

    private static String xpath(Document document, String expression) throws Exception {
        return XPathFactory.newInstance().newXPath().evaluate(expression, document).trim();
    }

    private static List<String> xpathAll(Document document, String expression) throws Exception {
        var nodes = (org.w3c.dom.NodeList) XPathFactory.newInstance().newXPath()
                .evaluate(expression, document, javax.xml.xpath.XPathConstants.NODESET);
        List<String> values = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            values.add(nodes.item(i).getTextContent().trim());
        }
        return values;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        assertThat(value).as("a YAML mapping").isInstanceOf(Map.class);
        return (Map<String, Object>) value;
    }

    /** A YAML sequence; IAM lets a single Statement/Action/Resource stand alone, so a lone value is a list of one. */
    @SuppressWarnings("unchecked")
    private static List<Object> list(Object value) {
        return value instanceof List<?> items ? (List<Object>) items : List.of(value);
    }

    /** The literal strings of an Action or Resource (intrinsics such as !GetAtt are not literals). */
    private static Set<String> strings(Object value) {
        Set<String> literals = new HashSet<>();
        if (value == null) {
            return literals;
        }
        for (Object item : list(value)) {
            if (item instanceof String text) {
                literals.add(text);
            }
        }
        return literals;
    }
}
