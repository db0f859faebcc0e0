package io.concordia.margin.option;

/**
 * The standard normal distribution function {@code N(x)} and density {@code phi(x)}, accurate to 1e-14 absolute
 * (docs/margin-model.md §8.3). The JDK has no {@code erfc}, so this carries W. J. Cody's rational Chebyshev
 * approximations ("Rational Chebyshev approximations for the error function", Math. Comp. 23, 1969; the
 * {@code CALERF} routine of SPECFUN, ACM TOMS 715), which approximate {@code erfc} to about 18 significant digits
 * before rounding to double. {@code N(x) = erfc(-x / sqrt 2) / 2} keeps full relative accuracy in the lower tail
 * instead of cancelling in {@code 1 - N(-x)}.
 */
public final class NormalDistribution {

    private static final double SQRT_HALF = 0.70710678118654752440;
    private static final double INV_SQRT_2PI = 0.39894228040143267794;
    private static final double INV_SQRT_PI = 0.56418958354775628695;
    private static final double THRESHOLD = 0.46875;
    /** Below this |x|, x^2 is negligible against 1 in the first interval. */
    private static final double X_SMALL = 1.11e-16;
    /** erfc(x) underflows to 0 for x at or above this. */
    private static final double X_BIG = 26.543;

    private static final double[] A = {
        3.16112374387056560e00,
        1.13864154151050156e02,
        3.77485237685302021e02,
        3.20937758913846947e03,
        1.85777706184603153e-1
    };
    private static final double[] B = {
        2.36012909523441209e01, 2.44024637934444173e02, 1.28261652607737228e03, 2.84423683343917062e03
    };
    private static final double[] C = {
        5.64188496988670089e-1,
        8.88314979438837594e00,
        6.61191906371416295e01,
        2.98635138197400131e02,
        8.81952221241769090e02,
        1.71204761263407058e03,
        2.05107837782607147e03,
        1.23033935479799725e03,
        2.15311535474403846e-8
    };
    private static final double[] D = {
        1.57449261107098347e01,
        1.17693950891312499e02,
        5.37181101862009858e02,
        1.62138957456669019e03,
        3.29079923573345963e03,
        4.36261909014324716e03,
        3.43936767414372164e03,
        1.23033935480374942e03
    };
    private static final double[] P = {
        3.05326634961232344e-1,
        3.60344899949804439e-1,
        1.25781726111229246e-1,
        1.60837851487422766e-2,
        6.58749161529837803e-4,
        1.63153871373020978e-2
    };
    private static final double[] Q = {
        2.56852019228982242e00,
        1.87295284992346047e00,
        5.27905102951428412e-1,
        6.05183413124413191e-2,
        2.33520497626869185e-3
    };

    private NormalDistribution() {}

    /**
     * The standard normal distribution function.
     *
     * @param x any double; NaN gives NaN
     * @return {@code N(x) = P(Z <= x)}, in [0, 1]
     */
    public static double cdf(double x) {
        return 0.5 * erfc(-x * SQRT_HALF);
    }

    /**
     * The standard normal density.
     *
     * @param x any double
     * @return {@code phi(x) = exp(-x^2 / 2) / sqrt(2 pi)}
     */
    public static double pdf(double x) {
        return INV_SQRT_2PI * Math.exp(-0.5 * x * x);
    }

    /**
     * The complementary error function, by Cody's three rational approximations ({@code |x| <= 0.46875},
     * {@code <= 4}, {@code > 4}); {@code exp(-x^2)} is evaluated as {@code exp(-xs^2) exp(-(x - xs)(x + xs))} with
     * {@code xs} {@code x} truncated to a sixteenth, so that squaring {@code x} loses no accuracy in the tail.
     *
     * @param x any double; NaN gives NaN
     * @return {@code erfc(x) = 1 - erf(x)}, in [0, 2]
     */
    public static double erfc(double x) {
        if (Double.isNaN(x)) {
            return Double.NaN;
        }
        double y = Math.abs(x);
        if (y <= THRESHOLD) {
            return nearZero(x, y);
        }
        double result;
        if (y <= 4.0) {
            result = gaussianTail(y, middleFactor(y));
        } else if (y >= X_BIG) {
            result = 0.0;
        } else {
            result = gaussianTail(y, farFactor(y));
        }
        return x < 0 ? 2.0 - result : result;
    }

    /**
     * {@code N(x)} given {@code g = exp(-x^2 / 2)}, for callers that already hold that factor: Black-76 over many
     * scenarios gets the factor of {@code d2} from that of {@code d1} without a second {@code exp}
     * ({@link Black76#values}). The same rational approximations as {@link #cdf}; only {@code exp} is evaluated
     * differently, to the same accuracy.
     *
     * @param x the argument, not NaN
     * @param gaussian {@code exp(-x^2 / 2)}; read only when {@code |x| / sqrt 2} is in (0.46875, 26.543)
     * @return {@code N(x)}
     */
    static double cdfWithGaussian(double x, double gaussian) {
        double z = -x * SQRT_HALF;
        double y = Math.abs(z);
        if (y <= THRESHOLD) {
            return 0.5 * nearZero(z, y);
        }
        double half;
        if (y <= 4.0) {
            half = 0.5 * gaussian * middleFactor(y);
        } else if (y >= X_BIG) {
            half = 0.0;
        } else {
            half = 0.5 * gaussian * farFactor(y);
        }
        return z < 0 ? 1.0 - half : half;
    }

    /**
     * {@code exp(-x^2 / 2)} in one {@code exp}: the rounding error of {@code y^2} ({@code y = x / sqrt 2}), which
     * {@code exp} would amplify by {@code y^2} in the tail, is recovered exactly by a fused multiply-add and applied
     * to first order (it is below 1e-13, so the second order is below 1e-26). Same role as the split of
     * {@link #erfc}, one {@code exp} instead of two.
     *
     * @param x any double
     * @return {@code exp(-x^2 / 2)}
     */
    static double gaussian(double x) {
        double y = x * SQRT_HALF;
        double square = y * y;
        double error = Math.fma(y, y, -square);
        return Math.exp(-square) * (1.0 - error);
    }

    /** {@code erfc(x)} for {@code |x| = y <= 0.46875}. */
    private static double nearZero(double x, double y) {
        double ysq = y > X_SMALL ? y * y : 0.0;
        double num = A[4] * ysq;
        double den = ysq;
        for (int i = 0; i < 3; i++) {
            num = (num + A[i]) * ysq;
            den = (den + B[i]) * ysq;
        }
        return 1.0 - x * (num + A[3]) / (den + B[3]);
    }

    /** For {@code 0.46875 < y <= 4}, {@code erfc(y) = exp(-y^2) * middleFactor(y)}. */
    private static double middleFactor(double y) {
        double num = C[8] * y;
        double den = y;
        for (int i = 0; i < 7; i++) {
            num = (num + C[i]) * y;
            den = (den + D[i]) * y;
        }
        return (num + C[7]) / (den + D[7]);
    }

    /** For {@code 4 < y < 26.543}, {@code erfc(y) = exp(-y^2) * farFactor(y)}. */
    private static double farFactor(double y) {
        double ysq = 1.0 / (y * y);
        double num = P[5] * ysq;
        double den = ysq;
        for (int i = 0; i < 4; i++) {
            num = (num + P[i]) * ysq;
            den = (den + Q[i]) * ysq;
        }
        double r = ysq * (num + P[4]) / (den + Q[4]);
        return (INV_SQRT_PI - r) / y;
    }

    /** {@code exp(-y^2) * factor}, with {@code y^2} split so that its rounding error is not amplified. */
    private static double gaussianTail(double y, double factor) {
        double ys = Math.floor(y * 16.0) / 16.0;
        double del = (y - ys) * (y + ys);
        return Math.exp(-ys * ys) * Math.exp(-del) * factor;
    }
}
