package io.concordia.margin.model;

import io.concordia.types.AssetCode;
import io.concordia.types.Checks;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A versioned margin schedule: every configurable parameter of docs/margin-model.md (the {@code schedule} object
 * of the replication format).
 *
 * @param version version id, carried into every result
 * @param confidence ES confidence {@code alpha}, strictly inside (0, 1) (step 2; default 0.99)
 * @param stressWeight {@code w_stress >= 0} (step 3; default 0.5)
 * @param mmRatio maintenance ratio in [0, 1] (step 8; default 0.5)
 * @param tiers parameters per liquidity tier
 * @param underlyings the liquidity tier of every underlying the schedule margins; each tier used must be in {@code tiers}
 * @param haircuts collateral haircut per asset, each in [0, 1] ("Accounts"; default USD 0, USDC 0.02, USDT 0.05, BTC 0.20, ETH 0.25)
 * @param defaultHaircut haircut of an asset not named in {@code haircuts}, in [0, 1] (default 0.40, "other listed assets")
 */
public record Schedule(
        String version,
        BigDecimal confidence,
        BigDecimal stressWeight,
        BigDecimal mmRatio,
        Map<LiquidityTier, TierParameters> tiers,
        Map<UnderlyingId, LiquidityTier> underlyings,
        Map<AssetCode, BigDecimal> haircuts,
        BigDecimal defaultHaircut) {

    /** The haircut of an asset the schedule does not name, when a schedule does not set one: 0.40. */
    public static final BigDecimal OTHER_ASSETS_HAIRCUT = new BigDecimal("0.40");

    /** Validates the schedule. @throws IllegalArgumentException naming the offending field and value */
    public Schedule {
        Checks.notBlank(version, "version");
        Checks.notNull(confidence, "confidence");
        if (confidence.signum() <= 0 || confidence.compareTo(BigDecimal.ONE) >= 0) {
            throw new IllegalArgumentException(
                    "confidence must be strictly between 0 and 1, got: " + confidence.toPlainString());
        }
        Checks.nonNegative(stressWeight, "stressWeight");
        Checks.between(mmRatio, BigDecimal.ZERO, BigDecimal.ONE, "mmRatio");
        Checks.notNull(tiers, "tiers");
        Checks.notNull(underlyings, "underlyings");
        Checks.notNull(haircuts, "haircuts");
        if (defaultHaircut == null) {
            defaultHaircut = OTHER_ASSETS_HAIRCUT;
        }
        Checks.between(defaultHaircut, BigDecimal.ZERO, BigDecimal.ONE, "defaultHaircut");
        EnumMap<LiquidityTier, TierParameters> t = new EnumMap<>(LiquidityTier.class);
        tiers.forEach((k, v) -> t.put(Checks.notNull(k, "tier"), Checks.notNull(v, "tier " + k)));
        Map<UnderlyingId, LiquidityTier> u = new TreeMap<>();
        underlyings.forEach((k, v) -> {
            Checks.notNull(k, "underlying");
            Checks.notNull(v, "tier of underlying " + k);
            if (!t.containsKey(v)) {
                throw new IllegalArgumentException(
                        "underlying " + k + " is in tier " + v + " but the schedule has no parameters for " + v);
            }
            u.put(k, v);
        });
        Map<AssetCode, BigDecimal> h = new TreeMap<>();
        haircuts.forEach((k, v) -> h.put(
                Checks.notNull(k, "asset"), Checks.between(v, BigDecimal.ZERO, BigDecimal.ONE, "haircut of " + k)));
        tiers = Collections.unmodifiableMap(t);
        underlyings = Collections.unmodifiableMap(u);
        haircuts = Collections.unmodifiableMap(h);
    }

    /**
     * Creates a schedule with the default haircut for unnamed assets (0.40).
     *
     * @param version version id
     * @param confidence alpha
     * @param stressWeight w_stress
     * @param mmRatio maintenance ratio
     * @param tiers tier parameters
     * @param underlyings tier of each underlying
     * @param haircuts haircut per asset
     * @return the schedule
     */
    public static Schedule of(
            String version,
            BigDecimal confidence,
            BigDecimal stressWeight,
            BigDecimal mmRatio,
            Map<LiquidityTier, TierParameters> tiers,
            Map<UnderlyingId, LiquidityTier> underlyings,
            Map<AssetCode, BigDecimal> haircuts) {
        return new Schedule(
                version, confidence, stressWeight, mmRatio, tiers, underlyings, haircuts, OTHER_ASSETS_HAIRCUT);
    }

    /**
     * The defaults of docs/margin-model.md: confidence 0.99, stress weight 0.5, maintenance ratio 0.5, the T1/T2/T3
     * size-floor tables, basis rates and stress shocks, BTC and ETH in T1, SOL and XRP in T2, DOGE in T3, and the
     * haircuts of "Accounts". Override parameters with the {@code with...} methods.
     *
     * @return the default schedule, version {@code default.1}
     */
    public static Schedule defaults() {
        Map<LiquidityTier, TierParameters> tiers = Map.of(
                LiquidityTier.T1,
                        TierParameters.of(
                                TierTable.of(
                                        List.of("1000000", "10000000", "50000000"),
                                        List.of("0.02", "0.05", "0.10", "0.25")),
                                "0.01",
                                "0.24"),
                LiquidityTier.T2,
                        TierParameters.of(
                                TierTable.of(
                                        List.of("250000", "2500000", "10000000"),
                                        List.of("0.05", "0.10", "0.20", "0.50")),
                                "0.025",
                                "0.36"),
                LiquidityTier.T3,
                        TierParameters.of(
                                TierTable.of(List.of("100000", "1000000"), List.of("0.10", "0.20", "0.50")),
                                "0.05",
                                "0.50"));
        Map<UnderlyingId, LiquidityTier> underlyings = Map.of(
                UnderlyingId.of("BTC"),
                LiquidityTier.T1,
                UnderlyingId.of("ETH"),
                LiquidityTier.T1,
                UnderlyingId.of("SOL"),
                LiquidityTier.T2,
                UnderlyingId.of("XRP"),
                LiquidityTier.T2,
                UnderlyingId.of("DOGE"),
                LiquidityTier.T3);
        Map<AssetCode, BigDecimal> haircuts = Map.of(
                AssetCode.of("USD"),
                new BigDecimal("0"),
                AssetCode.of("USDC"),
                new BigDecimal("0.02"),
                AssetCode.of("USDT"),
                new BigDecimal("0.05"),
                AssetCode.of("BTC"),
                new BigDecimal("0.20"),
                AssetCode.of("ETH"),
                new BigDecimal("0.25"));
        return new Schedule(
                "default.1",
                new BigDecimal("0.99"),
                new BigDecimal("0.5"),
                new BigDecimal("0.5"),
                tiers,
                underlyings,
                haircuts,
                OTHER_ASSETS_HAIRCUT);
    }

    /**
     * The liquidity tier of an underlying.
     *
     * @param underlying the underlying
     * @return its tier
     * @throws IllegalArgumentException if the schedule does not margin this underlying
     */
    public LiquidityTier tierOf(UnderlyingId underlying) {
        LiquidityTier tier = underlyings.get(underlying);
        if (tier == null) {
            throw new IllegalArgumentException("unknown underlying: " + underlying + " is not in schedule " + version
                    + " (known: " + underlyings.keySet() + ")");
        }
        return tier;
    }

    /**
     * The parameters of an underlying's tier.
     *
     * @param underlying the underlying
     * @return the tier parameters
     * @throws IllegalArgumentException if the underlying is unknown
     */
    public TierParameters parametersOf(UnderlyingId underlying) {
        return tiers.get(tierOf(underlying));
    }

    /**
     * The option parameters of a tier (docs/margin-model.md §8.4): the schedule's, else the tier's defaults.
     *
     * @param tier the tier
     * @return the option parameters
     */
    public OptionTierParameters optionParametersOf(LiquidityTier tier) {
        TierParameters p = tiers.get(tier);
        return p != null ? p.optionsOf(tier) : OptionTierParameters.defaultFor(tier);
    }

    /**
     * The haircut of an asset ("Accounts"): the named one, else {@link #defaultHaircut()}.
     *
     * @param asset the asset
     * @return the haircut in [0, 1]
     */
    public BigDecimal haircutOf(AssetCode asset) {
        BigDecimal h = haircuts.get(asset);
        return h != null ? h : defaultHaircut;
    }

    /**
     * The number of tail scenarios {@code k = ceil(N * (1 - alpha))}, computed exactly in decimal arithmetic
     * (step 2: 1000 scenarios at 0.99 give 10, where double arithmetic would give 11).
     *
     * @param scenarioCount {@code N >= 1}
     * @return {@code k}, in [1, N]
     * @throws IllegalArgumentException if {@code N < 1}
     */
    public int tailCount(int scenarioCount) {
        return tailCount(scenarioCount, confidence);
    }

    /**
     * {@code k = ceil(N * (1 - alpha))} computed exactly.
     *
     * @param scenarioCount {@code N >= 1}
     * @param confidence {@code alpha} strictly inside (0, 1)
     * @return {@code k} in [1, N]
     * @throws IllegalArgumentException if {@code N < 1} or alpha is outside (0, 1)
     */
    public static int tailCount(int scenarioCount, BigDecimal confidence) {
        if (scenarioCount < 1) {
            throw new IllegalArgumentException("scenario count must be >= 1, got: " + scenarioCount);
        }
        if (confidence == null || confidence.signum() <= 0 || confidence.compareTo(BigDecimal.ONE) >= 0) {
            throw new IllegalArgumentException("confidence must be strictly between 0 and 1, got: "
                    + (confidence == null ? null : confidence.toPlainString()));
        }
        BigDecimal k = BigDecimal.valueOf(scenarioCount)
                .multiply(BigDecimal.ONE.subtract(confidence))
                .setScale(0, RoundingMode.CEILING);
        return k.intValueExact();
    }

    /**
     * Returns this schedule with another version id.
     *
     * @param newVersion the version
     * @return the schedule
     */
    public Schedule withVersion(String newVersion) {
        return new Schedule(
                newVersion, confidence, stressWeight, mmRatio, tiers, underlyings, haircuts, defaultHaircut);
    }

    /**
     * Returns this schedule with another confidence.
     *
     * @param newConfidence alpha in (0, 1)
     * @return the schedule
     */
    public Schedule withConfidence(BigDecimal newConfidence) {
        return new Schedule(
                version, newConfidence, stressWeight, mmRatio, tiers, underlyings, haircuts, defaultHaircut);
    }

    /**
     * Returns this schedule with another stress weight.
     *
     * @param newStressWeight w_stress
     * @return the schedule
     */
    public Schedule withStressWeight(BigDecimal newStressWeight) {
        return new Schedule(
                version, confidence, newStressWeight, mmRatio, tiers, underlyings, haircuts, defaultHaircut);
    }

    /**
     * Returns this schedule with another maintenance ratio.
     *
     * @param newMmRatio maintenance ratio
     * @return the schedule
     */
    public Schedule withMmRatio(BigDecimal newMmRatio) {
        return new Schedule(
                version, confidence, stressWeight, newMmRatio, tiers, underlyings, haircuts, defaultHaircut);
    }

    /**
     * Returns this schedule with one tier's parameters replaced.
     *
     * @param tier the tier
     * @param parameters the parameters
     * @return the schedule
     */
    public Schedule withTier(LiquidityTier tier, TierParameters parameters) {
        Map<LiquidityTier, TierParameters> t = new EnumMap<>(tiers);
        t.put(tier, parameters);
        return new Schedule(version, confidence, stressWeight, mmRatio, t, underlyings, haircuts, defaultHaircut);
    }

    /**
     * Returns this schedule with an underlying added or moved to a tier.
     *
     * @param underlying the underlying
     * @param tier its tier
     * @return the schedule
     */
    public Schedule withUnderlying(UnderlyingId underlying, LiquidityTier tier) {
        Map<UnderlyingId, LiquidityTier> u = new LinkedHashMap<>(underlyings);
        u.put(underlying, tier);
        return new Schedule(version, confidence, stressWeight, mmRatio, tiers, u, haircuts, defaultHaircut);
    }

    /**
     * Returns this schedule with one asset's haircut set.
     *
     * @param asset the asset
     * @param haircut the haircut in [0, 1]
     * @return the schedule
     */
    public Schedule withHaircut(AssetCode asset, BigDecimal haircut) {
        Map<AssetCode, BigDecimal> h = new LinkedHashMap<>(haircuts);
        h.put(asset, haircut);
        return new Schedule(version, confidence, stressWeight, mmRatio, tiers, underlyings, h, defaultHaircut);
    }
}
