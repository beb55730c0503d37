package io.s3bulkrestore.deploy;

import io.s3bulkrestore.adapters.config.ApiFunctionConfig;
import io.s3bulkrestore.adapters.config.CopyFunctionConfig;
import io.s3bulkrestore.adapters.config.IngestFunctionConfig;
import io.s3bulkrestore.adapters.config.MonitorFunctionConfig;
import io.s3bulkrestore.adapters.config.RestoreEventFunctionConfig;
import io.s3bulkrestore.adapters.config.TallyFunctionConfig;
import io.s3bulkrestore.adapters.s3.S3NotificationRouting;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static io.s3bulkrestore.deploy.StackTemplate.list;
import static io.s3bulkrestore.deploy.StackTemplate.map;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What each function reads from its environment (its config class) against what the template sets: every
 * variable, the resources they name, and parameters whose defaults are the function's own defaults; every parameter
 * documented in the README.
 */
class ConfigurationContractTest {

    /** The variables each function reads, from its config class. A function missing here fails the build. */
    private static final Map<String, List<String>> VARIABLES_BY_FUNCTION = Map.of(
            "ApiFunction", ApiFunctionConfig.VARIABLES,
            "IngestFunction", IngestFunctionConfig.VARIABLES,
            "RestoreEventFunction", RestoreEventFunctionConfig.VARIABLES,
            "TallyFunction", TallyFunctionConfig.VARIABLES,
            "MonitorFunction", MonitorFunctionConfig.VARIABLES,
            "CopyFunction", CopyFunctionConfig.VARIABLES);

    private static StackTemplate stack;

    @BeforeAll
    static void loadTemplate() throws Exception {
        stack = StackTemplate.load();
    }

    @Test
    void shouldSetEveryVariableEachFunctionReads() {
        assertThat(stack.functions().keySet()).as("functions (each needs its config class in VARIABLES_BY_FUNCTION)")
                .isEqualTo(VARIABLES_BY_FUNCTION.keySet());
        stack.functions().forEach((name, function) -> {
            Map<String, Object> variables = stack.environment(function);
            assertThat(variables).as("%s environment", name)
                    .containsKeys(VARIABLES_BY_FUNCTION.get(name).toArray(String[]::new));
            for (String shared : List.of(ApiFunctionConfig.JOBS_TABLE, ApiFunctionConfig.OBJECTS_TABLE,
                    ApiFunctionConfig.ALLOWED_BUCKETS)) {
                if (variables.containsKey(shared)) {
                    assertThat(variables.get(shared)).as("%s %s", name, shared)
                            .isEqualTo(stack.environment(stack.function("ApiFunction")).get(shared));
                }
            }
        });
    }

    @Test
    void shouldSetEveryVariableTheApiFunctionReads() {
        Map<String, Object> variables = stack.environment(stack.function("ApiFunction"));

        assertThat(variables).containsKeys(ApiFunctionConfig.VARIABLES.toArray(String[]::new));
        assertThat(variables.get(ApiFunctionConfig.INGEST_QUEUE_URL)).isEqualTo(Map.of("Ref", "IngestQueue"));
        assertThat(variables.get(ApiFunctionConfig.ALLOWED_BUCKETS))
                .as("ALLOWED_BUCKETS is the AllowedBuckets list joined with commas")
                .isEqualTo(Map.of("Fn::Join", List.of(",", Map.of("Ref", "AllowedBuckets"))));
        assertThat(stack.parameter("AllowedBuckets"))
                .containsEntry("Type", "CommaDelimitedList")
                .doesNotContainKey("Default");
        assertThat(variables.get(ApiFunctionConfig.ACCOUNT_ID)).isEqualTo(Map.of("Ref", "AWS::AccountId"));
        assertThat(variables.get(ApiFunctionConfig.JOBS_TABLE)).isEqualTo(Map.of("Ref", "JobsTable"));
        assertThat(variables.get(ApiFunctionConfig.OBJECTS_TABLE)).isEqualTo(Map.of("Ref", "ObjectsTable"));
    }

    @Test
    void shouldDefaultTheDeadlineFactorToWhatTheFunctionDefaultsTo() {
        Object reference = stack.environment(stack.function("ApiFunction")).get(ApiFunctionConfig.DEADLINE_FACTOR);
        String parameter = (String) map(reference).get("Ref");
        String templateDefault = String.valueOf(map(stack.section("Parameters").get(parameter)).get("Default"));

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
        Map<String, Object> parameter = stack.parameter("CopyConcurrency");

        assertThat(stack.environment(stack.function("ApiFunction")).get(ApiFunctionConfig.COPY_CONCURRENCY))
                .isEqualTo(Map.of("Ref", "CopyConcurrency"));
        assertThat(map(map(map(map(stack.function("CopyFunction").get("Properties")).get("Events")).get("CopyTasks"))
                .get("Properties")).get("ScalingConfig")).isEqualTo(Map.of("MaximumConcurrency",
                Map.of("Ref", "CopyConcurrency")));
        assertThat(String.valueOf(parameter.get("Default"))).isEqualTo(ApiFunctionConfig.DEFAULT_COPY_CONCURRENCY);
    }

    @Test
    void shouldDefaultTheManifestChunkSizeToWhatTheFunctionDefaultsTo() {
        Object reference = stack.environment(stack.function("ApiFunction")).get(ApiFunctionConfig.MANIFEST_CHUNK_BYTES);
        Map<String, Object> parameter = stack.parameterOf(reference);

        assertThat(parameter).containsEntry("Type", "Number");
        assertThat(String.valueOf(parameter.get("Default"))).isEqualTo(ApiFunctionConfig.DEFAULT_CHUNK_BYTES);
        assertThat(((Number) parameter.get("MinValue")).longValue()).isPositive();
    }

    @Test
    void shouldOfferOnlyRoutingModesTheIngestWorkerUnderstands() {
        Map<String, Object> variables = stack.environment(stack.function("IngestFunction"));
        Map<String, Object> parameter = stack.parameterOf(variables.get(IngestFunctionConfig.ROUTING_MODE));
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
        Map<String, Object> own = map(map(map(stack.function("MonitorFunction").get("Properties")).get("Environment"))
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
        assertThat(stack.environment(stack.function("ApiFunction")).get(ApiFunctionConfig.QUOTE_EXPIRY_DAYS))
                .isEqualTo(Map.of("Ref", "QuoteExpiryDays"));
        Map<String, Object> parameter = stack.parameter("QuoteExpiryDays");
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
        Map<String, Object> variables = stack.environment(stack.function("MonitorFunction"));

        // Given the environment the template sets with every parameter at its default
        Map<String, String> required = new LinkedHashMap<>();
        MonitorFunctionConfig.VARIABLES.stream().filter(name -> !defaults.containsKey(name))
                .forEach(name -> required.put(name, "value-of-" + name));
        required.put(ApiFunctionConfig.DEADLINE_FACTOR, ApiFunctionConfig.DEFAULT_DEADLINE_FACTOR); // a String parameter
        Map<String, String> deployed = new LinkedHashMap<>(required);
        defaults.forEach((name, functionDefault) -> {
            Map<String, Object> parameter = stack.parameterOf(variables.get(name));
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
        Map<String, Object> parameter = stack.parameterOf(stack.environment(stack.function("MonitorFunction"))
                .get(MonitorFunctionConfig.PROGRESS_STEP_PERCENT));
        List<Integer> allowed = list(parameter.get("AllowedValues")).stream()
                .map(value -> Integer.parseInt(String.valueOf(value))).toList();

        assertThat(allowed).containsExactly(1, 2, 4, 5, 10, 20, 25, 50)
                .allSatisfy(step -> assertThat(100 % step).as("100 %% %s", step).isZero())
                .contains(Integer.parseInt(String.valueOf(parameter.get("Default"))));
    }

    @Test
    void shouldDocumentEveryParameterInTheReadmeConfigurationTable() throws Exception {
        String readme = Files.readString(stack.root().resolve("README.md"));
        int start = readme.indexOf("\n## Configuration");
        assertThat(start).as("README has a Configuration section").isNotNegative();
        int end = readme.indexOf("\n## ", start + 1);
        String section = end < 0 ? readme.substring(start) : readme.substring(start, end);

        assertThat(stack.section("Parameters").keySet())
                .allSatisfy(parameter -> assertThat(section).contains("| `" + parameter + "` |"));
    }
}
