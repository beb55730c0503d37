package io.s3bulkrestore;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

class ArchitectureTest {

    private final JavaClasses domain = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.s3bulkrestore");

    @Test
    void shouldKeepTheDomainFreeOfAwsAndFrameworks() {
        classes().should().onlyDependOnClassesThat()
                .resideInAnyPackage("java..", "org.slf4j..", "io.s3bulkrestore..")
                .because("shared-model is the domain: the AWS SDK and frameworks belong in the adapters")
                .check(domain);
    }

    @Test
    void shouldHaveImportedTheDomainClasses() {
        // Guards the rule above against passing vacuously if packages move.
        org.assertj.core.api.Assertions.assertThat(domain.contain(io.s3bulkrestore.model.ObjectId.class)).isTrue();
    }
}
