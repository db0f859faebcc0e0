package io.concordia.settlement.model;

import java.util.regex.Pattern;

/**
 * Typed identifier of a member account (house or client); an account belongs to one member for life.
 *
 * <p>Matches {@code [A-Z0-9][A-Z0-9_-]{0,47}} (the same rule as the database's CHECK constraint).
 *
 * @param code the code, e.g. {@code ALPHA-HOUSE}
 */
public record AccountCode(String code) implements Comparable<AccountCode> {

    private static final Pattern CODE = Pattern.compile("[A-Z0-9][A-Z0-9_-]{0,47}");

    /** Validates the code. @throws IllegalArgumentException if the code is null or does not match the pattern */
    public AccountCode {
        if (code == null || !CODE.matcher(code).matches()) {
            throw new IllegalArgumentException("AccountCode code must match [A-Z0-9][A-Z0-9_-]{0,47}, got: " + code);
        }
    }

    /**
     * Creates the id.
     *
     * @param code the code
     * @return the id
     * @throws IllegalArgumentException if the code is malformed
     */
    public static AccountCode of(String code) {
        return new AccountCode(code);
    }

    @Override
    public int compareTo(AccountCode other) {
        return code.compareTo(other.code);
    }

    @Override
    public String toString() {
        return code;
    }
}
