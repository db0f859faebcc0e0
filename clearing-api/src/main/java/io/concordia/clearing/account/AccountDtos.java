package io.concordia.clearing.account;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Instant;

/** Request and response bodies of the account endpoints. */
public final class AccountDtos {

    private AccountDtos() {}

    public record OpenAccount(
            @NotNull
            @Pattern(
                    regexp = "[A-Z0-9][A-Z0-9_-]{0,47}",
                    message = "must be capital letters, digits, '_' or '-', at most 48")
            String code,

            @NotNull AccountMode mode,
            @NotNull AccountType type) {}

    public record Account(
            String code, String member, AccountMode mode, AccountType type, AccountStatus status, Instant createdAt) {
        public static Account of(AccountEntity e) {
            return new Account(e.code, e.member.code, e.mode, e.type, e.status, e.createdAt);
        }
    }
}
