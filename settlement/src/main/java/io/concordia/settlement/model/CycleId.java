package io.concordia.settlement.model;

import java.util.regex.Pattern;

/**
 * Typed identifier of a settlement cycle; it names every instruction and ledger entry the cycle produces, so the service can make a re-run a no-op.
 *
 * <p>Matches {@code [A-Za-z0-9][A-Za-z0-9._:-]{0,63}} (the same rule as the database's CHECK constraint).
 *
 * @param code the code, e.g. {@code 2026-11-25T12:00Z}
 */
public record CycleId(String code) implements Comparable<CycleId> {

    private static final Pattern CODE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,63}");

    /** Validates the code. @throws IllegalArgumentException if the code is null or does not match the pattern */
    public CycleId {
        if (code == null || !CODE.matcher(code).matches()) {
            throw new IllegalArgumentException(
                    "CycleId code must match [A-Za-z0-9][A-Za-z0-9._:-]{0,63}, got: " + code);
        }
    }

    /**
     * Creates the id.
     *
     * @param code the code
     * @return the id
     * @throws IllegalArgumentException if the code is malformed
     */
    public static CycleId of(String code) {
        return new CycleId(code);
    }

    @Override
    public int compareTo(CycleId other) {
        return code.compareTo(other.code);
    }

    @Override
    public String toString() {
        return code;
    }
}
