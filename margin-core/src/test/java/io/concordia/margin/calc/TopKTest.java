package io.concordia.margin.calc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The linear top-k selection against a full sort, on random, tied and adversarial vectors; and its two paths, scalar
 * and on SIMD lanes, against each other to the bit.
 */
class TopKTest {

    private static void assertSelectsLargest(double[] v, int k) {
        int n = v.length;
        double[] out = new double[k];
        int[] idx = new int[k];

        TopK.select(v, n, k, new TopK.Scratch(n), out, idx);

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
                    TopK.select(v, n, k, guess, retryGuess, new TopK.Scratch(n), out, idx);
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
    void shouldRunTheTestsWithTheVectorModuleSoThatBothPathsAreCompared() {
        assertThat(TopK.VECTOR)
                .as("margin-core's tests run with --add-modules jdk.incubator.vector (surefire argLine)")
                .isTrue();
    }

    /**
     * The vector path against the scalar one and a full sort (descending by value, equal values in scenario
     * order, as the insertion buffer keeps them): values and indices equal to the bit, over seeded vectors of every
     * shape the ordering sees, including lengths that are not a multiple of the lanes, ties inside and at the edge
     * of the top k, flat vectors, signed zeros and extreme magnitudes, and counts of candidates on both sides of
     * the vector ordering's limit.
     */
    @Test
    void shouldSelectOnVectorLanesExactlyAsTheScalarCode() {
        SplittableRandom rnd = new SplittableRandom(13);
        for (int trial = 0; trial < 20_000; trial++) {
            int n = 1 + rnd.nextInt(trial % 2 == 0 ? 80 : 1200);
            int k = 1 + rnd.nextInt(Math.min(n, 1 + rnd.nextInt(40)));
            double[] v = randomVector(rnd, n, trial % 7);
            double[] sortedDesc = Arrays.stream(v)
                    .boxed()
                    .sorted((a, b) -> Double.compare(b, a))
                    .mapToDouble(d -> d)
                    .toArray();
            double[] guesses = {Double.NaN, sortedDesc[k - 1], sortedDesc[Math.min(n - 1, k + rnd.nextInt(70))]};
            double guess = guesses[rnd.nextInt(guesses.length)];
            double[] scalarVal = new double[k];
            int[] scalarIdx = new int[k];
            double[] vectorVal = new double[k];
            int[] vectorIdx = new int[k];
            TopK.select(v, n, k, guess, Double.NaN, new TopK.Scratch(n), scalarVal, scalarIdx, false);
            TopK.select(v, n, k, guess, Double.NaN, new TopK.Scratch(n), vectorVal, vectorIdx, true);

            for (int i = 0; i < k; i++) {
                assertThat(Double.doubleToRawLongBits(vectorVal[i]))
                        .as("trial %d rank %d", trial, i)
                        .isEqualTo(Double.doubleToRawLongBits(scalarVal[i]));
                assertThat(Double.compare(scalarVal[i], sortedDesc[i]) == 0 || scalarVal[i] == sortedDesc[i])
                        .as("trial %d rank %d against the full sort", trial, i)
                        .isTrue();
                assertThat(v[scalarIdx[i]]).isEqualTo(scalarVal[i]);
            }
            assertThat(vectorIdx).as("trial %d indices", trial).isEqualTo(scalarIdx);
            assertThat(Arrays.stream(scalarIdx).distinct().count()).isEqualTo(k);
        }
    }

    @Test
    void shouldFilterOnVectorLanesTheCandidatesOfTheScalarPassInScenarioOrder() {
        SplittableRandom rnd = new SplittableRandom(14);
        for (int trial = 0; trial < 5_000; trial++) {
            int n = 1 + rnd.nextInt(trial % 2 == 0 ? 40 : 1200);
            double[] v = randomVector(rnd, n, trial % 7);
            double thr = rnd.nextInt(4) == 0 ? Double.NEGATIVE_INFINITY : v[rnd.nextInt(n)];
            double[] candVal = new double[n];
            int[] candIdx = new int[n];

            int c = VectorSelection.filter(v, n, thr, candVal, candIdx);

            int[] expected = java.util.stream.IntStream.range(0, n)
                    .filter(s -> v[s] >= thr)
                    .toArray();
            assertThat(Arrays.copyOf(candIdx, c)).as("trial %d", trial).isEqualTo(expected);
            for (int i = 0; i < c; i++) {
                assertThat(Double.doubleToRawLongBits(candVal[i]))
                        .isEqualTo(Double.doubleToRawLongBits(v[expected[i]]));
            }
        }
    }

    private static double[] randomVector(SplittableRandom rnd, int n, int shape) {
        double[] v = new double[n];
        for (int s = 0; s < n; s++) {
            v[s] = switch (shape) {
                case 0 -> rnd.nextDouble() * 2 - 1; // distinct
                case 1 -> rnd.nextInt(6); // many ties
                case 2 -> 7.25; // flat
                case 3 -> rnd.nextBoolean() ? 0.0 : -0.0; // signed zeros, equal to each other
                case 4 -> (rnd.nextBoolean() ? 1 : -1) * (rnd.nextInt(3) == 0 ? Double.MAX_VALUE : Double.MIN_VALUE);
                case 5 -> rnd.nextInt(20) == 0 ? 1e300 : -rnd.nextDouble() * 1e-300; // a few equal extremes on top
                default -> Math.floor(rnd.nextGaussian() * 4) / 4; // normal, coarsely rounded: ties at the edge
            };
        }
        return v;
    }

    @Test
    void shouldRejectKOutsideOneToN() {
        assertThatThrownBy(() -> TopK.select(new double[3], 3, 4, new TopK.Scratch(3), new double[4], new int[4]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("k must be in [1, 3], got: 4");
    }
}
