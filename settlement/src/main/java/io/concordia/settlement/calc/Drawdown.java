package io.concordia.settlement.calc;

import io.concordia.types.Checks;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * Takes an amount from sources in a fixed order, each up to its capacity: the first source is emptied before the
 * second is touched. The waterfall's first layer takes the defaulter's margin collateral this way, account by account.
 * Exact: no rounding, the takes sum to {@code min(amount, Σ capacities)}.
 */
public final class Drawdown {

    private Drawdown() {}

    /**
     * {@code take_i = min(left_i, capacity_i)} with {@code left_0 = amount}, {@code left_{i+1} = left_i - max(0, take_i)}.
     *
     * @param amount what to take, {@code >= 0}
     * @param capacities what each source holds, in the order they are drawn, each {@code >= 0}
     * @return each source's take, in the same order, {@code 0} (at the amount's scale) for a source not reached
     * @throws IllegalArgumentException on nulls or negatives
     */
    public static List<BigDecimal> inOrder(BigDecimal amount, List<BigDecimal> capacities) {
        Checks.nonNegative(amount, "amount");
        Checks.noNulls(capacities, "capacities");
        List<BigDecimal> takes = new ArrayList<>(capacities.size());
        BigDecimal left = amount;
        for (int i = 0; i < capacities.size(); i++) {
            BigDecimal capacity = Checks.nonNegative(capacities.get(i), "capacities[" + i + "]");
            BigDecimal take = left.min(capacity);
            if (take.signum() > 0) {
                left = left.subtract(take);
                takes.add(take);
            } else {
                takes.add(BigDecimal.ZERO.setScale(amount.scale()));
            }
        }
        return takes;
    }
}
