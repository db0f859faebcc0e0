package io.concordia.clearing.refdata;

import io.agroal.api.AgroalDataSource;
import io.concordia.clearing.audit.AuditService;
import io.concordia.clearing.common.ApiProblem;
import io.concordia.clearing.common.Decimals;
import io.concordia.clearing.common.Jdbc;
import io.concordia.clearing.common.ProblemCode;
import io.concordia.clearing.common.kafka.KafkaTopics;
import io.concordia.clearing.margin.MarginEngine;
import io.concordia.clearing.refdata.RefDataDtos.Asset;
import io.concordia.clearing.refdata.RefDataDtos.CreateAsset;
import io.concordia.clearing.refdata.RefDataDtos.CreateInstrument;
import io.concordia.clearing.refdata.RefDataDtos.CreateProduct;
import io.concordia.clearing.refdata.RefDataDtos.CreateVenue;
import io.concordia.clearing.refdata.RefDataDtos.Instrument;
import io.concordia.clearing.refdata.RefDataDtos.Product;
import io.concordia.clearing.refdata.RefDataDtos.Venue;
import io.concordia.clearing.refdata.RefDataRepositories.AssetRepository;
import io.concordia.clearing.refdata.RefDataRepositories.ProductRepository;
import io.concordia.clearing.refdata.RefDataRepositories.VenueInstrumentRepository;
import io.concordia.clearing.refdata.RefDataRepositories.VenueRepository;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.List;

/** Assets, venues, harmonized products and venue instrument mappings. */
@ApplicationScoped
public class RefDataService {

    /** Contract sizes carry at most this many decimals (a venue contract of 0.000001 BTC is plausible). */
    static final int CONTRACT_SIZE_SCALE = 12;
    /** No listed future expires further ahead than this; a later date is a typing error. */
    static final int MAX_EXPIRY_YEARS = 10;
    /** Listed futures expire at this time of their expiry date, UTC, like the venues' options. */
    static final LocalTime EXPIRY_TIME = LocalTime.of(8, 0);

    @Inject
    AssetRepository assets;

    @Inject
    VenueRepository venues;

    @Inject
    ProductRepository products;

    @Inject
    VenueInstrumentRepository instruments;

    @Inject
    AuditService audit;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    MarginEngine margin;

    @Inject
    Clock clock;

    @Transactional
    public Asset createAsset(CreateAsset request) {
        if (assets.findByCode(request.code()).isPresent()) {
            throw ApiProblem.of(ProblemCode.DUPLICATE_ASSET, "asset '" + request.code() + "' already exists");
        }
        AssetEntity e = new AssetEntity();
        e.code = request.code();
        e.scale = request.scale();
        e.createdAt = clock.instant();
        assets.persist(e);
        Asset created = Asset.of(e);
        audit.record("CREATE_ASSET", "asset", e.code, null, created);
        return created;
    }

    @Transactional
    public List<Asset> listAssets() {
        return assets.listAll(Sort.by("code")).stream().map(Asset::of).toList();
    }

    @Transactional
    public Venue createVenue(CreateVenue request) {
        // a venue is its topics: one the ingestion does not read as a venue's (trades.dlq is the dead-letter topic) is
        // refused
        if (!KafkaTopics.VENUE_TRADE_TOPICS
                        .matcher(KafkaTopics.TRADES_PREFIX + request.code())
                        .matches()
                || !KafkaTopics.VENUE_PRICE_TOPICS
                        .matcher(KafkaTopics.PRICES_PREFIX + request.code())
                        .matches()) {
            throw ApiProblem.of(
                    ProblemCode.RESERVED_VENUE_CODE,
                    "venue code '" + request.code() + "' is reserved: its topic " + KafkaTopics.TRADES_PREFIX
                            + request.code() + " is one of Concordia's own");
        }
        if (venues.findByCode(request.code()).isPresent()) {
            throw ApiProblem.of(ProblemCode.DUPLICATE_VENUE, "venue '" + request.code() + "' already exists");
        }
        VenueEntity e = new VenueEntity();
        e.code = request.code();
        e.name = request.name();
        e.createdAt = clock.instant();
        venues.persist(e);
        Venue created = Venue.of(e);
        audit.record("CREATE_VENUE", "venue", e.code, null, created);
        return created;
    }

    @Transactional
    public List<Venue> listVenues() {
        return venues.listAll(Sort.by("code")).stream().map(Venue::of).toList();
    }

    @Transactional
    public Product createProduct(CreateProduct request) {
        Instant expiresAt = expiresAt(request);
        BigDecimal strike =
                request.kind() == ProductKind.OPTION ? Decimals.positive(request.strike(), 18, "strike") : null;
        if (products.findBySymbol(request.symbol()).isPresent()) {
            throw ApiProblem.of(ProblemCode.DUPLICATE_PRODUCT, "product '" + request.symbol() + "' already exists");
        }
        if (request.kind() == ProductKind.OPTION
                && products.count("underlying = ?1 and kind <> ?2", request.underlying(), ProductKind.OPTION) == 0) {
            // the option's forward is the mark of a linear product on its underlying (docs/margin-model.md §8.2)
            throw ApiProblem.of(
                    ProblemCode.NO_REFERENCE_PRODUCT,
                    "list a perpetual or a future on '" + request.underlying()
                            + "' before its options: their forward is its mark");
        }
        Jdbc.with(dataSource, c -> {
            margin.requireMargined(c, request.underlying());
            return null;
        });
        ProductEntity e = new ProductEntity();
        e.symbol = request.symbol();
        e.underlying = request.underlying();
        e.kind = request.kind();
        e.expiry = request.expiry();
        e.strike = strike;
        e.optionRight = request.right();
        e.expiresAt = expiresAt;
        e.createdAt = clock.instant();
        products.persist(e);
        Product created = Product.of(e);
        audit.record("CREATE_PRODUCT", "product", e.symbol, null, created);
        return created;
    }

    /**
     * When the product to list expires, after checking that it gives exactly the fields of its kind: a FUTURE its
     * expiry date (and perhaps the instant on it), an OPTION its strike, right and instant, a PERPETUAL none. A product
     * is listed before it expires, and at most {@link #MAX_EXPIRY_YEARS} years ahead.
     */
    private Instant expiresAt(CreateProduct request) {
        ProductKind kind = request.kind();
        boolean option = kind == ProductKind.OPTION;
        if ((kind == ProductKind.FUTURE) != (request.expiry() != null)) {
            throw ApiProblem.of(ProblemCode.INVALID_EXPIRY, "a FUTURE needs an expiry date and no other kind has one");
        }
        if (option != (request.strike() != null) || option != (request.right() != null)) {
            throw ApiProblem.of(
                    ProblemCode.INVALID_OPTION_TERMS,
                    "an OPTION needs a strike and a right (CALL or PUT), and no other kind has them");
        }
        if (kind == ProductKind.PERPETUAL && request.expiresAt() != null || option && request.expiresAt() == null) {
            throw ApiProblem.of(
                    ProblemCode.INVALID_EXPIRY, "an OPTION needs expiresAt and a PERPETUAL must not have it");
        }
        if (kind == ProductKind.PERPETUAL) {
            return null;
        }
        Instant expiresAt = request.expiresAt() != null
                ? request.expiresAt()
                : request.expiry().atTime(EXPIRY_TIME).toInstant(ZoneOffset.UTC);
        if (kind == ProductKind.FUTURE
                && !LocalDate.ofInstant(expiresAt, ZoneOffset.UTC).equals(request.expiry())) {
            throw ApiProblem.of(
                    ProblemCode.INVALID_EXPIRY,
                    "expiresAt " + expiresAt + " is not on the expiry date " + request.expiry());
        }
        Instant now = clock.instant();
        if (!expiresAt.isAfter(now)) {
            throw ApiProblem.of(
                    ProblemCode.INVALID_EXPIRY,
                    "expiry " + expiresAt + " is in the past; a product is listed before it expires");
        }
        if (expiresAt.isAfter(
                now.atOffset(ZoneOffset.UTC).plusYears(MAX_EXPIRY_YEARS).toInstant())) {
            throw ApiProblem.of(
                    ProblemCode.INVALID_EXPIRY,
                    "expiry " + expiresAt + " is more than " + MAX_EXPIRY_YEARS + " years ahead");
        }
        return expiresAt;
    }

    @Transactional
    public List<Product> listProducts() {
        return products.listAll(Sort.by("symbol")).stream().map(Product::of).toList();
    }

    @Transactional
    public Instrument createInstrument(String venueCode, CreateInstrument request) {
        VenueEntity venue = venues.findByCode(venueCode).orElseThrow(() -> ApiProblem.notFound("venue", venueCode));
        ProductEntity product = products.findBySymbol(request.product())
                .orElseThrow(() -> ApiProblem.of(
                        ProblemCode.UNKNOWN_PRODUCT, "product '" + request.product() + "' does not exist"));
        if (instruments.findByVenueAndSymbol(venue, request.symbol()).isPresent()) {
            throw ApiProblem.of(
                    ProblemCode.DUPLICATE_INSTRUMENT,
                    "venue '" + venueCode + "' already maps symbol '" + request.symbol() + "'");
        }
        VenueInstrumentEntity e = new VenueInstrumentEntity();
        e.venue = venue;
        e.symbol = request.symbol();
        e.product = product;
        e.contractSize = Decimals.positive(request.contractSize(), CONTRACT_SIZE_SCALE, "contractSize");
        e.createdAt = clock.instant();
        instruments.persist(e);
        Instrument created = Instrument.of(e);
        audit.record("CREATE_INSTRUMENT", "venue-instrument", venueCode + "/" + e.symbol, null, created);
        return created;
    }

    @Transactional
    public List<Instrument> listInstruments(String venueCode) {
        VenueEntity venue = venues.findByCode(venueCode).orElseThrow(() -> ApiProblem.notFound("venue", venueCode));
        return instruments.list("venue", Sort.by("symbol"), venue).stream()
                .map(Instrument::of)
                .toList();
    }

    /** The product with this symbol, or a 422. */
    @Transactional(Transactional.TxType.MANDATORY)
    public ProductEntity requireProduct(String symbol) {
        return products.findBySymbol(symbol)
                .orElseThrow(
                        () -> ApiProblem.of(ProblemCode.UNKNOWN_PRODUCT, "product '" + symbol + "' does not exist"));
    }

    /** The asset with this code, or a 422 naming the field that referred to it. */
    @Transactional(Transactional.TxType.MANDATORY)
    public AssetEntity requireAsset(String code) {
        return assets.findByCode(code)
                .orElseThrow(() -> ApiProblem.of(ProblemCode.UNKNOWN_ASSET, "asset '" + code + "' does not exist"));
    }
}
