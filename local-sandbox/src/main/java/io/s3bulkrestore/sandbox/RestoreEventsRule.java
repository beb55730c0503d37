package io.s3bulkrestore.sandbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/**
 * The template's {@code RestoreEventsRule} (EVENTBRIDGE routing mode), created on moto's EventBridge: source
 * {@code aws.s3}, the template's detail type ("Object Restore Completed"), limited to the allowed buckets, one target, RestoreEventsQueue.
 * moto 5.2.1 passes the S3 events of buckets whose EventBridge delivery is on to its rules, and a rule's SQS
 * target receives the event itself as the message body, as in AWS.
 *
 * <p>The two calls go over EventBridge's JSON protocol with plain HTTP: the SDK's eventbridge module is not among
 * the project's dependencies, and this is the only EventBridge call the sandbox makes. moto picks the service
 * from the credential scope of the Authorization header; it checks no signature.
 */
final class RestoreEventsRule {

    static final String NAME = SandboxResources.PREFIX + "restore-events";
    /** template.yaml, RestoreEventsRule.EventPattern.detail-type: completions only, as the stack counts nothing else. */
    static final List<String> DETAIL_TYPES = List.of("Object Restore Completed");

    private static final ObjectMapper JSON = new ObjectMapper();

    private RestoreEventsRule() {
    }

    /** The rule's event pattern, as the template writes it. */
    static String pattern(List<String> buckets) {
        ObjectNode pattern = JSON.createObjectNode();
        pattern.putArray("source").add("aws.s3");
        DETAIL_TYPES.forEach(pattern.putArray("detail-type")::add);
        var names = pattern.putObject("detail").putObject("bucket").putArray("name");
        buckets.forEach(names::add);
        return pattern.toString();
    }

    /** Creates (or updates) the rule and its target; returns the rule's ARN. */
    static String create(URI motoEndpoint, String region, List<String> buckets, String queueArn) {
        ObjectNode rule = JSON.createObjectNode();
        rule.put("Name", NAME);
        rule.put("Description", "s3-bulk-restore - restore completions of the allowed buckets to RestoreEventsQueue");
        rule.put("State", "ENABLED");
        rule.put("EventPattern", pattern(buckets));
        String ruleArn = call(motoEndpoint, region, "PutRule", rule).path("RuleArn").asText();

        ObjectNode targets = JSON.createObjectNode();
        targets.put("Rule", NAME);
        ObjectNode target = targets.putArray("Targets").addObject();
        target.put("Id", "RestoreEventsQueue");
        target.put("Arn", queueArn);
        var answer = call(motoEndpoint, region, "PutTargets", targets);
        if (answer.path("FailedEntryCount").asInt(0) != 0) {
            throw new IllegalStateException("EventBridge refused the rule's target " + queueArn + ": " + answer);
        }
        return ruleArn;
    }

    private static com.fasterxml.jackson.databind.JsonNode call(URI endpoint, String region, String action,
                                                               ObjectNode body) {
        HttpRequest request = HttpRequest.newBuilder(endpoint.resolve("/"))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/x-amz-json-1.1")
                .header("X-Amz-Target", "AWSEvents." + action)
                .header("Authorization", "AWS4-HMAC-SHA256 Credential=sandbox/20000101/" + region
                        + "/events/aws4_request, SignedHeaders=host, Signature=unsigned")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .build();
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("EventBridge " + action + " answered " + response.statusCode() + ": "
                        + response.body());
            }
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException("EventBridge " + action + " on " + endpoint + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while calling EventBridge " + action, e);
        }
    }
}
