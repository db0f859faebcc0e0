package io.concordia.clearing.settlement;

import java.sql.Connection;

/**
 * A member did not pay a settlement instruction: published synchronously inside the transaction that records the
 * failure, on its connection, so that what default management does about it (a default flag) commits or rolls back
 * with the failure. An event rather than a call because default management builds on settlement, not the other way
 * round.
 *
 * @param connection the connection of the transaction recording the failure
 * @param memberId the member that did not pay
 * @param instructionId the failed instruction
 * @param actor who recorded the failure
 */
public record PaymentFailed(Connection connection, long memberId, long instructionId, String actor) {}
