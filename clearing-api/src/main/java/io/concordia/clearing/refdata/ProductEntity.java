package io.concordia.clearing.refdata;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;

/** A harmonized product: one risk, whatever venue trades it. */
@Entity
@Table(name = "product")
public class ProductEntity {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(nullable = false, unique = true)
    public String symbol;

    @Column(nullable = false)
    public String underlying;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public ProductKind kind;

    /** A future's expiry date; {@code null} for the other kinds. */
    public LocalDate expiry;

    /** An option's strike, USD per unit of the underlying. */
    public BigDecimal strike;

    /** An option's right: CALL or PUT. */
    @Column(name = "option_right")
    public String optionRight;

    /** When a future or an option expires; {@code null} for a perpetual. */
    @Column(name = "expires_at")
    public Instant expiresAt;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
}
