package io.s3bulkrestore.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * template.yaml as CloudFormation reads it (through {@link CloudFormationYaml}), with the lookups the contract tests
 * share: resources by logical id or type, functions with what SAM merges into them from Globals, parameters, and
 * every policy statement of the stack.
 */
final class StackTemplate {

    static final String FUNCTION = "AWS::Serverless::Function";

    private final Path root;
    private final Map<String, Object> template;

    private StackTemplate(Path root, Map<String, Object> template) {
        this.root = root;
        this.template = template;
    }

    /** The repository's template.yaml. */
    static StackTemplate load() throws IOException {
        Path root = repositoryRoot();
        return new StackTemplate(root, CloudFormationYaml.load(root.resolve("template.yaml")));
    }

    /** A template read elsewhere (the statements of a template another test loaded). */
    static StackTemplate of(Map<String, Object> template) {
        return new StackTemplate(repositoryRoot(), template);
    }

    /** The directory holding template.yaml and the parent pom. */
    Path root() {
        return root;
    }

    /** A top-level section (Parameters, Conditions, Metadata, Globals, Outputs); empty if absent. */
    Map<String, Object> section(String name) {
        return map(template.getOrDefault(name, Map.of()));
    }

    Map<String, Object> resources() {
        return section("Resources");
    }

    Map<String, Object> resource(String logicalId) {
        Object resource = resources().get(logicalId);
        assertThat(resource).as("resource %s", logicalId).isNotNull();
        return map(resource);
    }

    Map<String, Object> properties(String logicalId) {
        return map(resource(logicalId).getOrDefault("Properties", Map.of()));
    }

    /** The resources of one type, by logical id, in name order. */
    Map<String, Map<String, Object>> resourcesOfType(String type) {
        Map<String, Map<String, Object>> matching = new TreeMap<>();
        resources().forEach((name, resource) -> {
            if (type.equals(map(resource).get("Type"))) {
                matching.put(name, map(resource));
            }
        });
        return matching;
    }

    /** The stack's functions (AWS::Serverless::Function), by logical id, in name order. */
    Map<String, Map<String, Object>> functions() {
        return resourcesOfType(FUNCTION);
    }

    Map<String, Object> function(String logicalId) {
        Map<String, Object> function = resource(logicalId);
        assertThat(function).as("resource %s", logicalId).containsEntry("Type", FUNCTION);
        return function;
    }

    /** A function property, or its Globals.Function default. */
    Object functionProperty(Map<String, Object> function, String property) {
        Object own = map(function.get("Properties")).get(property);
        return own != null ? own : globalFunctionProperties().get(property);
    }

    /** Globals.Function environment variables overlaid with the function's own (SAM merges them). */
    Map<String, Object> environment(Map<String, Object> function) {
        Map<String, Object> variables = new LinkedHashMap<>();
        variables.putAll(map(map(globalFunctionProperties().getOrDefault("Environment", Map.of()))
                .getOrDefault("Variables", Map.of())));
        variables.putAll(map(map(map(function.get("Properties")).getOrDefault("Environment", Map.of()))
                .getOrDefault("Variables", Map.of())));
        return variables;
    }

    private Map<String, Object> globalFunctionProperties() {
        return map(section("Globals").getOrDefault("Function", Map.of()));
    }

    Map<String, Object> parameter(String name) {
        Object parameter = section("Parameters").get(name);
        assertThat(parameter).as("parameter %s", name).isNotNull();
        return map(parameter);
    }

    /** The parameter a {@code !Ref} names. */
    Map<String, Object> parameterOf(Object reference) {
        return parameter((String) map(reference).get("Ref"));
    }

    /** One statement of a policy document, and where it is: "LogicalId/Sid" ("LogicalId trust/Sid" for a trust policy). */
    record Statement(String where, Map<String, Object> body) {
    }

    /**
     * Every statement of every identity policy (roles, standalone policies, function Policies), trust policy and
     * resource policy; both branches of a statement written as {@code !If}, since either may be deployed.
     */
    List<Statement> statements() {
        List<Statement> statements = new ArrayList<>();
        resources().forEach((name, value) -> {
            Map<String, Object> resource = map(value);
            Map<String, Object> properties = map(resource.getOrDefault("Properties", Map.of()));
            switch (String.valueOf(resource.get("Type"))) {
                case "AWS::IAM::Role" -> {
                    addStatements(statements, name + " trust", properties.get("AssumeRolePolicyDocument"));
                    for (Object policy : list(properties.getOrDefault("Policies", List.of()))) {
                        addStatements(statements, name, map(policy).get("PolicyDocument"));
                    }
                }
                case "AWS::IAM::Policy", "AWS::IAM::ManagedPolicy", "AWS::IAM::RolePolicy", "AWS::S3::BucketPolicy",
                     "AWS::SNS::TopicPolicy", "AWS::SQS::QueuePolicy" ->
                        addStatements(statements, name, properties.get("PolicyDocument"));
                case FUNCTION -> {
                    for (Object policy : list(properties.getOrDefault("Policies", List.of()))) {
                        if (!(policy instanceof Map<?, ?> document) || !document.containsKey("Statement")) {
                            fail(name + " Policies must be inline statements (checkable here), not " + policy);
                        }
                        addStatements(statements, name, policy);
                    }
                }
                default -> {
                }
            }
        });
        return statements;
    }

    /** The Allow statements: Deny statements only take access away, so "sqs:*" in a TLS-only Deny is fine. */
    List<Statement> allowStatements() {
        return statements().stream().filter(statement -> "Allow".equals(statement.body().get("Effect"))).toList();
    }

    private static void addStatements(List<Statement> into, String owner, Object document) {
        for (Object statement : list(map(document).get("Statement"))) {
            for (Map<String, Object> body : branches(map(statement))) {
                into.add(new Statement(owner + "/" + body.getOrDefault("Sid", "(no Sid)"), body));
            }
        }
    }

    /** A statement, or both statements of an {@code !If [condition, then, else]}: each branch may be deployed. */
    private static List<Map<String, Object>> branches(Map<String, Object> statement) {
        if (!statement.containsKey("Fn::If")) {
            return List.of(statement);
        }
        List<Object> arguments = list(statement.get("Fn::If"));
        assertThat(arguments).as("Fn::If arguments").hasSize(3);
        List<Map<String, Object>> branches = new ArrayList<>();
        for (Object branch : arguments.subList(1, 3)) {
            if (!Map.of("Ref", "AWS::NoValue").equals(branch)) {
                branches.addAll(branches(map(branch)));
            }
        }
        return branches;
    }

    static Map<String, Object> ref(String name) {
        return Map.of("Ref", name);
    }

    static Map<String, Object> getAtt(String resource, String attribute) {
        return Map.of("Fn::GetAtt", List.of(resource, attribute));
    }

    static Map<String, Object> sub(String text) {
        return Map.of("Fn::Sub", text);
    }

    /** The logical id X of a {@code !GetAtt X.Arn}. */
    static String arnOf(Object value, String what) {
        List<Object> getAtt = list(map(value).get("Fn::GetAtt"));
        assertThat(getAtt).as("%s is !GetAtt <resource>.Arn", what).hasSize(2).element(1).isEqualTo("Arn");
        return (String) getAtt.get(0);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        assertThat(value).as("a YAML mapping").isInstanceOf(Map.class);
        return (Map<String, Object>) value;
    }

    /** A YAML sequence; IAM lets a single Statement/Action/Resource stand alone, so a lone value is a list of one. */
    @SuppressWarnings("unchecked")
    static List<Object> list(Object value) {
        return value instanceof List<?> items ? (List<Object>) items : List.of(value);
    }

    /** The literal strings of an Action or Resource (intrinsics such as !GetAtt are not literals). */
    static Set<String> strings(Object value) {
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

    private static Path repositoryRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("template.yaml")) && Files.isRegularFile(dir.resolve("pom.xml"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no template.yaml above " + Path.of("").toAbsolutePath());
    }
}
