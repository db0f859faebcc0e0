package io.concordia.clearing.adversarial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * The running application's own connections (what an injected query or a compromised dependency would use) can
 * read and write rows, and nothing more: the ledger's and the audit log's rules cannot be switched off through them.
 */
@QuarkusTest
class ApplicationDatabaseRoleTest {

    @Inject
    DataSource dataSource;

    @Test
    void shouldConnectAsARoleThatCanNeitherDisableNorBypassTheRules() throws SQLException {
        try (Connection c = dataSource.getConnection();
                Statement st = c.createStatement()) {
            try (var rs = st.executeQuery("SELECT current_user, rolsuper FROM pg_roles WHERE rolname = current_user")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("concordia_app");
                assertThat(rs.getBoolean(2)).isFalse();
            }
            c.setAutoCommit(true);
            // a row for the UPDATE and DELETE below to touch: on no rows, row triggers have nothing to refuse
            st.execute(
                    "INSERT INTO audit_log (actor, action, object_type, object_code) VALUES ('test', 'TEST', 'x', 'y')");
            for (String attack : List.of(
                    "ALTER TABLE audit_log DISABLE TRIGGER ALL",
                    "ALTER TABLE posting DISABLE TRIGGER posting_balanced",
                    "DROP TRIGGER journal_entry_append_only ON journal_entry",
                    "SET session_replication_role = replica",
                    "UPDATE audit_log SET actor = 'someone else'",
                    "DELETE FROM audit_log",
                    "TRUNCATE audit_log",
                    "COPY (SELECT 1) TO PROGRAM 'id'",
                    "CREATE FUNCTION pwn() RETURNS int LANGUAGE sql AS 'SELECT 1'")) {
                assertThatThrownBy(() -> st.execute(attack), attack).isInstanceOf(SQLException.class);
            }
        }
    }
}
