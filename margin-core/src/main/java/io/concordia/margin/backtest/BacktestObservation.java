package io.concordia.margin.backtest;

import java.time.LocalDate;

/**
 * One day of a backtest: what the model asked at the close of {@code date}, and what the portfolio then lost over
 * the margin period of risk. Amounts in the history's currency, unrounded; {@code +} is a loss.
 *
 * @param date day {@code t}, the close the requirement was computed at
 * @param im the initial margin {@code IM} (docs/margin-model.md §4 step 7, before rounding to cents), {@code >= 0}
 * @param var the historical {@code VaR = L(k)} of the scenario set (§4 step 2); may be negative
 * @param es the historical {@code ES} (§4 step 2); may be negative
 * @param exposure gross notional {@code sum_p |n_p|} at {@code t}, {@code >= 0}: the scale that makes margins of
 *     different days comparable when prices move
 * @param loss realized clean loss {@code -sum_p q_p (S_p[t+h] - S_p[t])}, positions fixed at {@code t}
 */
public record BacktestObservation(LocalDate date, double im, double var, double es, double exposure, double loss) {

    /** Validates. @throws IllegalArgumentException on a null date or a non-finite amount */
    public BacktestObservation {
        if (date == null) {
            throw new IllegalArgumentException("date must not be null");
        }
        if (!Double.isFinite(im)
                || im < 0.0
                || !Double.isFinite(var)
                || !Double.isFinite(es)
                || !Double.isFinite(exposure)
                || exposure < 0.0
                || !Double.isFinite(loss)) {
            throw new IllegalArgumentException(
                    "observation of " + date + " needs finite amounts, IM and exposure >= 0, got im=" + im + " var="
                            + var + " es=" + es + " exposure=" + exposure + " loss=" + loss);
        }
    }

    /** @return {@code IM_hist = max(0, ES)} (docs/margin-model.md §4 step 2), the scenario model's own requirement */
    public double imHist() {
        return Math.max(0.0, es);
    }

    /** @return whether the loss exceeded the initial margin held */
    public boolean exceedsIm() {
        return loss > im;
    }

    /** @return whether the loss exceeded the historical VaR */
    public boolean exceedsVar() {
        return loss > var;
    }
}
