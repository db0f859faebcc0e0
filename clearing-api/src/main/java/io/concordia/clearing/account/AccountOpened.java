package io.concordia.clearing.account;

/**
 * An account was opened, published synchronously inside the transaction that opens it: the ledger opens the
 * account's collateral account from it, so the account and its collateral exist together or not at all. An event
 * rather than a call because the ledger builds on accounts, not the other way round.
 *
 * @param account the new account, persisted in the current transaction
 */
public record AccountOpened(AccountEntity account) {}
