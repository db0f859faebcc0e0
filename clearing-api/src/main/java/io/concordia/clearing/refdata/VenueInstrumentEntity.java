package io.concordia.clearing.refdata;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.Instant;

/** A venue's symbol for a harmonized product; one venue contract is {@code contractSize} product units. */
@Entity
@Table(name = "venue_instrument")
public class VenueInstrumentEntity {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "venue_id")
    public VenueEntity venue;

    @Column(nullable = false)
    public String symbol;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "product_id")
    public ProductEntity product;

    @Column(name = "contract_size", nullable = false, precision = 38, scale = 18)
    public BigDecimal contractSize;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
}
