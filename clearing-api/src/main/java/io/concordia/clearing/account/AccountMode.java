package io.concordia.clearing.account;

/** CROSS: one portfolio against all collateral. ISOLATED: each product its own bucket with its own collateral. */
public enum AccountMode {
    CROSS,
    ISOLATED
}
