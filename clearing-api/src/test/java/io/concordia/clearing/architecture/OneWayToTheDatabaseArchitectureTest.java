package io.concordia.clearing.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.describe;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.codeUnits;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import io.concordia.clearing.common.DatabaseFailure;
import io.concordia.clearing.common.Jdbc;
import io.concordia.clearing.common.Row;
import io.concordia.clearing.common.Sql;
import io.concordia.clearing.embedded.EmbeddedDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The service reaches PostgreSQL one way (docs/architecture.md, "Data access"): statements through {@link Sql}, rows
 * through {@link Row}, JTA transactions through {@code @Transactional} or {@link Jdbc#inTransaction}, and every
 * {@link SQLException} translated in one place. The exceptions are named: a settlement cycle's {@code COPY}, and the
 * embedded database's bootstrap, which runs before any pool exists.
 */
class OneWayToTheDatabaseArchitectureTest {

    private static final Set<String> RAW_JDBC_ALLOWED = Set.of(
            Sql.class.getName(),
            Row.class.getName(),
            Jdbc.class.getName(),
            "io.concordia.clearing.settlement.CycleWriter");

    private final JavaClasses service = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.concordia.clearing");

    @Test
    void shouldRunStatementsAndReadRowsThroughSqlOnly() {
        noClasses()
                .that(describe(
                        "are not the SQL helper, the COPY writer or the embedded bootstrap",
                        c -> !RAW_JDBC_ALLOWED.contains(c.getName())
                                && !c.getName().startsWith(EmbeddedDatabase.class.getName())))
                .should()
                .callMethodWhere(describe(
                        "a JDBC statement is prepared or a result set read",
                        (JavaAccess<?> call) -> call.getTargetOwner().isAssignableTo(ResultSet.class)
                                || (call.getTargetOwner().isAssignableTo(Connection.class)
                                        && Set.of("prepareStatement", "createStatement", "prepareCall")
                                                .contains(call.getName()))))
                .because("statements run through Sql and rows are read by column name through its RowMapper")
                .check(service);
    }

    @Test
    void shouldLeaveTransactionsToJta() {
        noClasses()
                .that(describe(
                        "are not the embedded bootstrap",
                        c -> !c.getName().startsWith(EmbeddedDatabase.class.getName())))
                .should()
                .callMethodWhere(describe(
                        "a connection's transaction is driven by hand",
                        (JavaAccess<?> call) -> call.getTargetOwner().isAssignableTo(Connection.class)
                                && Set.of("setAutoCommit", "commit", "rollback").contains(call.getName())))
                .because("JTA is the one transaction mechanism: @Transactional or Jdbc.inTransaction")
                .check(service);
    }

    @Test
    void shouldTranslateDatabaseFailuresInOnePlace() {
        noClasses()
                .that(describe(
                        "are not the SQL helper or the connection helper",
                        c -> !Set.of(Sql.class.getName(), Jdbc.class.getName()).contains(c.getName())))
                .should()
                .callConstructor(DatabaseFailure.class, SQLException.class)
                .because("Sql and Jdbc turn every SQLException into a DatabaseFailure; nobody else needs to")
                .check(service);
    }

    @Test
    void shouldCatchNoSqlExceptionOutsideTheHelpers() {
        codeUnits()
                .that()
                .areDeclaredInClassesThat(describe(
                        "are not the SQL helper, the connection helper or the embedded bootstrap",
                        c -> !Set.of(Sql.class.getName(), Jdbc.class.getName()).contains(c.getName())
                                && !c.getName().startsWith(EmbeddedDatabase.class.getName())))
                .should(new ArchCondition<JavaCodeUnit>("catch no SQLException") {
                    @Override
                    public void check(JavaCodeUnit unit, ConditionEvents events) {
                        unit.getTryCatchBlocks().stream()
                                .filter(block -> block.getCaughtThrowables().stream()
                                        .anyMatch(caught -> caught.isAssignableTo(SQLException.class)))
                                .forEach(block -> events.add(SimpleConditionEvent.violated(
                                        unit,
                                        unit.getFullName() + " catches SQLException "
                                                + block.getSourceCodeLocation())));
                    }
                })
                .because("Sql and Jdbc translate it once; a caller asks the DatabaseFailure what it means")
                .check(service);
    }
}
