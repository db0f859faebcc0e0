package io.concordia.clearing.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

/**
 * margin-core and settlement are pure libraries: members replicate margin numbers with them, JMH measures them,
 * and property tests run them by the thousand. Frameworks stay in clearing-api.
 */
class PureCoreArchitectureTest {

    private static final String HOW_TO_FIX = "margin-core and settlement take values and return values; move framework code "
            + "(REST, persistence, Kafka, CDI, JSON mapping) to clearing-api and pass the core plain records instead";

    private final JavaClasses core = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.concordia.margin", "io.concordia.settlement");

    @Test
    void shouldKeepFrameworksOutOfTheCore() {
        ArchRule rule = noClasses().should().dependOnClassesThat().resideInAnyPackage(
                        "io.quarkus..", "jakarta..", "javax.persistence..", "org.hibernate..", "org.apache.kafka..",
                        "io.smallrye..", "io.vertx..", "com.fasterxml.jackson..", "org.jboss..", "io.concordia.clearing..")
                .because(HOW_TO_FIX);
        rule.check(core);
    }

    @Test
    void shouldKeepTheCoreFreeOfClocksAndRandomness() {
        ArchRule rule = noClasses().should().callMethod(System.class, "currentTimeMillis")
                .orShould().callMethod(System.class, "nanoTime")
                .orShould().callMethod(java.time.Instant.class, "now")
                .orShould().callMethod(System.class, "getenv", String.class)
                .orShould().dependOnClassesThat().haveFullyQualifiedName("java.util.Random")
                .because("results must be a function of their inputs (style rule 6); pass time and randomness in");
        rule.check(core);
    }

    @Test
    void shouldFindTheCoreClassesItChecks() {
        org.assertj.core.api.Assertions.assertThat(core.stream().map(c -> c.getPackageName()))
                .as("the rule must see the core, or it proves nothing")
                .anyMatch(p -> p.startsWith("io.concordia.margin"));
    }
}
