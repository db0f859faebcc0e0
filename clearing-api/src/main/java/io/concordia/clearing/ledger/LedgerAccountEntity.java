package io.concordia.clearing.ledger;

import io.concordia.clearing.account.AccountEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.time.Instant;

/** A ledger account: a member account's collateral (unallocated, or in an isolated bucket) or settlement balance, or one of the CCP's own books. */
@Entity
@Table(name = "ledger_account")
public class LedgerAccountEntity {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(nullable = false, unique = true)
    public String code;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public LedgerAccountKind kind;

    // an account has several ledger accounts (collateral, settlement balance, isolated buckets)
    @ManyToOne(fetch = FetchType.LAZY)
    @JoinColumn(name = "account_id")
    public AccountEntity account;

    /** The member of a member-level account ({@link LedgerAccountKind#memberLevel()}); {@code null} for every other kind. */
    @ManyToOne(fetch = FetchType.LAZY)
    @JoinColumn(name = "member_id")
    public io.concordia.clearing.member.MemberEntity member;

    /** The product of an isolated bucket; {@code null} for every other kind. */
    @ManyToOne(fetch = FetchType.LAZY)
    @JoinColumn(name = "product_id")
    public io.concordia.clearing.refdata.ProductEntity product;

    @Column(name = "non_negative", nullable = false)
    public boolean nonNegative;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
}
