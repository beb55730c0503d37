package io.s3bulkrestore.deploy;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.s3bulkrestore.deploy.StackTemplate.FUNCTION;
import static io.s3bulkrestore.deploy.StackTemplate.map;
import static io.s3bulkrestore.deploy.StackTemplate.ref;
import static io.s3bulkrestore.deploy.StackTemplate.sub;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What an operator gets besides the alarms: so far, log groups with a retention.
 */
class OperationsContractTest {

    /** The retention periods CloudWatch Logs accepts (PutRetentionPolicy), in days. */
    private static final List<Integer> RETENTION_DAYS = List.of(1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400,
            545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653);

    private static StackTemplate stack;

    @BeforeAll
    static void loadTemplate() throws Exception {
        stack = StackTemplate.load();
    }

    // log groups --------------------------------------------------------------------------------------

    @Test
    void shouldGiveEveryFunctionItsOwnLogGroupKeptLogRetentionInDays() {
        Map<String, Map<String, Object>> functions = stack.resourcesOfType(FUNCTION);
        assertThat(functions).hasSize(5);
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
}
