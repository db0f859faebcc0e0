package io.concordia.clearing.account;

import io.concordia.clearing.member.MemberEntity;
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

/** A member's account: positions and collateral margined together (CROSS) or per product (ISOLATED). */
@Entity
@Table(name = "account")
public class AccountEntity {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(nullable = false, unique = true)
    public String code;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "member_id")
    public MemberEntity member;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public AccountMode mode;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public AccountType type;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public AccountStatus status;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
}
