package io.concordia.clearing.common;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * Four-eyes between persons, not tokens: a decision is refused when the decider is the proposer, when the decider's
 * token was minted by the proposer, or when the decider minted a token for the proposer. Otherwise one person
 * holding a minting role could invent a second subject and approve their own work.
 */
@ApplicationScoped
public class FourEyes {

    @Inject
    Caller caller;

    /** Refuses (409) the caller deciding {@code what}, proposed by {@code proposer}, unless a second person. */
    public void requireSecondPerson(Connection c, String proposer, String what) throws SQLException {
        String decider = caller.actor();
        if (proposer.equals(decider)) {
            throw refused(what + " was proposed by " + decider);
        }
        if (caller.mintedBy().filter(proposer::equals).isPresent()
                || minted(c, proposer, decider)
                || minted(c, decider, proposer)) {
            throw refused(what + " was proposed by " + proposer + ", and one of " + proposer + " and " + decider
                    + " minted the other's token");
        }
    }

    private static boolean minted(Connection c, String minter, String subject) {
        return Sql.on(c)
                .first(
                        "SELECT 1 AS minted FROM minted_token WHERE minted_by = ? AND subject = ?",
                        row -> true,
                        minter,
                        subject)
                .isPresent();
    }

    private static ApiProblem refused(String why) {
        return ApiProblem.of(ProblemCode.FOUR_EYES_REQUIRED, why + "; a different person must decide it");
    }
}
