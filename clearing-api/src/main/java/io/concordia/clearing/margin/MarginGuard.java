package io.concordia.clearing.margin;

import io.concordia.clearing.account.AccountLocks;
import io.concordia.clearing.common.ApiProblem;
import io.concordia.clearing.common.ProblemCode;
import io.concordia.margin.calc.AccountMargin;
import io.concordia.margin.calc.BucketMargin;
import io.concordia.margin.calc.MarginCalculator;
import io.concordia.margin.model.CollateralHolding;
import io.concordia.margin.model.MarginMode;
import io.concordia.margin.model.ProductId;
import io.concordia.types.AssetCode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Collateral leaves an account only while its margin allows: equity after the movement must stay at or above IM
 * (of the account when cross, of the bucket when released from an isolated bucket). The account is locked first and
 * held to the end of the caller's transaction, so parallel requests are checked one after the other against the
 * collateral the previous ones left.
 */
@ApplicationScoped
public class MarginGuard {

    @Inject
    MarginEngine engine;

    @Inject
    java.time.Clock clock;

    /**
     * Refuses a withdrawal of unallocated collateral that would take a cross account's equity below IM, or an isolated
     * account's free balance below zero: its free collateral backs no bucket, but it pays the variation margin the
     * buckets released at settlement and the account still owes.
     */
    public void checkWithdrawal(Connection c, long accountId, String asset, BigDecimal quantity) throws SQLException {
        AccountLocks.lock(c, List.of(accountId));
        MarginBook.AccountInput in =
                MarginBook.load(c, List.of(accountId), clock.instant()).get(accountId);
        MarginBook.AccountInput after =
                in.withCollateral(in.collateral(), without(in.unallocated(), asset, null, quantity));
        MarginEngine.Risk risk = engine.covering(c, List.of(after));
        if (in.mode() == MarginMode.ISOLATED) {
            BigDecimal free =
                    MarginCalculator.freeBalance(after.account(), risk.context().schedule());
            if (free.signum() < 0) {
                throw ApiProblem.of(
                        ProblemCode.WITHDRAWAL_BREACHES_MARGIN,
                        "withdrawing " + quantity.toPlainString() + " "
                                + asset + " would leave the free balance at " + free.toPlainString()
                                + ", short of the settlement the account owes");
            }
            return;
        }
        AccountMargin m = MarginEngine.margin(risk, after);
        if (m.equity().compareTo(m.im()) < 0) {
            throw ApiProblem.of(
                    ProblemCode.WITHDRAWAL_BREACHES_MARGIN,
                    "withdrawing " + quantity.toPlainString() + " " + asset + " would leave equity "
                            + m.equity().toPlainString() + " below the initial margin " + m.im().toPlainString());
        }
    }

    /** Refuses a release from an isolated bucket that would take the bucket's equity below its IM. */
    public void checkBucketRelease(Connection c, long accountId, String product, String asset, BigDecimal quantity)
            throws SQLException {
        AccountLocks.lock(c, List.of(accountId));
        MarginBook.AccountInput in =
                MarginBook.load(c, List.of(accountId), clock.instant()).get(accountId);
        MarginBook.AccountInput after =
                in.withCollateral(without(in.collateral(), asset, ProductId.of(product), quantity), in.unallocated());
        MarginEngine.Risk risk = engine.covering(c, List.of(after));
        AccountMargin m = MarginEngine.margin(risk, after);
        for (BucketMargin b : m.buckets()) {
            if (b.product().code().equals(product) && b.equity().compareTo(b.im()) < 0) {
                throw ApiProblem.of(
                        ProblemCode.RELEASE_BREACHES_MARGIN,
                        "releasing " + quantity.toPlainString() + " " + asset
                                + " would leave bucket " + product + " with equity "
                                + b.equity().toPlainString()
                                + " below its initial margin " + b.im().toPlainString());
            }
        }
    }

    /** The holdings less {@code quantity} of {@code asset} in {@code bucket}; a holding the ledger never priced stays out. */
    private static List<CollateralHolding> without(
            List<CollateralHolding> holdings, String asset, ProductId bucket, BigDecimal quantity) {
        List<CollateralHolding> out = new ArrayList<>(holdings.size());
        BigDecimal left = quantity;
        for (CollateralHolding h : holdings) {
            boolean same = h.asset().equals(AssetCode.of(asset))
                    && (bucket == null ? h.bucket() == null : bucket.equals(h.bucket()));
            if (same && left.signum() > 0) {
                BigDecimal taken = h.quantity().min(left);
                left = left.subtract(taken);
                BigDecimal rest = h.quantity().subtract(taken);
                if (rest.signum() > 0) {
                    out.add(new CollateralHolding(h.asset(), rest, h.price(), h.bucket()));
                }
            } else {
                out.add(h);
            }
        }
        return out;
    }
}
