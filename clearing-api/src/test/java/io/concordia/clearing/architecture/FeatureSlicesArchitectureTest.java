package io.concordia.clearing.architecture;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The service is packaged by feature ({@code io.concordia.clearing.<feature>}). A feature may use the features
 * below it, never one that uses it back: a cycle means neither can be read, tested or changed alone.
 */
class FeatureSlicesArchitectureTest {

    private final JavaClasses service = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.concordia.clearing");

    @Test
    void shouldKeepFeatureSlicesFreeOfCycles() {
        slices().matching("io.concordia.clearing.(*)..")
                .should()
                .beFreeOfCycles()
                .because("a feature that uses another must not be used by it; move what both need into common, or "
                        + "turn the call back into an event or a parameter")
                .check(service);
    }

    @Test
    void shouldKeepCommonFreeOfFeatures() {
        noClasses()
                .that()
                .resideInAPackage("io.concordia.clearing.common..")
                .should()
                .dependOnClassesThat(resideInAPackage("io.concordia.clearing..")
                        .and(DescribedPredicate.not(resideInAPackage("io.concordia.clearing.common.."))))
                .because("common is the floor every feature stands on: the Kafka and database plumbing, problems, "
                        + "callers; it cannot know the features")
                .check(service);
    }
}
