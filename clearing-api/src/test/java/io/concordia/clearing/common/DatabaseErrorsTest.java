package io.concordia.clearing.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;

/** A database that cannot serve is a 503 whatever wraps its failure; a statement it refused stays a 500. */
class DatabaseErrorsTest {

    @Test
    void shouldAnswer503WhenTheDatabaseCannotServeAnd500WhenItRefusedTheStatement() {
        ProblemMapper mapper = new ProblemMapper();
        for (Throwable unavailable : new Throwable[] {
            new DatabaseFailure(new SQLException("Connection refused", "08001")),
            new DatabaseFailure(new SQLException("terminating connection due to administrator command", "57P01")),
            new IllegalStateException("wrapped", new SQLException("the database system is starting up", "57P03")),
            new RuntimeException(new SQLException("Acquisition timeout while waiting for new connection")),
            new SQLTransientConnectionException("timeout")
        }) {
            assertThat(DatabaseErrors.unavailable(unavailable))
                    .as(unavailable.toString())
                    .isTrue();
            assertThat(mapper.unexpected(unavailable).getStatus())
                    .as(unavailable.toString())
                    .isEqualTo(503);
        }
        for (Throwable refused : new Throwable[] {
            new DatabaseFailure(new SQLException("duplicate key value violates unique constraint", "23505")),
            new DatabaseFailure(new SQLException("column \"x\" does not exist", "42703")),
            new IllegalStateException("a bug")
        }) {
            assertThat(DatabaseErrors.unavailable(refused))
                    .as(refused.toString())
                    .isFalse();
            assertThat(mapper.unexpected(refused).getStatus())
                    .as(refused.toString())
                    .isEqualTo(500);
        }
    }

    @Test
    void shouldRetryWhatTheDatabaseRefusedForTheMomentAndSetAsideWhatFailsTheSameWayEveryTime() {
        for (Throwable momentary : new Throwable[] {
            new DatabaseFailure(new SQLException("Connection refused", "08001")),
            new DatabaseFailure(new SQLException("deadlock detected", "40P01")),
            new DatabaseFailure(new SQLException("could not serialize access", "40001")),
            new DatabaseFailure(new SQLException("canceling statement due to lock timeout", "55P03")),
            new IllegalStateException(
                    "wrapped", new SQLException("canceling statement due to statement timeout", "57014"))
        }) {
            assertThat(DatabaseErrors.worthRetrying(momentary))
                    .as(momentary.toString())
                    .isTrue();
        }
        for (Throwable everyTime : new Throwable[] {
            new DatabaseFailure(new SQLException("numeric field overflow", "22003")),
            new DatabaseFailure(new SQLException("new row violates check constraint", "23514")),
            new ArithmeticException("BigInteger out of long range"),
            new IllegalArgumentException("no scenarios for underlying")
        }) {
            assertThat(DatabaseErrors.worthRetrying(everyTime))
                    .as(everyTime.toString())
                    .isFalse();
        }
    }
}
