package io.s3bulkrestore.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import org.junit.jupiter.api.Test;

import java.util.List;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The code base's dependency rules, over the main classes of every module (their jars are this module's test
 * classpath). Module boundaries are kept by Maven; these rules keep what Maven cannot see: the direction between
 * packages inside a module and between modules that share a classpath in the sandbox and the benchmarks.
 */
class DependencyRulesTest {

    /** Main classes only: test classes and the modules' test-jars (fakes) may reach across on purpose. */
    private static final ImportOption MAIN_CLASSES_ONLY = new ImportOption() {
        @Override
        public boolean includes(Location location) {
            return !location.contains("/test-classes/") && !location.contains("-tests.jar");
        }
    };

    private static final JavaClasses ALL = new ClassFileImporter()
            .withImportOption(MAIN_CLASSES_ONLY)
            .importPackages("io.s3bulkrestore");

    /** shared-model's packages. monitor.function is monitor-function's, hence the exact "monitor" below. */
    private static final String[] DOMAIN = {
            "io.s3bulkrestore.model..", "io.s3bulkrestore.restore..", "io.s3bulkrestore.manifest..",
            "io.s3bulkrestore.budget..", "io.s3bulkrestore.metrics..", "io.s3bulkrestore.routing..",
            "io.s3bulkrestore.ports..", "io.s3bulkrestore.tracking..", "io.s3bulkrestore.tally..",
            "io.s3bulkrestore.copy..", "io.s3bulkrestore.ingest..", "io.s3bulkrestore.jobs..",
            "io.s3bulkrestore.monitor"};

    private static final List<String> FUNCTIONS =
            List.of("io.s3bulkrestore.api..", "io.s3bulkrestore.events..", "io.s3bulkrestore.monitor.function..");

    @Test
    void shouldHaveNoPackageCycles() {
        slices().matching("io.s3bulkrestore.(**)")
                .should().beFreeOfCycles()
                .because("a package that depends on another which depends back cannot be read or changed alone")
                .check(ALL);
    }

    @Test
    void shouldLayerTheDomainPackagesOneWay() {
        // Lower packages are what the higher ones are made of; ports name only model and restore types, so every
        // use case can depend on them.
        layeredArchitecture().consideringOnlyDependenciesInAnyPackage("io.s3bulkrestore..")
                .layer("values").definedBy("io.s3bulkrestore.model..", "io.s3bulkrestore.restore..",
                        "io.s3bulkrestore.budget..", "io.s3bulkrestore.metrics..", "io.s3bulkrestore.routing..")
                .layer("manifests").definedBy("io.s3bulkrestore.manifest..")
                .layer("ports").definedBy("io.s3bulkrestore.ports..")
                .layer("tracking").definedBy("io.s3bulkrestore.tracking..")
                .layer("tally").definedBy("io.s3bulkrestore.tally..")
                .layer("copy").definedBy("io.s3bulkrestore.copy..")
                .layer("ingest").definedBy("io.s3bulkrestore.ingest..")
                .layer("jobs").definedBy("io.s3bulkrestore.jobs..")
                .layer("monitor").definedBy("io.s3bulkrestore.monitor")
                .layer("outside").definedBy("io.s3bulkrestore.adapters..", "io.s3bulkrestore.logging..",
                        "io.s3bulkrestore.api..", "io.s3bulkrestore.events..", "io.s3bulkrestore.monitor.function..",
                        "io.s3bulkrestore.cli..", "io.s3bulkrestore.sandbox..", "io.s3bulkrestore.benchmarks..",
                        "io.s3bulkrestore.emulators..")
                .whereLayer("monitor").mayOnlyBeAccessedByLayers("outside")
                .whereLayer("jobs").mayOnlyBeAccessedByLayers("monitor", "outside")
                .whereLayer("ingest").mayOnlyBeAccessedByLayers("jobs", "monitor", "outside")
                .whereLayer("copy").mayOnlyBeAccessedByLayers("jobs", "outside")
                .whereLayer("tally").mayOnlyBeAccessedByLayers("copy", "outside")
                .whereLayer("tracking").mayOnlyBeAccessedByLayers("tally", "copy", "ingest", "jobs", "monitor", "outside")
                .whereLayer("ports").mayOnlyBeAccessedByLayers("tracking", "tally", "copy", "ingest", "jobs", "monitor",
                        "outside")
                .whereLayer("manifests").mayOnlyBeAccessedByLayers("tracking", "tally", "copy", "ingest", "jobs",
                        "monitor", "outside")
                .check(ALL);
    }

    @Test
    void shouldKeepTheDomainFreeOfAdaptersFunctionsAndTools() {
        noClasses().that().resideInAnyPackage(DOMAIN)
                .should().dependOnClassesThat().resideInAnyPackage("io.s3bulkrestore.adapters..",
                        "io.s3bulkrestore.logging..", "io.s3bulkrestore.api..", "io.s3bulkrestore.events..",
                        "io.s3bulkrestore.monitor.function..", "io.s3bulkrestore.cli..",
                        "io.s3bulkrestore.sandbox..", "io.s3bulkrestore.benchmarks..", "io.s3bulkrestore.emulators..")
                .check(ALL);
    }

    @Test
    void shouldKeepTheAdaptersFreeOfFunctionsAndTools() {
        noClasses().that().resideInAPackage("io.s3bulkrestore.adapters..")
                .should().dependOnClassesThat().resideInAnyPackage("io.s3bulkrestore.api..",
                        "io.s3bulkrestore.events..", "io.s3bulkrestore.monitor.function..", "io.s3bulkrestore.cli..",
                        "io.s3bulkrestore.sandbox..", "io.s3bulkrestore.benchmarks..")
                .because("adapters are shared by every function: a function's code belongs in its own module")
                .check(ALL);
    }

    @Test
    void shouldKeepEachFunctionFreeOfTheOthers() {
        for (String function : FUNCTIONS) {
            noClasses().that().resideInAPackage(function)
                    .should().dependOnClassesThat().resideInAnyPackage(FUNCTIONS.stream()
                            .filter(other -> !other.equals(function)).toArray(String[]::new))
                    .because("each function deploys alone: what two functions share belongs in aws-adapters or "
                            + "shared-model")
                    .check(ALL);
        }
    }

    @Test
    void shouldKeepTheFunctionsAndTheCliFreeOfTheSandboxAndBenchmarks() {
        noClasses().that().resideInAnyPackage("io.s3bulkrestore.api..", "io.s3bulkrestore.events..",
                        "io.s3bulkrestore.monitor.function..", "io.s3bulkrestore.cli..")
                .should().dependOnClassesThat().resideInAnyPackage("io.s3bulkrestore.sandbox..",
                        "io.s3bulkrestore.benchmarks..", "io.s3bulkrestore.emulators..")
                .because("what ships must not carry the sandbox, the benchmarks or the emulator launchers")
                .check(ALL);
    }

    @Test
    void shouldHaveImportedEveryModule() {
        // Guards every rule above against passing vacuously if a module's classes stop reaching the classpath.
        assertThat(List.of("model", "monitor", "adapters.dynamodb", "logging", "api", "events", "monitor.function",
                "cli", "sandbox", "benchmarks"))
                .allSatisfy(p -> assertThat(ALL.containPackage("io.s3bulkrestore." + p)).as(p).isTrue());
        assertThat(ALL.stream().noneMatch(c -> c.getSimpleName().endsWith("Test"))).isTrue();
    }
}
