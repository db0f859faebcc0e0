package io.concordia.clearing.admin;

import io.concordia.clearing.common.Sql;
import java.sql.Connection;
import java.time.Instant;

/**
 * Who gave whom a way in: every minted token and every console sign-in link is recorded, so that four-eyes checks can
 * refuse a decision by a person whose access the proposer handed out (or the other way round).
 */
public final class MintedTokens {

    private MintedTokens() {}

    /** Records a token or sign-in {@code jti} for {@code subject} (of {@code member}, if a member's), in the caller's transaction. */
    public static void record(
            Connection c,
            String jti,
            String subject,
            String member,
            String roles,
            String mintedBy,
            Instant mintedAt,
            Instant expiresAt) {
        Sql.on(c).update("""
                        INSERT INTO minted_token (jti, subject, member, roles, minted_by, minted_at, expires_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?)""", jti, subject, member, roles, mintedBy, mintedAt, expiresAt);
    }
}
