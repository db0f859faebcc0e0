package io.concordia.margin.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The size floor over primitive arrays, which sums every band, against the sum that stops at the first empty band. */
class TierTableTest {

    /** {@code sum_j r_j * (min(A, b_j) - b(j-1))} over the bands below {@code A}, stopping at the first empty one. */
    private static double floorStoppingAtTheFirstEmptyBand(double a, double[] edges, double[] rates) {
        double total = 0.0;
        double prev = 0.0;
        for (int j = 0; j < rates.length; j++) {
            double hi = j < edges.length ? edges[j] : Double.POSITIVE_INFINITY;
            double band = Math.min(a, hi) - prev;
            if (band <= 0.0) {
                break;
            }
            total += rates[j] * band;
            prev = hi;
        }
        return total;
    }

    @Test
    void shouldEqualTheSumOverTheBandsBelowTheNotionalToTheBit() {
        SplittableRandom rnd = new SplittableRandom(21);
        for (int trial = 0; trial < 20_000; trial++) {
            int bands = 1 + rnd.nextInt(6);
            double[] edges = new double[bands - 1];
            double[] rates = new double[bands];
            double edge = 0.0;
            double rate = 0.0;
            for (int j = 0; j < bands; j++) {
                rate = Math.min(1.0, rate + rnd.nextDouble() * 0.2);
                rates[j] = rate;
                if (j < bands - 1) {
                    edge += Math.pow(10, rnd.nextDouble() * 8);
                    edges[j] = edge;
                }
            }
            double a = switch (rnd.nextInt(4)) {
                case 0 -> 0.0;
                case 1 -> bands > 1 ? edges[rnd.nextInt(bands - 1)] : 1.0; // exactly at an edge
                case 2 -> Math.pow(10, rnd.nextDouble() * 12);
                default -> rnd.nextDouble() * (edge + 1.0);
            };

            assertThat(Double.doubleToRawLongBits(TierTable.floor(a, edges, rates)))
                    .as("trial %d, A = %s", trial, a)
                    .isEqualTo(Double.doubleToRawLongBits(floorStoppingAtTheFirstEmptyBand(a, edges, rates)));
        }
    }
}
