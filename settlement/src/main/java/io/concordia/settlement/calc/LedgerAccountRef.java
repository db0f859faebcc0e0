package io.concordia.settlement.calc;

import io.concordia.settlement.model.AccountCode;
import io.concordia.types.Checks;

/**
 * A ledger account a posting names: a member account's collateral, or one of the CCP's own accounts. The service
 * maps it to its {@code ledger_account} row.
 */
public sealed interface LedgerAccountRef extends Comparable<LedgerAccountRef>
        permits LedgerAccountRef.MemberCollateral, LedgerAccountRef.Ccp {

    /** @return a stable code for ordering and display, e.g. {@code ACCT:ALPHA-HOUSE} or {@code CCP:CCP_FEES} */
    String code();

    @Override
    default int compareTo(LedgerAccountRef other) {
        return code().compareTo(other.code());
    }

    /**
     * The collateral of a member account; a posting's amount is the change of what the CCP owes the member.
     *
     * @param account the account
     */
    record MemberCollateral(AccountCode account) implements LedgerAccountRef {
        /** Validates. @throws IllegalArgumentException if the account is null */
        public MemberCollateral {
            Checks.notNull(account, "account");
        }

        @Override
        public String code() {
            return "ACCT:" + account.code();
        }
    }

    /**
     * One of the CCP's own accounts.
     *
     * @param account which one
     */
    record Ccp(CcpAccount account) implements LedgerAccountRef {
        /** Validates. @throws IllegalArgumentException if the account is null */
        public Ccp {
            Checks.notNull(account, "account");
        }

        @Override
        public String code() {
            return "CCP:" + account.name();
        }
    }

    /**
     * A member account's collateral.
     *
     * @param account the account
     * @return the reference
     */
    static LedgerAccountRef member(AccountCode account) {
        return new MemberCollateral(account);
    }

    /**
     * A CCP account.
     *
     * @param account the account
     * @return the reference
     */
    static LedgerAccountRef ccp(CcpAccount account) {
        return new Ccp(account);
    }
}
