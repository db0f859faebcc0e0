package io.concordia.margin.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.concordia.margin.model.ScenarioSet;
import io.concordia.margin.model.UnderlyingId;
import io.concordia.margin.replication.PriceHistoryCsv;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Version 1.1 of docs/margin-model.md "Building a scenario set": the {@code v[t-h]} filter and the floor look-back F. */
class ScenarioBuilderV11Test {

    private static final UnderlyingId BTC = UnderlyingId.of("BTC");
    private static final LocalDate START = LocalDate.of(2026, 1, 1);

    private static List<LocalDate> days(int n) {
        List<LocalDate> d = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            d.add(START.plusDays(i));
        }
        return d;
    }

    /** Closes 100, then daily log returns 0.1, -0.2, 0.05, 0.1: five closes, T = 4. */
    private static PriceHistory fiveCloses() {
        double[] p = {100, 100 * Math.exp(0.1), 100 * Math.exp(-0.1), 100 * Math.exp(-0.05), 100 * Math.exp(0.05)};
        return PriceHistory.of(days(5), Map.of(BTC, p));
    }

    @Test
    void shouldCarryTheModelVersionItImplements() {
        assertThat(ScenarioBuilder.DEFAULT.modelVersion())
                .isEqualTo(ModelVersion.V1_1)
                .isEqualTo(ModelVersion.CURRENT);
        assertThat(ScenarioBuilder.V1_0.modelVersion().label()).isEqualTo("1.0");
        assertThat(ScenarioBuilder.of(ModelVersion.of("1.0"))).isSameAs(ScenarioBuilder.V1_0);
        assertThat(ScenarioBuilder.of(ModelVersion.of("1.1"))).isSameAs(ScenarioBuilder.V1_1);
    }

    @Test
    void shouldFilterEachWindowByTheForecastKnownWhenItOpenedOnAHandComputedFiveCloseExample() {
        // h = 2, lambda = 0.9, phi = 0.75, F = 3650 (more than the 4 returns: all of them), all windows
        ScenarioSet set =
                ScenarioBuilder.V1_1.build("hand", fiveCloses(), FhsParameters.of(2, "0.9", "0.75", 3650, null));

        // step 1: y[1..4] = 0.1, -0.2, 0.05, 0.1; squares 0.01, 0.04, 0.0025, 0.01
        // step 2: v[1] = (0.01 + 0.04 + 0.0025 + 0.01) / 4           = 0.015625
        //         v[2] = 0.9 * 0.015625  + 0.1 * 0.04   = 0.0140625   + 0.004   = 0.0180625
        //         v[3] = 0.9 * 0.0180625 + 0.1 * 0.0025 = 0.01625625  + 0.00025 = 0.01650625
        //         v[4] = 0.9 * 0.01650625 + 0.1 * 0.01  = 0.014855625 + 0.001   = 0.015855625
        // step 3: vbar = mean(y[1..4]^2) = 0.015625; phi^2 vbar = 0.5625 * 0.015625 = 0.0087890625
        //         veff = max(v[4], phi^2 vbar) = max(0.015855625, 0.0087890625) = 0.015855625
        // step 4: t = h+1..T = 3, 4: x[3] = y[2] + y[3] = -0.2 + 0.05 = -0.15; x[4] = y[3] + y[4] = 0.05 + 0.1 = 0.15
        // step 5: xf[3] = x[3] sqrt(veff / v[1]) = -0.15 sqrt(0.015855625 / 0.015625)  = -0.15 sqrt(1.01476)
        //               = -0.15 * 1.0073529669385999 = -0.15110294504078997; R = exp(xf) - 1 = -0.1402408138411665
        //         xf[4] = x[4] sqrt(veff / v[2]) = 0.15 sqrt(0.015855625 / 0.0180625) = 0.15 sqrt(0.8778200692041525)
        //               = 0.15 * 0.9369205244865503 = 0.14053807867298254;  R = 0.1508929032049685
        assertThat(set.size()).isEqualTo(2);
        assertThat(set.row(0)[0]).isCloseTo(-0.1402408138411665, within(1e-13));
        assertThat(set.row(0)[1]).isCloseTo(0.1508929032049685, within(1e-13));

        // version 1.0 divided by v[t] instead, over t = h..T: the window ending on day 4 came out at
        // 0.15 sqrt(0.015855625 / 0.015855625) = 0.15, R = exp(0.15) - 1 = 0.1618342427282831
        ScenarioSet old =
                ScenarioBuilder.V1_0.build("hand", fiveCloses(), FhsParameters.of(2, "0.9", "0.75", 3650, null));
        assertThat(old.size()).isEqualTo(3);
        assertThat(old.row(0)[2]).isCloseTo(0.1618342427282831, within(1e-13));
    }

    @Test
    void shouldAverageTheFloorsLongRunVarianceOverTheLastFReturnsOnly() {
        // phi = 2 so that the floor binds; F = 2 averages y[3..4] only
        ScenarioSet lastTwo = ScenarioBuilder.V1_1.build("f2", fiveCloses(), FhsParameters.of(2, "0.9", "2", 2, null));
        ScenarioSet all = ScenarioBuilder.V1_1.build("f9", fiveCloses(), FhsParameters.of(2, "0.9", "2", 9, null));

        // F = 2: vbar = (0.0025 + 0.01) / 2 = 0.00625; phi^2 vbar = 4 * 0.00625 = 0.025 > v[4] = 0.015855625: veff =
        // 0.025
        //   xf[4] = 0.15 sqrt(0.025 / v[2]) = 0.15 sqrt(0.025 / 0.0180625) = 0.15 * 20/17 = 0.17647058823529413
        //   xf[3] = -0.15 sqrt(0.025 / v[1]) = -0.15 sqrt(1.6) = -0.18973665961010275
        assertThat(lastTwo.row(0)[1]).isCloseTo(Math.expm1(0.15 * 20.0 / 17.0), within(1e-13));
        assertThat(lastTwo.row(0)[1]).isCloseTo(0.19299933802776514, within(1e-13));
        assertThat(lastTwo.row(0)[0]).isCloseTo(-0.1728230656393112, within(1e-13));
        // F = 9 > T: all four returns, vbar = 0.015625, veff = 4 * 0.015625 = 0.0625
        //   xf[4] = 0.15 sqrt(0.0625 / 0.0180625) = 0.15 * 1.8601633295108...
        assertThat(all.row(0)[1]).isCloseTo(Math.expm1(0.15 * Math.sqrt(0.0625 / 0.0180625)), within(1e-13));
    }

    @Test
    void shouldNoLongerCapACrashLikeReturnAtFivePointEightStandardDeviations() {
        // 400 calm days alternating +-1% (v = 1e-4), a -25% day, then calm again; h = 1
        int n = 420;
        int crash = 400;
        double[] p = new double[n];
        p[0] = 100;
        for (int t = 1; t < n; t++) {
            p[t] = p[t - 1] * (t == crash ? 0.75 : Math.exp(t % 2 == 0 ? 0.01 : -0.01));
        }
        FhsParameters params = FhsParameters.of(1, "0.97", "0.75", 3650, null);
        PriceHistory history = PriceHistory.of(days(n), Map.of(BTC, p));

        ScenarioSet v11 = ScenarioBuilder.V1_1.build("crash", history, params);
        ScenarioSet v10 = ScenarioBuilder.V1_0.build("crash", history, params);

        // scenario of day t is index t - 2 in 1.1 (t = 2..T), t - 1 in 1.0 (t = 1..T); a calm day before the crash,
        // opened on a variance of exactly the calm 1e-4, moves by sqrt(veff): it is the unit of standard deviations
        double crashMove = Math.log(0.75);
        double sd11 = Math.abs(Math.log1p(v11.row(0)[crash - 2])) / Math.abs(Math.log1p(v11.row(0)[crash - 2 - 10]));
        double sd10 = Math.abs(Math.log1p(v10.row(0)[crash - 1])) / Math.abs(Math.log1p(v10.row(0)[crash - 1 - 10]));
        // 1.1: |ln 0.75| / sqrt(v[t-1]) = 0.2877 / 0.01 = 28.8 standard deviations
        assertThat(sd11).isCloseTo(Math.abs(crashMove) / 0.01, within(1e-6)).isGreaterThan(28);
        // 1.0: |ln 0.75| / sqrt(0.97e-4 + 0.03 * 0.2877^2) = 5.66, under the cap 1 / sqrt(1 - lambda) = 5.77
        assertThat(sd10).isLessThanOrEqualTo(1 / Math.sqrt(0.03)).isCloseTo(5.664, within(0.01));
    }

    @Test
    void shouldMatchANaiveReferenceOverRandomHistories() throws Exception {
        SplittableRandom rnd = new SplittableRandom(20261205L);
        for (int trial = 0; trial < 150; trial++) {
            int n = 8 + rnd.nextInt(400);
            int h = 1 + rnd.nextInt(Math.min(5, n - 3));
            String lambda = String.format(Locale.ROOT, "%.3f", 0.80 + rnd.nextDouble() * 0.19);
            String phi = String.format(Locale.ROOT, "%.2f", rnd.nextDouble() * 1.5);
            int floorLookback = 1 + rnd.nextInt(n + 20);
            int available = n - 1 - h;
            Integer window = rnd.nextBoolean() ? null : 1 + rnd.nextInt(available);
            FhsParameters params = FhsParameters.of(h, lambda, phi, floorLookback, window);
            List<String> codes = List.of("BTC", "ETH", "SOL").subList(0, 1 + rnd.nextInt(3));
            List<String> rows = new ArrayList<>();
            String[][] closes = new String[codes.size()][n];
            for (int u = 0; u < codes.size(); u++) {
                double price = 10 + rnd.nextDouble() * 1000;
                double vol = 0.005 + rnd.nextDouble() * 0.05;
                for (int t = 0; t < n; t++) {
                    if (t > 0) {
                        price *= Math.exp(vol * (rnd.nextDouble() * 2 - 1));
                    }
                    closes[u][t] = new BigDecimal(price)
                            .setScale(6, java.math.RoundingMode.HALF_EVEN)
                            .toPlainString();
                    rows.add(START.plusDays(t) + "," + codes.get(u) + "," + closes[u][t]);
                }
            }
            Collections.shuffle(rows, new java.util.Random(trial));
            String csv = "date,underlying,close\n" + String.join("\n", rows) + "\n";

            HistoryValidation validation = PriceHistoryCsv.read(
                    csv, params, new HistoryChecks(TradingCalendar.CONTINUOUS, h + 2, new TreeSet<>()));
            assertThat(validation.problems()).as("trial %d", trial).isEmpty();
            ScenarioSetBuild build = ScenarioBuilder.V1_1.build("p" + trial, validation.history(), params);

            int expectedN = window == null ? available : window;
            assertThat(build.set().size()).as("trial %d", trial).isEqualTo(expectedN);
            assertThat(build.firstDate()).isEqualTo(START.plusDays(n - expectedN));
            assertThat(build.lastDate()).isEqualTo(START.plusDays(n - 1));
            assertThat(build.closesFirstDate()).isEqualTo(START);
            assertThat(build.closesCount()).isEqualTo(n);
            assertThat(build.closesSha256()).isEqualTo(naiveHash(codes, closes));
            for (int u = 0; u < codes.size(); u++) {
                double[] p = new double[n];
                for (int t = 0; t < n; t++) {
                    p[t] = Double.parseDouble(closes[u][t]);
                }
                double[] expected =
                        naive(p, h, Double.parseDouble(lambda), Double.parseDouble(phi), floorLookback, expectedN);
                double[] actual = build.set().returnsOf(UnderlyingId.of(codes.get(u)));
                for (int s = 0; s < expectedN; s++) {
                    assertThat(actual[s])
                            .as("trial %d, %s, scenario %d", trial, codes.get(u), s)
                            .isCloseTo(expected[s], within(1e-12 + 1e-11 * Math.abs(expected[s])));
                }
            }
        }
    }

    /** Version 1.1's six steps, stated as plainly as possible with lists, for comparison. */
    private static double[] naive(double[] p, int h, double lambda, double phi, int floorLookback, int keep) {
        int tMax = p.length - 1;
        List<Double> y = new ArrayList<>();
        y.add(Double.NaN);
        for (int t = 1; t <= tMax; t++) {
            y.add(Math.log(p[t] / p[t - 1]));
        }
        List<Double> v = new ArrayList<>();
        v.add(Double.NaN);
        double seed = 0;
        for (int t = 1; t <= Math.min(30, tMax); t++) {
            seed += y.get(t) * y.get(t);
        }
        v.add(seed / Math.min(30, tMax));
        for (int t = 2; t <= tMax; t++) {
            v.add(lambda * v.get(t - 1) + (1 - lambda) * y.get(t) * y.get(t));
        }
        double sum = 0;
        int count = 0;
        for (int t = Math.max(1, tMax - floorLookback + 1); t <= tMax; t++) {
            sum += y.get(t) * y.get(t);
            count++;
        }
        double veff = Math.max(v.get(tMax), phi * phi * sum / count);
        List<Double> r = new ArrayList<>();
        for (int t = h + 1; t <= tMax; t++) {
            double x = Math.log(p[t] / p[t - h]);
            r.add(Math.exp(x * Math.sqrt(veff / v.get(t - h))) - 1);
        }
        double[] out = new double[keep];
        for (int i = 0; i < keep; i++) {
            out[i] = r.get(r.size() - keep + i);
        }
        return out;
    }

    /** The documented canonical form: header, then rows sorted by code and date, closes without trailing zeros. */
    private static String naiveHash(List<String> codes, String[][] closes) throws Exception {
        List<String> sorted = new ArrayList<>(codes);
        Collections.sort(sorted);
        StringBuilder sb = new StringBuilder("date,underlying,close\n");
        for (String code : sorted) {
            int u = codes.indexOf(code);
            for (int t = 0; t < closes[u].length; t++) {
                String c = closes[u][t].replaceAll("0+$", "").replaceAll("\\.$", "");
                sb.append(START.plusDays(t))
                        .append(',')
                        .append(code)
                        .append(',')
                        .append(c)
                        .append('\n');
            }
        }
        return HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256")
                        .digest(sb.toString().getBytes(StandardCharsets.UTF_8)));
    }
}
