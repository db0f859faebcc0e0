package io.concordia.clearing.common;

import java.util.Set;

/** The roles a token's {@code groups} claim may carry. */
public final class Roles {

    public static final String MEMBER = "member";
    public static final String OPERATOR = "operator";
    public static final String RISK_OFFICER = "risk-officer";
    /** Mints and revokes tokens; the embedded default gives it to the bootstrap token only, and it is never minted. */
    public static final String TOKEN_ADMIN = "token-admin";

    public static final Set<String> ALL = Set.of(MEMBER, OPERATOR, RISK_OFFICER, TOKEN_ADMIN);
    /** Roles only a token admin may mint. */
    public static final Set<String> PRIVILEGED = Set.of(OPERATOR, RISK_OFFICER, TOKEN_ADMIN);

    private Roles() {}
}
