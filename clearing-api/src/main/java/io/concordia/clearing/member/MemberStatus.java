package io.concordia.clearing.member;

/**
 * A suspended member cannot withdraw or open new risk; a defaulted one is being wound down by operators (its accounts are
 * frozen when the default is declared, see the default_ package).
 */
public enum MemberStatus {
    ACTIVE,
    SUSPENDED,
    DEFAULTED
}
