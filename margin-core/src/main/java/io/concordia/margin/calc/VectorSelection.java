package io.concordia.margin.calc;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The filter and the ordering of {@link TopK} on SIMD lanes (the Vector API, an incubator module on Java 17), to the
 * same results as TopK's scalar code, bit for bit. Loaded only when the JVM has the module
 * ({@code --add-modules jdk.incubator.vector}); without it TopK never touches this class.
 *
 * <p>Filter: the losses are compared with the threshold a vector at a time, and only a vector with a lane at or above
 * it is copied, lane by lane without a branch (every lane is written, the count advances by one for each lane kept),
 * so the candidates come out in scenario order as in the scalar pass. Most vectors hold none, and the one test per
 * vector replaces a compare and branch per loss.
 *
 * <p>Ordering, of at most {@link TopK#VECTOR_MAX_CANDIDATES} candidates: the insertion buffer costs a mispredicted
 * branch or two per candidate (whether it enters the top {@code k}, how far it moves), and the candidates come in
 * scenario order, which is random in value. Here each block of candidates, one per lane, is compared with every
 * candidate in turn and the lanes count those above them: {@code c x c/lanes} compare-and-add steps and no
 * data-dependent branch. A candidate's count is its rank when the values are distinct, and each rank below {@code k}
 * is its slot in the output; ranks {@code >= k} all go to a spare slot. Equal values share a count and leave the
 * slots after it empty; if one of the first {@code k} slots stays empty, the caller orders with the insertion buffer
 * instead, which places equal values in scenario order. Equal values at the last slot only need the earliest of them
 * there, which writing the candidates in reverse order gives. So the output (values and indices) is the insertion
 * buffer's.
 */
final class VectorSelection {

    private static final VectorSpecies<Double> SPECIES = DoubleVector.SPECIES_PREFERRED;
    private static final DoubleVector ONE = DoubleVector.broadcast(SPECIES, 1.0);

    private VectorSelection() {}

    /**
     * Copies the entries {@code >= thr} of {@code values[0..n)} and their indices, in scenario order, to the front of
     * the scratch.
     *
     * @param values the vector
     * @param n its length
     * @param thr the threshold
     * @param candVal receives the candidates' values; length {@code >= n}
     * @param candIdx receives their indices; length {@code >= n}
     * @return how many
     */
    static int filter(double[] values, int n, double thr, double[] candVal, int[] candIdx) {
        int lanes = SPECIES.length();
        int bound = SPECIES.loopBound(n);
        int c = 0;
        int s = 0;
        for (; s < bound; s += lanes) {
            if (DoubleVector.fromArray(SPECIES, values, s)
                    .compare(VectorOperators.GE, thr)
                    .anyTrue()) {
                // the write at c is in bounds: c <= j < n
                for (int j = s; j < s + lanes; j++) {
                    double v = values[j];
                    candVal[c] = v;
                    candIdx[c] = j;
                    c += v >= thr ? 1 : 0;
                }
            }
        }
        return TopK.filterFrom(values, s, n, thr, candVal, candIdx, c);
    }

    /**
     * Writes the {@code k} largest of {@code candVal[0..c)} to {@code outVal[0..k)} in descending order and their
     * indices, from {@code candIdx}, to {@code outIdx}, unless two equal values would both be among them.
     *
     * @param candVal the candidates' values, finite; its length must be at least {@code c} rounded up to the lanes
     *     (the lanes past {@code c} hold whatever is there and their counts are never read)
     * @param candIdx the candidates' indices
     * @param c the number of candidates, {@code k <= c <= TopK.VECTOR_MAX_CANDIDATES}
     * @param k tail size
     * @param rank scratch of length {@code TopK.VECTOR_MAX_CANDIDATES}
     * @param slotVal scratch of length {@code > k}
     * @param slotIdx scratch of length {@code > k}
     * @param outVal receives the top {@code k}, descending
     * @param outIdx receives their indices
     * @return false, with the outputs untouched, if equal values compete for the first {@code k} slots
     */
    static boolean top(
            double[] candVal,
            int[] candIdx,
            int c,
            int k,
            double[] rank,
            double[] slotVal,
            int[] slotIdx,
            double[] outVal,
            int[] outIdx) {
        int lanes = SPECIES.length();
        for (int j = 0; j < c; j += lanes) {
            DoubleVector x = DoubleVector.fromArray(SPECIES, candVal, j);
            // two counters, so that consecutive adds do not wait for each other
            DoubleVector above0 = DoubleVector.zero(SPECIES);
            DoubleVector above1 = DoubleVector.zero(SPECIES);
            int i = 0;
            for (; i + 1 < c; i += 2) {
                above0 = above0.add(ONE, x.compare(VectorOperators.LT, candVal[i]));
                above1 = above1.add(ONE, x.compare(VectorOperators.LT, candVal[i + 1]));
            }
            if (i < c) {
                above0 = above0.add(ONE, x.compare(VectorOperators.LT, candVal[i]));
            }
            above0.add(above1).intoArray(rank, j);
        }
        for (int s = 0; s < k; s++) {
            slotVal[s] = Double.NaN;
        }
        for (int j = c - 1; j >= 0; j--) {
            int slot = Math.min((int) rank[j], k);
            slotVal[slot] = candVal[j];
            slotIdx[slot] = candIdx[j];
        }
        for (int s = 0; s < k; s++) {
            if (Double.isNaN(slotVal[s])) {
                return false;
            }
        }
        System.arraycopy(slotVal, 0, outVal, 0, k);
        System.arraycopy(slotIdx, 0, outIdx, 0, k);
        return true;
    }
}
