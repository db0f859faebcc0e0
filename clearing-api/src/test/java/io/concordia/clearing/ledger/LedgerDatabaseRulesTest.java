package io.concordia.clearing.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.concordia.clearing.support.Api;
import io.concordia.clearing.support.TestDatabase;
import io.quarkus.test.junit.QuarkusTest;
import java.sql.Connection;
import java.sql.SQLException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the database itself refuses, whatever code talks to it (I1, I3, I7). */
@QuarkusTest
class LedgerDatabaseRulesTest {

    long assetId;
    long memberLedgerAccount;
    long custody;

    @BeforeEach
    void anAccountWithCollateral() {
        String asset = Api.createAsset(2);
        String account = Api.openAccount(Api.createMember());
        Api.deposit(account, asset, "100");
        assetId = TestDatabase.count("SELECT id FROM asset WHERE code = ?", asset);
        memberLedgerAccount = TestDatabase.count("SELECT id FROM ledger_account WHERE code = ?", "ACC:" + account);
        custody = TestDatabase.count("SELECT id FROM ledger_account WHERE code = 'CCP:CUSTODY'");
    }

    @Test
    void shouldRefuseAnEntryWhosePostingsDoNotSumToZero() throws SQLException {
        try (Connection c = TestDatabase.connect()) {
            c.setAutoCommit(false);
            long entry = newEntry(c);
            posting(c, entry, memberLedgerAccount, "10");
            posting(c, entry, custody, "-9.99");
            assertThatThrownBy(c::commit).hasMessageContaining("does not balance");
        }
    }

    @Test
    void shouldAcceptABalancedEntryPostedLegByLeg() throws SQLException {
        try (Connection c = TestDatabase.connect()) {
            c.setAutoCommit(false);
            long entry = newEntry(c);
            posting(c, entry, memberLedgerAccount, "10");
            posting(c, entry, custody, "-10");
            c.commit();
        }
        assertThat(TestDatabase.decimal(
                        "SELECT balance FROM ledger_balance WHERE ledger_account_id = ? AND asset_id = ?",
                        memberLedgerAccount,
                        assetId))
                .isEqualByComparingTo("110");
    }

    @Test
    void shouldRefuseAPostingAddedToAnEntryOfAnEarlierTransaction() throws SQLException {
        long entry = TestDatabase.count("SELECT max(id) FROM journal_entry");
        try (Connection c = TestDatabase.connect()) {
            c.setAutoCommit(false);
            assertThatThrownBy(() -> posting(c, entry, memberLedgerAccount, "1"))
                    .hasMessageContaining("outside the transaction");
        }
    }

    @Test
    void shouldRefuseToOverdrawAMembersCollateral() throws SQLException {
        try (Connection c = TestDatabase.connect()) {
            c.setAutoCommit(false);
            long entry = newEntry(c);
            assertThatThrownBy(() -> posting(c, entry, memberLedgerAccount, "-100.01"))
                    .hasMessageContaining("ledger_balance_not_overdrawn");
        }
    }

    @Test
    void shouldRefuseNaNAndZeroAmounts() throws SQLException {
        try (Connection c = TestDatabase.connect()) {
            c.setAutoCommit(false);
            long entry = newEntry(c);
            assertThatThrownBy(() -> posting(c, entry, memberLedgerAccount, "NaN"))
                    .hasMessageContaining("posting_amount_check");
            c.rollback();
            long entry2 = newEntry(c);
            assertThatThrownBy(() -> posting(c, entry2, memberLedgerAccount, "0"))
                    .hasMessageContaining("posting_amount_check");
        }
    }

    @Test
    void shouldRefuseToUpdateOrDeleteLedgerAndAuditRows() throws SQLException {
        for (String sql : new String[] {
            "UPDATE posting SET amount = amount * 2 WHERE id = (SELECT max(id) FROM posting)",
            "DELETE FROM posting WHERE id = (SELECT max(id) FROM posting)",
            "UPDATE journal_entry SET reference = 'changed' WHERE id = (SELECT max(id) FROM journal_entry)",
            "DELETE FROM journal_entry WHERE id = (SELECT max(id) FROM journal_entry)",
            "UPDATE audit_log SET actor = 'someone else' WHERE id = (SELECT max(id) FROM audit_log)",
            "DELETE FROM audit_log WHERE id = (SELECT max(id) FROM audit_log)",
            "TRUNCATE posting CASCADE",
            "TRUNCATE audit_log"
        }) {
            try (Connection c = TestDatabase.connect();
                    var st = c.createStatement()) {
                assertThatThrownBy(() -> st.execute(sql)).as(sql).hasMessageContaining("append-only");
            }
        }
    }

    private static long newEntry(Connection c) throws SQLException {
        try (var st = c.prepareStatement(
                "INSERT INTO journal_entry (kind, reference, created_by) VALUES ('DEPOSIT', 'manual', 'test') RETURNING id")) {
            var rs = st.executeQuery();
            rs.next();
            return rs.getLong(1);
        }
    }

    private void posting(Connection c, long entry, long ledgerAccount, String amount) throws SQLException {
        try (var st = c.prepareStatement(
                "INSERT INTO posting (entry_id, ledger_account_id, asset_id, amount) VALUES (?, ?, ?, ?::numeric)")) {
            st.setLong(1, entry);
            st.setLong(2, ledgerAccount);
            st.setLong(3, assetId);
            st.setString(4, amount);
            st.executeUpdate();
        }
    }
}
