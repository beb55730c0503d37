package io.s3bulkrestore.deploy;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.s3bulkrestore.deploy.StackTemplate.FUNCTION;
import static io.s3bulkrestore.deploy.StackTemplate.list;
import static io.s3bulkrestore.deploy.StackTemplate.map;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The functions the template deploys and how they run: a handler that exists, the zip Maven builds, the runtime,
 * SnapStart on a published alias that every event invokes, and the monitor's schedule.
 */
class FunctionsContractTest {

    /**
     * The functions whose Lambda constructor registers a CRaC priming before the SnapStart snapshot, with that class:
     * the API, whose callers wait on its cold starts. Every function runs with SnapStart (issue "Run it in
     * production": a restored snapshot instead of a JVM start, with the events on the published alias).
     */
    private static final Map<String, String> SNAPSTART_PRIMING = Map.of(
            "ApiFunction", "io.s3bulkrestore.api.SnapStartPriming");

    /** SAM event types that SAM attaches to a function's AutoPublishAlias (its published version), never to $LATEST. */
    private static final Set<String> ALIAS_BOUND_EVENT_TYPES = Set.of("Api", "SQS", "DynamoDB", "Schedule");

    /** Resource types that name a function without invoking it: they read its metrics by function name. */
    private static final Set<String> NON_INVOKING_REFERRERS = Set.of("AWS::CloudWatch::Alarm", "AWS::CloudWatch::Dashboard");

    private static final Pattern SUB_REFERENCE = Pattern.compile("\\$\\{([A-Za-z0-9]+)(\\.[A-Za-z0-9.]+)?}");

    private static StackTemplate stack;

    @BeforeAll
    static void loadTemplate() throws Exception {
        stack = StackTemplate.load();
    }

    @Test
    void shouldPointEveryFunctionAtAHandlerClassAndMethodThatExist() {
        // RestoreEventHandler and ProgressMonitorHandler are on the test classpath through the
        // test-scoped restore-event-function and monitor-function dependencies.
        stack.functions().forEach((name, function) -> {
            String handler = (String) stack.functionProperty(function, "Handler");
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

    @Test
    void shouldPointEveryCodeUriAtTheZipMavenPackageBuilds() throws Exception {
        Pattern artifact = Pattern.compile("([a-z0-9-]+)/target/([a-z0-9-]+)\\.zip");
        Set<String> modules = Set.copyOf(xpathAll(pom(stack.root()), "/project/modules/module"));

        for (var entry : stack.functions().entrySet()) {
            String codeUri = (String) stack.functionProperty(entry.getValue(), "CodeUri");
            Matcher matcher = artifact.matcher(codeUri);
            assertThat(matcher.matches()).as("%s CodeUri %s is <module>/target/<module>.zip", entry.getKey(), codeUri).isTrue();
            String module = matcher.group(1);
            assertThat(matcher.group(2)).as("zip name of %s", entry.getKey()).isEqualTo(module);
            assertThat(modules).as("modules of the parent pom").contains(module);

            Document pom = pom(stack.root().resolve(module));
            assertThat(xpath(pom, "/project/artifactId")).isEqualTo(module);
            assertThat(xpathAll(pom, "/project/build/plugins/plugin/artifactId"))
                    .as("%s declares the Lambda zip packaging", module).contains("maven-assembly-plugin");
            // The packaging itself is configured once, in the parent's pluginManagement.
            String assembly = "/project/build/pluginManagement/plugins/plugin[artifactId='maven-assembly-plugin']"
                    + "/configuration/";
            Document parent = pom(stack.root());
            assertThat(xpath(parent, assembly + "finalName")).isEqualTo("${project.artifactId}");
            assertThat(xpath(parent, assembly + "appendAssemblyId")).isEqualTo("false");
            Document descriptor = xml(stack.root().resolve(xpath(parent, assembly + "descriptors/descriptor")
                    .replace("${project.parent.basedir}/", "")));
            assertThat(xpathAll(descriptor, "/assembly/formats/format")).containsExactly("zip");
        }
    }

    @Test
    void shouldRunEveryFunctionOnJava21() {
        assertThat(stack.functions()).isNotEmpty();
        stack.functions().forEach((name, function) ->
                assertThat(stack.functionProperty(function, "Runtime")).as("%s Runtime", name).isEqualTo("java21"));
    }

    @Test
    void shouldSnapStartEveryFunctionThroughAPublishedAliasAndPrimeTheApi() throws Exception {
        assertThat(stack.functions()).containsKeys(SNAPSTART_PRIMING.keySet().toArray(String[]::new)).hasSize(6);
        for (var entry : stack.functions().entrySet()) {
            String name = entry.getKey();
            Map<String, Object> function = entry.getValue();
            assertThat(map(stack.functionProperty(function, "SnapStart"))).as("%s SnapStart", name)
                    .containsEntry("ApplyOn", "PublishedVersions");
            // SnapStart applies to published versions only: without an alias the events invoke $LATEST.
            assertThat(stack.functionProperty(function, "AutoPublishAlias")).as("%s AutoPublishAlias", name)
                    .isInstanceOf(String.class);
        }
        for (var primed : SNAPSTART_PRIMING.entrySet()) {
            assertThat(Class.forName(primed.getValue())).as("%s priming", primed.getKey())
                    .isAssignableTo(org.crac.Resource.class);
        }
    }

    /**
     * SnapStart only runs on published versions, so every invocation must reach the alias: the function's own SAM
     * events (API routes, queue and stream event source mappings, the schedule), which SAM points at the alias when
     * AutoPublishAlias is set, and no resource of ours (an event source mapping, permission, rule target,
     * subscription) naming the unqualified function, which would invoke $LATEST and its full JVM start.
     */
    @Test
    void shouldInvokeEveryFunctionOnlyThroughEventsOnItsPublishedAlias() {
        Set<String> functionNames = stack.functions().keySet();
        for (var entry : stack.functions().entrySet()) {
            Map<String, Object> events = map(map(entry.getValue().get("Properties")).getOrDefault("Events", Map.of()));
            assertThat(events).as("%s events", entry.getKey()).isNotEmpty();
            events.forEach((event, definition) -> assertThat(map(definition).get("Type"))
                    .as("%s event %s", entry.getKey(), event).isIn(ALIAS_BOUND_EVENT_TYPES));
        }
        stack.resources().forEach((name, resource) -> {
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

    @Test
    void shouldRunTheMonitorOnItsScheduleOneTickAtATime() {
        Map<String, Object> properties = map(stack.function("MonitorFunction").get("Properties"));
        Map<String, Object> events = map(properties.get("Events"));

        assertThat(properties).containsEntry("ReservedConcurrentExecutions", 1);
        assertThat(events).hasSize(1);
        Map<String, Object> event = map(events.values().iterator().next());
        assertThat(String.valueOf(event.get("Type"))).isIn("Schedule", "ScheduleV2");
        assertThat(map(event.get("Properties"))).containsEntry("Schedule", Map.of("Ref", "MonitorSchedule"));
        assertThat(stack.parameter("MonitorSchedule")).containsEntry("Default", "rate(1 minute)");
        // A throttled tick (the previous one still running) is dropped, not queued behind it.
        assertThat(map(properties.get("EventInvokeConfig"))).containsEntry("MaximumRetryAttempts", 0);
        assertThat(map(stack.section("Outputs").get("MonitorFunctionName")))
                .containsEntry("Value", Map.of("Ref", "MonitorFunction"));
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
}
