package io.concordia.clearing.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.concordia.clearing.support.TestDatabase;
import io.quarkus.test.junit.QuarkusTest;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The SQL helper on the real PostgreSQL: what it binds is what it reads back, and a refusal keeps its SQLSTATE. */
@QuarkusTest
class SqlTest {

    enum Colour {
        RED,
        GREEN
    }

    record Thing(
            long id,
            String name,
            BigDecimal amount,
            Instant at,
            LocalDate day,
            Long parent,
            Integer rank,
            Boolean flag,
            Colour colour) {}

    private static final String THINGS = "SELECT * FROM sql_test_thing ORDER BY id";

    private static Thing thing(Row row) throws java.sql.SQLException {
        return new Thing(
                row.longValue("id"),
                row.string("name"),
                row.decimal("amount"),
                row.instant("at"),
                row.date("day"),
                row.nullableLong("parent"),
                row.nullableInt("rank"),
                row.nullableBool("flag"),
                row.enumValue("colour", Colour.class));
    }

    private static Sql temporaryTable(Connection c) {
        Sql sql = Sql.on(c);
        sql.update("""
                CREATE TEMPORARY TABLE sql_test_thing (
                    id bigint PRIMARY KEY, name text, amount numeric, at timestamptz, day date,
                    parent bigint, rank integer, flag boolean, colour text)""");
        return sql;
    }

    @Test
    void shouldReadBackEveryTypeItBindsOverManyRandomRows() throws Exception {
        Random random = new Random(20261206);
        try (Connection c = TestDatabase.connect()) {
            Sql sql = temporaryTable(c);
            List<Thing> written = new ArrayList<>();
            for (long id = 1; id <= 300; id++) {
                boolean nulls = random.nextInt(4) == 0;
                written.add(new Thing(
                        id,
                        nulls ? null : "name " + random.nextInt(),
                        nulls ? null : BigDecimal.valueOf(random.nextLong(), random.nextInt(19)),
                        nulls
                                ? null
                                : Instant.ofEpochSecond(
                                        random.nextInt(2_000_000_000), random.nextInt(1_000_000) * 1000L),
                        nulls ? null : LocalDate.ofEpochDay(random.nextInt(40_000)),
                        nulls ? null : random.nextLong(),
                        nulls ? null : random.nextInt(),
                        nulls ? null : random.nextBoolean(),
                        nulls ? null : Colour.values()[random.nextInt(2)]));
            }
            int[] inserted = sql.batch(
                    "INSERT INTO sql_test_thing VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", written, t -> new Object[] {
                        t.id(), t.name(), t.amount(), t.at(), t.day(), t.parent(), t.rank(), t.flag(), t.colour()
                    });
            assertThat(inserted).hasSize(300);

            assertThat(sql.list(THINGS, SqlTest::thing)).isEqualTo(written);
            assertThat(sql.listInChunks(THINGS, 7, SqlTest::thing)).isEqualTo(written);
        }
    }

    @Test
    void shouldAnswerFirstOneAndUpdateAsTheirNamesSay() throws Exception {
        try (Connection c = TestDatabase.connect()) {
            Sql sql = temporaryTable(c);
            assertThat(sql.first(THINGS, SqlTest::thing)).isEmpty();
            assertThatThrownBy(() -> sql.one(THINGS, SqlTest::thing))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("no row");
            Instant at = Instant.now().truncatedTo(ChronoUnit.MICROS);
            assertThat(sql.update(
                            "INSERT INTO sql_test_thing (id, at) VALUES (?, ?), (?, ?)", 1L, at, 2L, at.plusSeconds(1)))
                    .isEqualTo(2);
            assertThat(sql.update("UPDATE sql_test_thing SET name = 'x' WHERE at > ?", at))
                    .isEqualTo(1);
            long count = sql.one("SELECT count(*) AS n FROM sql_test_thing", row -> row.longValue("n"));
            assertThat(count).isEqualTo(2);
            assertThat(sql.first("SELECT name FROM sql_test_thing WHERE id = ?", row -> row.string("name"), 2L))
                    .isEqualTo(Optional.of("x"));
        }
    }

    @Test
    void shouldBindArraysAndNullsPostgresCannotTypeByThemselves() throws Exception {
        try (Connection c = TestDatabase.connect()) {
            Sql sql = temporaryTable(c);
            sql.update(
                    "INSERT INTO sql_test_thing (id, name, amount) SELECT * FROM unnest(?, ?, ?)",
                    Sql.longs(List.of(1L, 2L, 3L)),
                    Sql.texts(List.of("a", "b", "c")),
                    Sql.decimals(List.of(new BigDecimal("1.5"), new BigDecimal("-2"), BigDecimal.ZERO)));
            assertThat(sql.list(
                            "SELECT name FROM sql_test_thing WHERE id = ANY (?) ORDER BY id",
                            row -> row.string("name"),
                            Sql.longs(List.of(3L, 1L))))
                    .containsExactly("a", "c");
            List<List<?>> aggregated = sql.one(
                    "SELECT array_agg(id ORDER BY id) AS ids, array_agg(name ORDER BY id) AS names "
                            + "FROM sql_test_thing WHERE amount >= ?",
                    row -> List.of(row.longs("ids"), row.texts("names")),
                    BigDecimal.ZERO);
            assertThat(aggregated).isEqualTo(List.of(List.of(1L, 3L), List.of("a", "c")));
            // "? IS NULL" needs a typed null: PostgreSQL cannot infer the type of a bare one there
            String byParent = "SELECT count(*) AS n FROM sql_test_thing WHERE ? IS NULL OR parent = ?";
            assertThatThrownBy(() -> sql.one(byParent, row -> row.longValue("n"), null, null))
                    .isInstanceOf(DatabaseFailure.class);
            Sql.TypedNull none = Sql.nullOf(Types.BIGINT);
            long everyParent = sql.one(byParent, row -> row.longValue("n"), none, none);
            assertThat(everyParent).isEqualTo(3);
        }
    }

    @Test
    void shouldSelectTheSameRowsWithEitherFormOfAKeyConditionAndKeepOneIdsPlan() throws Exception {
        Random random = new Random(20261207);
        try (Connection c = TestDatabase.connect()) {
            Sql sql = temporaryTable(c);
            sql.update("INSERT INTO sql_test_thing (id, name) SELECT g, 'n' || g FROM generate_series(1, 300) g");
            for (int round = 0; round < 200; round++) {
                // one id in three rounds: the form the hot single-account reads take
                int size = random.nextInt(3) == 0 ? 1 : random.nextInt(12);
                java.util.Set<Long> ids = new java.util.TreeSet<>();
                while (ids.size() < size) {
                    ids.add(1L + random.nextInt(330)); // some beyond the rows: absent ids select nothing
                }
                Sql.KeyIn in = Sql.KeyIn.of("id", ids);
                List<Long> selected = sql.list(
                        "SELECT id FROM sql_test_thing WHERE " + in.condition() + " ORDER BY id",
                        row -> row.longValue("id"),
                        in.parameter());
                assertThat(selected)
                        .isEqualTo(ids.stream().filter(id -> id <= 300).toList());
                assertThat(in.condition()).isEqualTo(size == 1 ? "id = ?" : "id = ANY (?)");
            }
            // the reason for the scalar form: PostgreSQL settles on the statement's generic plan and stops planning
            Sql.KeyIn one = Sql.KeyIn.of("id", List.of(7L));
            for (int i = 0; i < 20; i++) {
                sql.list("SELECT name FROM sql_test_thing WHERE " + one.condition(), row -> 1, one.parameter());
            }
            long generic = sql.one(
                    "SELECT coalesce(max(generic_plans), 0) AS n FROM pg_prepared_statements "
                            + "WHERE statement = 'SELECT name FROM sql_test_thing WHERE id = $1'",
                    row -> row.longValue("n"));
            assertThat(generic).isPositive();
        }
    }

    @Test
    void shouldTurnARefusalIntoADatabaseFailureThatKeepsItsState() throws Exception {
        try (Connection c = TestDatabase.connect()) {
            Sql sql = temporaryTable(c);
            sql.update("INSERT INTO sql_test_thing (id) VALUES (?)", 1L);
            assertThatThrownBy(() -> sql.update("INSERT INTO sql_test_thing (id) VALUES (?)", 1L))
                    .isInstanceOfSatisfying(DatabaseFailure.class, e -> {
                        assertThat(e.uniqueViolation()).isTrue();
                        assertThat(DatabaseErrors.worthRetrying(e)).isFalse();
                    });
            assertThatThrownBy(() -> sql.list("SELECT no_such_column FROM sql_test_thing", row -> 1))
                    .isInstanceOfSatisfying(
                            DatabaseFailure.class, e -> assertThat(e.sqlState()).isEqualTo("42703"));
        }
    }
}
