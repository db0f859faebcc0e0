package io.concordia.clearing.margin;

import static org.assertj.core.api.Assertions.assertThat;

import io.concordia.clearing.account.AccountLocks;
import io.concordia.clearing.support.Api;
import io.concordia.clearing.support.Margins;
import io.concordia.clearing.support.TestDatabase;
import io.quarkus.test.junit.QuarkusTest;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The queue's versions on the real database: a worker removes an entry, and may store its result, only while the
 * entry is at the version it read before loading the account, and only for accounts no writer holds. The running
 * worker cannot take the account used here: a connection of the test holds its lock throughout.
 */
@QuarkusTest
class MarginQueueTest {

    @Test
    void shouldKeepAnEntryQueuedAgainAfterItsVersionWasRead() throws SQLException {
        String member = Api.createMember();
        long account = accountId(Api.openAccount(member));
        long other = accountId(Api.openAccount(member));
        Margins.awaitQuiet(); // the running worker is done with the new accounts and holds neither
        try (Connection writer = TestDatabase.connect();
                Connection worker = TestDatabase.connect()) {
            writer.setAutoCommit(false);
            AccountLocks.lock(writer, List.of(account)); // a trade batch in flight on the account

            MarginQueue.enqueue(worker, List.of(account));
            long read = version(account);
            MarginQueue.enqueue(worker, List.of(account)); // a change after the worker read the version
            long now = version(account);
            assertThat(now).isNotEqualTo(read);

            worker.setAutoCommit(false);
            assertThat(AccountLocks.lockAvailable(worker, List.of(account, other)))
                    .as("the writer's account skipped")
                    .containsExactly(other);
            assertThat(MarginQueue.removeUnchanged(worker, Map.of(account, read)))
                    .as("the entry changed")
                    .isEmpty();
            assertThat(MarginQueue.removeUnchanged(worker, Map.of(account, now)))
                    .containsExactly(account);
            worker.rollback(); // the entry stays for the running worker, once the writer is done
            assertThat(version(account)).isEqualTo(now);
            writer.rollback();
        }
    }

    @Test
    void shouldSkipAnEntryAnotherTransactionIsQueuingAgainInsteadOfWaiting() throws SQLException {
        long account = accountId(Api.openAccount(Api.createMember()));
        try (Connection hold = TestDatabase.connect();
                Connection requeue = TestDatabase.connect();
                Connection worker = TestDatabase.connect()) {
            hold.setAutoCommit(false);
            AccountLocks.lock(hold, List.of(account)); // keeps the running worker off the account
            MarginQueue.enqueue(requeue, List.of(account));
            long read = version(account);

            requeue.setAutoCommit(false);
            MarginQueue.enqueue(requeue, List.of(account)); // a mark move re-queuing it, not committed yet
            worker.setAutoCommit(false);
            try (var st = worker.createStatement()) {
                st.execute("SET LOCAL statement_timeout = '5s'"); // waiting for the re-queue would fail here
            }
            assertThat(MarginQueue.removeUnchanged(worker, Map.of(account, read)))
                    .isEmpty();
            worker.rollback();
            requeue.commit();
            assertThat(version(account)).isNotEqualTo(read);
            hold.rollback();
        }
    }

    private static long accountId(String code) {
        return ((Number) TestDatabase.single("SELECT id FROM account WHERE code = ?", code)).longValue();
    }

    private static long version(long account) {
        return ((Number) TestDatabase.single("SELECT version FROM margin_queue WHERE account_id = ?", account))
                .longValue();
    }
}
