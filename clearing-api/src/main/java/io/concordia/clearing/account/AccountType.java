package io.concordia.clearing.account;

/** HOUSE: the member's own risk. CLIENT: its clients' risk, portable to another member on default. */
public enum AccountType {
    HOUSE,
    CLIENT
}
