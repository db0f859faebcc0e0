package io.concordia.clearing.refdata;

import io.concordia.clearing.common.Decimals;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;

/** Request and response bodies of the reference-data endpoints. */
public final class RefDataDtos {

    private RefDataDtos() {}

    public record CreateAsset(
            @NotNull @Pattern(regexp = "[A-Z0-9]{2,12}", message = "must be 2 to 12 capital letters or digits")
            String code,

            @NotNull @Min(0) @Max(18) Integer scale) {}

    public record Asset(String code, int scale) {
        static Asset of(AssetEntity e) {
            return new Asset(e.code, e.scale);
        }
    }

    public record CreateVenue(
            @NotNull
            @Pattern(
                    regexp = "[a-z0-9][a-z0-9-]{0,31}",
                    message = "must be lower-case letters, digits and dashes, at most 32")
            String code,

            @NotBlank @Size(max = 200) String name) {}

    public record Venue(String code, String name) {
        static Venue of(VenueEntity e) {
            return new Venue(e.code, e.name);
        }
    }

    /**
     * A product to list. A FUTURE gives its {@code expiry} date and may give the instant it expires
     * ({@code expiresAt}, on that date; 08:00 UTC when absent); an OPTION gives its {@code strike} (USD per unit),
     * {@code right} (CALL or PUT) and {@code expiresAt}; a PERPETUAL none of them.
     */
    public record CreateProduct(
            @NotNull
            @Pattern(
                    regexp = "[A-Z0-9][A-Z0-9-]{0,39}",
                    message = "must be capital letters, digits and dashes, at most 40")
            String symbol,

            @NotNull @Pattern(regexp = "[A-Z0-9]{2,12}", message = "must be 2 to 12 capital letters or digits")
            String underlying,

            @NotNull ProductKind kind,
            LocalDate expiry,
            BigDecimal strike,

            @Pattern(regexp = "CALL|PUT", message = "must be CALL or PUT")
            String right,

            Instant expiresAt) {

        /** A perpetual or a future. */
        public CreateProduct(String symbol, String underlying, ProductKind kind, LocalDate expiry) {
            this(symbol, underlying, kind, expiry, null, null, null);
        }
    }

    /** A listed product; the option terms and the expiry instant are absent where the kind has none. */
    public record Product(
            String symbol,
            String underlying,
            ProductKind kind,
            LocalDate expiry,
            String strike,
            String right,
            Instant expiresAt) {
        static Product of(ProductEntity e) {
            return new Product(
                    e.symbol,
                    e.underlying,
                    e.kind,
                    e.expiry,
                    e.strike == null
                            ? null
                            : io.concordia.clearing.common.Decimals.plain(e.strike)
                                    .toPlainString(),
                    e.optionRight,
                    e.expiresAt);
        }
    }

    public record CreateInstrument(
            @NotBlank @Size(max = 64) String symbol,
            @NotNull String product,
            @NotNull BigDecimal contractSize) {}

    /** {@code contractSize}: product units per venue contract. */
    public record Instrument(String venue, String symbol, String product, BigDecimal contractSize) {
        static Instrument of(VenueInstrumentEntity e) {
            return new Instrument(e.venue.code, e.symbol, e.product.symbol, Decimals.plain(e.contractSize));
        }
    }
}
