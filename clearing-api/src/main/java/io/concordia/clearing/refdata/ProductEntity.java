package io.concordia.clearing.refdata;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
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

    public LocalDate expiry;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
}
