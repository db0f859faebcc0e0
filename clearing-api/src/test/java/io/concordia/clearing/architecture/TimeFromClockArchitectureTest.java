package io.concordia.clearing.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;

/**
 * The service reads the time from the injected {@link java.time.Clock} only: deadlines, effective times, expiries and
 * the stored times of every decision then follow one clock, which a test or a replay can set. Elapsed times (backoffs,
 * timeouts) use {@code System.nanoTime}, which is not a time of day.
 */
class TimeFromClockArchitectureTest {

    private final JavaClasses service = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.concordia.clearing");

    @Test
    void shouldReadTheTimeOfDayFromTheInjectedClockOnly() {
        noClasses()
                .should()
                .callMethod(Instant.class, "now")
                .orShould()
                .callMethod(LocalDate.class, "now")
                .orShould()
                .callMethod(LocalDateTime.class, "now")
                .orShould()
                .callMethod(OffsetDateTime.class, "now")
                .orShould()
                .callMethod(ZonedDateTime.class, "now")
                .orShould()
                .callMethod(System.class, "currentTimeMillis")
                .because("the time comes from the injected Clock, so that one clock decides every deadline and record")
                .check(service);
    }
}
