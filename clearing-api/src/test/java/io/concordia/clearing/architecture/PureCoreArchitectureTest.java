package io.concordia.clearing.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

/**
 * margin-core, settlement and the core-types they share are pure libraries: members replicate margin numbers with
 * them, JMH measures them, and property tests run them by the thousand. Frameworks stay in clearing-api; JSON and CSV
 * stay in margin-replication (package {@code io.concordia.margin.replication}), which may use Jackson and nothing else.
 */
class PureCoreArchitectureTest {

    private static final String HOW_TO_FIX =
            "margin-core and settlement take values and return values; move framework code "
                    + "(REST, persistence, Kafka, CDI, JSON mapping) to clearing-api and pass the core plain records instead";

    /** margin-replication's package: the replication format's JSON and CSV, on Jackson. */
    private static final String REPLICATION = "io.concordia.margin.replication..";

    private static final String[] FRAMEWORKS = {
        "io.quarkus..",
        "jakarta..",
        "javax.persistence..",
        "org.hibernate..",
        "org.apache.kafka..",
        "io.smallrye..",
        "io.vertx..",
        "org.jboss..",
        "io.concordia.clearing.."
    };

    private final JavaClasses core = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.concordia.margin", "io.concordia.settlement", "io.concordia.types");

    @Test
    void shouldKeepFrameworksOutOfTheCore() {
        ArchRule rule = noClasses()
                .that()
                .resideOutsideOfPackage(REPLICATION)
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(FRAMEWORKS)
                .orShould()
                .dependOnClassesThat()
                .resideInAnyPackage("com.fasterxml.jackson..")
                .orShould()
                .dependOnClassesThat()
                .resideInAnyPackage(REPLICATION)
                .because(HOW_TO_FIX);
        rule.check(core);
    }

    @Test
    void shouldKeepTheReplicationFormatOnJacksonAlone() {
        ArchRule rule = noClasses()
                .that()
                .resideInAPackage(REPLICATION)
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(FRAMEWORKS)
                .because(
                        "margin-replication is the format members run on their own machines: margin-core plus Jackson");
        rule.check(core);
    }

    @Test
    void shouldKeepTheCoreFreeOfClocksAndRandomness() {
        ArchRule rule = noClasses()
                .should()
                .callMethod(System.class, "currentTimeMillis")
                .orShould()
                .callMethod(System.class, "nanoTime")
                .orShould()
                .callMethod(java.time.Instant.class, "now")
                .orShould()
                .callMethod(System.class, "getenv", String.class)
                .orShould()
                .dependOnClassesThat()
                .haveFullyQualifiedName("java.util.Random")
                .because("results must be a function of their inputs (style rule 6); pass time and randomness in");
        rule.check(core);
    }

    @Test
    void shouldFindTheCoreClassesItChecks() {
        org.assertj.core.api.Assertions.assertThat(core.stream().map(c -> c.getPackageName()))
                .as("the rule must see the core, or it proves nothing")
                .anyMatch(p -> p.startsWith("io.concordia.margin"))
                .anyMatch(p -> p.startsWith("io.concordia.margin.replication"))
                .anyMatch(p -> p.startsWith("io.concordia.settlement"))
                .anyMatch(p -> p.startsWith("io.concordia.types"));
    }
}
