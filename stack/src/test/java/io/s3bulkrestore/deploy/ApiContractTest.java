package io.s3bulkrestore.deploy;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static io.s3bulkrestore.deploy.StackTemplate.list;
import static io.s3bulkrestore.deploy.StackTemplate.map;
import static org.assertj.core.api.Assertions.assertThat;

/** The REST API: the routes DESIGN §2 defines, each behind the API key, and the key's usage plan on the stage. */
class ApiContractTest {

    /**
     * The REST routes DESIGN §2 defines, and an ANY method on each of their paths so that the function, not
     * API Gateway, answers a method a path does not serve (405, as the README says); each must require the
     * API key.
     */
    private static final Set<String> ROUTES = Set.of("POST /jobs", "POST /create-job", "GET /jobs", "GET /jobs/{id}",
            "POST /jobs/{id}/cancel", "POST /jobs/{id}/confirm", "POST /jobs/{id}/redrive", "ANY /jobs",
            "ANY /create-job", "ANY /jobs/{id}", "ANY /jobs/{id}/cancel", "ANY /jobs/{id}/confirm",
            "ANY /jobs/{id}/redrive");

    private static StackTemplate stack;

    @BeforeAll
    static void loadTemplate() throws Exception {
        stack = StackTemplate.load();
    }

    @Test
    void shouldRequireTheApiKeyOnEveryRoute() {
        Map<String, Boolean> keyRequiredByRoute = new TreeMap<>();
        stack.functions().forEach((name, function) -> map(map(function.get("Properties")).getOrDefault("Events", Map.of()))
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
        Map.Entry<String, Map<String, Object>> plan = singleResourceOfType("AWS::ApiGateway::UsagePlan");
        Map<String, Object> planKey = singleResourceOfType("AWS::ApiGateway::UsagePlanKey").getValue();
        String planName = plan.getKey();

        assertThat(list(map(plan.getValue().get("Properties")).get("ApiStages")))
                .contains(Map.of("ApiId", Map.of("Ref", "RestApi"), "Stage", Map.of("Ref", "RestApi.Stage")));
        Map<String, Object> keyProperties = map(planKey.get("Properties"));
        assertThat(keyProperties).containsEntry("UsagePlanId", Map.of("Ref", planName)).containsEntry("KeyType", "API_KEY");
        String keyName = (String) map(keyProperties.get("KeyId")).get("Ref");
        assertThat(map(stack.resources().get(keyName))).containsEntry("Type", "AWS::ApiGateway::ApiKey");
        assertThat(map(stack.section("Outputs").get("ApiKeyId"))).containsEntry("Value", Map.of("Ref", keyName));
    }

    /** The one resource of a type, by logical id. */
    private static Map.Entry<String, Map<String, Object>> singleResourceOfType(String type) {
        Map<String, Map<String, Object>> matching = stack.resourcesOfType(type);
        assertThat(matching).as("resources of type %s", type).hasSize(1);
        return matching.entrySet().iterator().next();
    }

    private static boolean apiKeyRequired(String event, Map<String, Object> properties) {
        Object restApiId = properties.get("RestApiId");
        assertThat(restApiId).as("%s names its RestApiId (no implicit API without a key)", event).isNotNull();
        Map<String, Object> api = map(stack.resources().get((String) map(restApiId).get("Ref")));
        assertThat(api).as("%s RestApiId", event).containsEntry("Type", "AWS::Serverless::Api");
        Object onEvent = map(properties.getOrDefault("Auth", Map.of())).get("ApiKeyRequired");
        Object onApi = map(map(api.get("Properties")).getOrDefault("Auth", Map.of())).get("ApiKeyRequired");
        return Boolean.TRUE.equals(onEvent != null ? onEvent : onApi);
    }
}
