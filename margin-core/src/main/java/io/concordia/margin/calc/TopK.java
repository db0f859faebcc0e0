package io.concordia.margin.calc;

/**
 * Selection of the {@code k} largest of {@code N} losses without sorting them all (docs/margin-model.md §4 step 2).
 *
 * <p>Algorithm, linear in {@code N}: any {@code t} with at least {@code k} entries {@code >= t} is a lower bound of
 * the tail. The caller may pass guesses (the calculators use the portfolio's mean loss plus a multiple of its
 * standard deviation, from the scenario covariance: a tight one and a looser one); one pass copies the candidates
 * {@code >= t} and counts them; if fewer than {@code k}, the next guess is tried, and after the guesses a bound
 * that always holds: split the vector into {@code k} blocks and take the smallest block maximum (the {@code k}
 * block maxima are {@code k} distinct entries {@code >= t}). When the candidates are few (the usual case, a small
 * multiple of {@code k}) an insertion buffer keeps the top {@code k} sorted; when they are many (ties, a flat book, tiny
 * {@code N}) a three-way quickselect (expected linear) moves the top {@code k} to the front and only those {@code k}
 * are heap-sorted. The top {@code k} come out in descending order, so their sum is independent of the scenario
 * order. All scratch is preallocated by the caller ({@link Scratch}); nothing is allocated.
 *
 * <p>When the JVM has the Vector API module, {@link VectorSelection} does the filter passes, and the ordering of at
 * most {@link #VECTOR_MAX_CANDIDATES} candidates, on SIMD lanes with fewer data-dependent branches, to the same
 * candidates and the same top {@code k} (values and indices) as the scalar code here, bit for bit.
 */
public final class TopK {

    /** The most candidates {@link VectorSelection} orders; its work grows with their square. */
    static final int VECTOR_MAX_CANDIDATES = 64;

    /**
     * Whether the Vector API module is in this JVM (started with {@code --add-modules jdk.incubator.vector}); decided
     * once, so that without it {@link VectorSelection} is never loaded.
     */
    static final boolean VECTOR =
            ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();

    private TopK() {}

    /** The preallocated scratch of {@link TopK#select} for vectors of up to {@code N} entries; one per thread. */
    public static final class Scratch {
        final int capacity;
        /** The candidates; longer than {@code N} so that the vector ordering may read whole lanes past the last. */
        final double[] candVal;

        final int[] candIdx;
        /** The vector ordering's count of the candidates above each candidate, and its {@code k + 1} output slots. */
        final double[] rank = new double[VECTOR_MAX_CANDIDATES];

        final double[] slotVal = new double[VECTOR_MAX_CANDIDATES + 1];
        final int[] slotIdx = new int[VECTOR_MAX_CANDIDATES + 1];

        /**
         * Creates scratch for vectors of up to {@code n} entries.
         *
         * @param n the largest {@code N}
         */
        public Scratch(int n) {
            this.capacity = n;
            this.candVal = new double[n + VECTOR_MAX_CANDIDATES];
            this.candIdx = new int[n];
        }
    }

    /**
     * Writes the {@code k} largest of {@code values[0..n)} to {@code outVal[0..k)} in descending order and their
     * positions to {@code outIdx[0..k)}.
     *
     * @param values the vector, finite
     * @param n its length {@code N >= 1}
     * @param k tail size, {@code 1 <= k <= N}
     * @param scratch scratch for at least {@code N} entries
     * @param outVal output of length {@code >= k}: the top {@code k}, descending
     * @param outIdx output of length {@code >= k}: their indices
     */
    public static void select(double[] values, int n, int k, Scratch scratch, double[] outVal, int[] outIdx) {
        select(values, n, k, Double.NaN, Double.NaN, scratch, outVal, outIdx);
    }

    /**
     * As {@link #select(double[], int, int, Scratch, double[], int[])}, starting from a guessed threshold and, if
     * that one leaves fewer than {@code k} entries above it, a second, lower one. Any {@code t} with at least
     * {@code k} entries {@code >= t} bounds the tail from below, so a guess is checked by counting and, if too high,
     * replaced by the next guess and then by the always-valid block-maximum bound; the result never depends on the
     * guesses, only the speed does.
     *
     * @param values the vector, finite
     * @param n its length {@code N >= 1}
     * @param k tail size, {@code 1 <= k <= N}
     * @param guess a guessed lower bound of the k-th largest value (e.g. from the vector's mean and deviation), or NaN
     * @param retryGuess a lower guess, tried when {@code guess} leaves fewer than {@code k} above it, or NaN
     * @param scratch scratch for at least {@code N} entries
     * @param outVal output: the top {@code k}, descending
     * @param outIdx output: their indices
     */
    public static void select(
            double[] values,
            int n,
            int k,
            double guess,
            double retryGuess,
            Scratch scratch,
            double[] outVal,
            int[] outIdx) {
        select(values, n, k, guess, retryGuess, scratch, outVal, outIdx, VECTOR);
    }

    /**
     * As {@link #select(double[], int, int, double, double, Scratch, double[], int[])}, choosing the code: the tests
     * run both and compare them.
     *
     * @param vector whether to filter and order with {@link VectorSelection} (the module must be present)
     */
    static void select(
            double[] values,
            int n,
            int k,
            double guess,
            double retryGuess,
            Scratch scratch,
            double[] outVal,
            int[] outIdx,
            boolean vector) {
        if (k < 1 || k > n) {
            throw new IllegalArgumentException("k must be in [1, " + n + "], got: " + k);
        }
        if (n > scratch.capacity) {
            throw new IllegalArgumentException(
                    "the scratch holds " + scratch.capacity + " entries, the vector has: " + n);
        }
        double[] candVal = scratch.candVal;
        int[] candIdx = scratch.candIdx;
        int c = -1;
        if (!Double.isNaN(guess)) {
            c = filter(values, n, guess, candVal, candIdx, vector);
        }
        if (c < k && retryGuess < guess) {
            c = filter(values, n, retryGuess, candVal, candIdx, vector);
        }
        if (c < k) {
            c = filter(values, n, blockThreshold(values, n, k), candVal, candIdx, vector);
        }
        if (c <= 8 * k + 32) {
            // both orderings give the insertion buffer's result, equal values in scenario order
            if (!(vector
                    && c <= VECTOR_MAX_CANDIDATES
                    && VectorSelection.top(
                            candVal, candIdx, c, k, scratch.rank, scratch.slotVal, scratch.slotIdx, outVal, outIdx))) {
                insertionTop(candVal, candIdx, c, k, outVal, outIdx);
            }
        } else {
            quickSelectTop(candVal, candIdx, c, k);
            System.arraycopy(candVal, 0, outVal, 0, k);
            System.arraycopy(candIdx, 0, outIdx, 0, k);
            sortDescending(outVal, outIdx, k);
        }
    }

    /** The smallest of the maxima of k consecutive blocks: k distinct entries are >= it. */
    private static double blockThreshold(double[] values, int n, int k) {
        int block = n / k;
        double thr = Double.POSITIVE_INFINITY;
        for (int b = 0; b < k; b++) {
            int start = b * block;
            int end = b == k - 1 ? n : start + block;
            double m0 = values[start];
            double m1 = m0;
            int s = start + 1;
            for (; s + 1 < end; s += 2) {
                double v0 = values[s];
                double v1 = values[s + 1];
                m0 = v0 > m0 ? v0 : m0;
                m1 = v1 > m1 ? v1 : m1;
            }
            if (s < end) {
                double v0 = values[s];
                m0 = v0 > m0 ? v0 : m0;
            }
            double m = m0 > m1 ? m0 : m1;
            thr = m < thr ? m : thr;
        }
        return thr;
    }

    /** Copies the entries >= thr (and their indices) to the front of the scratch; returns how many. */
    private static int filter(double[] values, int n, double thr, double[] candVal, int[] candIdx, boolean vector) {
        if (vector) {
            return VectorSelection.filter(values, n, thr, candVal, candIdx);
        }
        return filterFrom(values, 0, n, thr, candVal, candIdx, 0);
    }

    /**
     * Appends the entries >= thr of {@code values[from..n)} (and their indices) to the {@code c} candidates already at
     * the front of the scratch; returns how many there are then. The vector filter's tail past its last whole vector.
     */
    static int filterFrom(double[] values, int from, int n, double thr, double[] candVal, int[] candIdx, int c) {
        for (int s = from; s < n; s++) {
            double v = values[s];
            if (v >= thr) {
                candVal[c] = v;
                candIdx[c] = s;
                c++;
            }
        }
        return c;
    }

    private static void insertionTop(double[] v, int[] ix, int c, int k, double[] out, int[] outIdx) {
        int filled = 0;
        for (int i = 0; i < c; i++) {
            double x = v[i];
            if (filled == k) {
                if (!(x > out[k - 1])) {
                    continue;
                }
                filled--;
            }
            int j = filled;
            while (j > 0 && out[j - 1] < x) {
                out[j] = out[j - 1];
                outIdx[j] = outIdx[j - 1];
                j--;
            }
            out[j] = x;
            outIdx[j] = ix[i];
            filled++;
        }
    }

    /** Moves the k largest of v[0..c) to v[0..k) (unordered), carrying indices. Expected O(c). */
    private static void quickSelectTop(double[] v, int[] ix, int c, int k) {
        int lo = 0;
        int hi = c - 1;
        int target = k - 1;
        while (hi > lo) {
            int mid = (lo + hi) >>> 1;
            double a = v[lo];
            double b = v[mid];
            double d = v[hi];
            double pivot = a > b ? (b > d ? b : Math.min(a, d)) : (a > d ? a : Math.min(b, d));
            // three-way partition, descending: [lo, lt) > pivot, [lt, gt] == pivot, (gt, hi] < pivot
            int lt = lo;
            int gt = hi;
            int i = lo;
            while (i <= gt) {
                double x = v[i];
                if (x > pivot) {
                    swap(v, ix, lt++, i++);
                } else if (x < pivot) {
                    swap(v, ix, i, gt--);
                } else {
                    i++;
                }
            }
            if (target < lt) {
                hi = lt - 1;
            } else if (target > gt) {
                lo = gt + 1;
            } else {
                return;
            }
        }
    }

    private static void swap(double[] v, int[] ix, int a, int b) {
        double t = v[a];
        v[a] = v[b];
        v[b] = t;
        int u = ix[a];
        ix[a] = ix[b];
        ix[b] = u;
    }

    /** Heapsort of v[0..k) into descending order, carrying indices; O(k log k), no allocation. */
    private static void sortDescending(double[] v, int[] ix, int k) {
        // build a min-heap; repeatedly move the minimum to the end -> descending order
        for (int i = k / 2 - 1; i >= 0; i--) {
            siftDown(v, ix, i, k);
        }
        for (int end = k - 1; end > 0; end--) {
            swap(v, ix, 0, end);
            siftDown(v, ix, 0, end);
        }
    }

    private static void siftDown(double[] v, int[] ix, int i, int size) {
        while (true) {
            int l = 2 * i + 1;
            if (l >= size) {
                return;
            }
            int r = l + 1;
            int m = r < size && v[r] < v[l] ? r : l;
            if (v[m] < v[i]) {
                swap(v, ix, m, i);
                i = m;
            } else {
                return;
            }
        }
    }
}
