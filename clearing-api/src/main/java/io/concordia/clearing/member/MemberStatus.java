package io.concordia.clearing.member;

/** A suspended member cannot withdraw or open new risk; a defaulted one is being wound down by operators. */
public enum MemberStatus {
    ACTIVE,
    SUSPENDED,
    DEFAULTED
}
