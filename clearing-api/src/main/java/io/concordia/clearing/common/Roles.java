package io.concordia.clearing.common;

import java.util.Set;

/** The roles a token's {@code groups} claim may carry. */
public final class Roles {

    public static final String MEMBER = "member";
    public static final String OPERATOR = "operator";
    public static final String RISK_OFFICER = "risk-officer";

    public static final Set<String> ALL = Set.of(MEMBER, OPERATOR, RISK_OFFICER);

    private Roles() {
    }
}
