package io.concordia.margin.calc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The linear top-k selection against a full sort, on random, tied and adversarial vectors. */
class TopKTest {

    private static void assertSelectsLargest(double[] v, int k) {
        int n = v.length;
        double[] candVal = new double[n];
        int[] candIdx = new int[n];
        double[] out = new double[k];
        int[] idx = new int[k];

        TopK.select(v, n, k, candVal, candIdx, out, idx);

        double[] sorted = v.clone();
        Arrays.sort(sorted);
        for (int i = 0; i < k; i++) {
            assertThat(out[i]).as("rank " + i).isEqualTo(sorted[n - 1 - i]);
            assertThat(v[idx[i]]).as("index of rank " + i).isEqualTo(out[i]);
        }
        assertThat(Arrays.stream(idx).distinct().count()).isEqualTo(k);
    }

    @Test
    void shouldSelectTheKLargestOfRandomVectorsLikeAFullSort() {
        SplittableRandom rnd = new SplittableRandom(11);
        for (int trial = 0; trial < 3000; trial++) {
            int n = 1 + rnd.nextInt(1200);
            int k = 1 + rnd.nextInt(Math.min(n, trial % 3 == 0 ? n : 70));
            double[] v = new double[n];
            for (int s = 0; s < n; s++) {
                v[s] = rnd.nextInt(4) == 0 ? rnd.nextInt(5) : rnd.nextDouble() * 2 - 1;
            }
            assertSelectsLargest(v, k);
        }
    }

    @Test
    void shouldHandleSortedConstantAndTiedVectors() {
        double[] asc = new double[1000];
        double[] desc = new double[1000];
        double[] flat = new double[1000];
        for (int i = 0; i < 1000; i++) {
            asc[i] = i;
            desc[i] = -i;
            flat[i] = 3.0;
        }
        for (int k : new int[] {1, 10, 25, 999, 1000}) {
            assertSelectsLargest(asc, k);
            assertSelectsLargest(desc, k);
            assertSelectsLargest(flat, k);
        }
    }

    @Test
    void shouldGiveTheSameSelectionWhateverTheThresholdGuesses() {
        SplittableRandom rnd = new SplittableRandom(12);
        for (int trial = 0; trial < 2000; trial++) {
            int n = 1 + rnd.nextInt(1500);
            int k = 1 + rnd.nextInt(Math.min(n, 40));
            double[] v = new double[n];
            for (int s = 0; s < n; s++) {
                v[s] = rnd.nextInt(10) == 0 ? 1.0 : rnd.nextDouble() * 10 - 5;
            }
            double[] sorted = v.clone();
            Arrays.sort(sorted);
            double[] guesses = {Double.NaN, 100, -100, 0, sorted[n - k], sorted[Math.max(0, n - 3 * k)], 4.9};
            for (double guess : guesses) {
                for (double retryGuess : guesses) {
                    double[] out = new double[k];
                    int[] idx = new int[k];
                    TopK.select(v, n, k, guess, retryGuess, new double[n], new int[n], out, idx);
                    for (int i = 0; i < k; i++) {
                        assertThat(out[i])
                                .as("guesses %s, %s rank %d", guess, retryGuess, i)
                                .isEqualTo(sorted[n - 1 - i]);
                        assertThat(v[idx[i]]).isEqualTo(out[i]);
                    }
                    assertThat(Arrays.stream(idx).distinct().count()).isEqualTo(k);
                }
            }
        }
    }

    @Test
    void shouldRejectKOutsideOneToN() {
        assertThatThrownBy(() -> TopK.select(new double[3], 3, 4, new double[3], new int[3], new double[4], new int[4]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("k must be in [1, 3], got: 4");
    }
}
