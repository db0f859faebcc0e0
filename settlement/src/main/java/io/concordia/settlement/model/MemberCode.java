package io.concordia.settlement.model;

import java.util.regex.Pattern;

/**
 * Typed identifier of a clearing member.
 *
 * <p>Matches {@code [A-Z0-9][A-Z0-9_-]{0,31}} (the same rule as the database's CHECK constraint).
 *
 * @param code the code, e.g. {@code ALPHA}
 */
public record MemberCode(String code) implements Comparable<MemberCode> {

    private static final Pattern CODE = Pattern.compile("[A-Z0-9][A-Z0-9_-]{0,31}");

    /** Validates the code. @throws IllegalArgumentException if the code is null or does not match the pattern */
    public MemberCode {
        if (code == null || !CODE.matcher(code).matches()) {
            throw new IllegalArgumentException("MemberCode code must match [A-Z0-9][A-Z0-9_-]{0,31}, got: " + code);
        }
    }

    /**
     * Creates the id.
     *
     * @param code the code
     * @return the id
     * @throws IllegalArgumentException if the code is malformed
     */
    public static MemberCode of(String code) {
        return new MemberCode(code);
    }

    @Override
    public int compareTo(MemberCode other) {
        return code.compareTo(other.code);
    }

    @Override
    public String toString() {
        return code;
    }
}
