package io.concordia.margin.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.concordia.margin.model.UnderlyingId;
import io.concordia.margin.replication.PriceHistoryCsv;
import io.concordia.margin.scenario.HistoryProblem.Code;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The input checks of docs/margin-model.md ("Building a scenario set"), version 1.1: one row of the table per refusal. */
class PriceHistoryChecksTest {

    /** 2026-01-05 is a Monday. */
    private static final LocalDate START = LocalDate.of(2026, 1, 5);

    private static final int DAYS = 300;

    /** Rows of BTC then ETH, DAYS calendar days each: BTC day d is on line d + 2, ETH day d on line DAYS + d + 2. */
    private static List<String> rows() {
        List<String> rows = new ArrayList<>();
        SplittableRandom rnd = new SplittableRandom(11);
        for (String u : List.of("BTC", "ETH")) {
            double price = u.equals("BTC") ? 64000 : 3200;
            for (int d = 0; d < DAYS; d++) {
                if (d > 0) {
                    price *= Math.exp(0.02 * (rnd.nextDouble() * 2 - 1));
                }
                rows.add(START.plusDays(d) + "," + u + "," + decimal(price));
            }
        }
        return rows;
    }

    private static String decimal(double price) {
        return new BigDecimal(price).setScale(4, RoundingMode.HALF_EVEN).toPlainString();
    }

    private static int btcLine(int day) {
        return day + 2;
    }

    private static String csv(List<String> rows) {
        return "date,underlying,close\n" + String.join("\n", rows) + "\n";
    }

    private static String close(List<String> rows, int index) {
        return rows.get(index).split(",")[2];
    }

    private static UnaryOperator<List<String>> setClose(int day, String close) {
        return rows -> {
            rows.set(day, START.plusDays(day) + ",BTC," + close);
            return rows;
        };
    }

    private static HistoryValidation read(String csv, HistoryChecks checks) {
        return PriceHistoryCsv.read(csv, FhsParameters.DEFAULT, checks);
    }

    static Stream<Arguments> refusals() {
        LocalDate day10 = START.plusDays(10);
        HistoryChecks weekdays = new HistoryChecks(TradingCalendar.WEEKDAYS, 200, new TreeSet<>());
        return Stream.of(
                Arguments.of(
                        "an exponent",
                        setClose(10, "1e3"),
                        HistoryChecks.DEFAULT,
                        Code.INVALID_CLOSE,
                        "BTC",
                        day10,
                        btcLine(10)),
                Arguments.of(
                        "a Java double suffix",
                        setClose(10, "101d"),
                        HistoryChecks.DEFAULT,
                        Code.INVALID_CLOSE,
                        "BTC",
                        day10,
                        btcLine(10)),
                Arguments.of(
                        "hexadecimal",
                        setClose(10, "0x1p3"),
                        HistoryChecks.DEFAULT,
                        Code.INVALID_CLOSE,
                        "BTC",
                        day10,
                        btcLine(10)),
                Arguments.of(
                        "NaN",
                        setClose(10, "NaN"),
                        HistoryChecks.DEFAULT,
                        Code.INVALID_CLOSE,
                        "BTC",
                        day10,
                        btcLine(10)),
                Arguments.of(
                        "infinity",
                        setClose(10, "Infinity"),
                        HistoryChecks.DEFAULT,
                        Code.INVALID_CLOSE,
                        "BTC",
                        day10,
                        btcLine(10)),
                Arguments.of(
                        "a plus sign",
                        setClose(10, "+64000"),
                        HistoryChecks.DEFAULT,
                        Code.INVALID_CLOSE,
                        "BTC",
                        day10,
                        btcLine(10)),
                Arguments.of(
                        "1e-300 written out",
                        setClose(10, "0." + "0".repeat(299) + "1"),
                        HistoryChecks.DEFAULT,
                        Code.INVALID_CLOSE,
                        "BTC",
                        day10,
                        btcLine(10)),
                Arguments.of(
                        "an empty close",
                        setClose(10, ""),
                        HistoryChecks.DEFAULT,
                        Code.INVALID_CLOSE,
                        "BTC",
                        day10,
                        btcLine(10)),
                Arguments.of(
                        "zero",
                        setClose(10, "0.000"),
                        HistoryChecks.DEFAULT,
                        Code.NON_POSITIVE_CLOSE,
                        "BTC",
                        day10,
                        btcLine(10)),
                Arguments.of(
                        "a negative close",
                        setClose(10, "-64000"),
                        HistoryChecks.DEFAULT,
                        Code.NON_POSITIVE_CLOSE,
                        "BTC",
                        day10,
                        btcLine(10)),
                Arguments.of(
                        "a lower-case code",
                        (UnaryOperator<List<String>>) rows -> {
                            rows.set(10, rows.get(10).replace("BTC", "btc"));
                            return rows;
                        },
                        HistoryChecks.DEFAULT,
                        Code.INVALID_UNDERLYING,
                        "btc",
                        day10,
                        btcLine(10)),
                Arguments.of(
                        "a one-letter code",
                        (UnaryOperator<List<String>>) rows -> {
                            rows.set(10, rows.get(10).replace("BTC", "B"));
                            return rows;
                        },
                        HistoryChecks.DEFAULT,
                        Code.INVALID_UNDERLYING,
                        "B",
                        day10,
                        btcLine(10)),
                Arguments.of(
                        "a code with a dot",
                        (UnaryOperator<List<String>>) rows -> {
                            rows.set(10, rows.get(10).replace("BTC", "BT.C"));
                            return rows;
                        },
                        HistoryChecks.DEFAULT,
                        Code.INVALID_UNDERLYING,
                        "BT.C",
                        day10,
                        btcLine(10)),
                Arguments.of(
                        "a bad date",
                        (UnaryOperator<List<String>>) rows -> {
                            rows.set(10, rows.get(10).replace(day10.toString(), "2026-13-01"));
                            return rows;
                        },
                        HistoryChecks.DEFAULT,
                        Code.INVALID_DATE,
                        "BTC",
                        null,
                        btcLine(10)),
                Arguments.of(
                        "four fields",
                        (UnaryOperator<List<String>>) rows -> {
                            rows.set(10, rows.get(10) + ",x");
                            return rows;
                        },
                        HistoryChecks.DEFAULT,
                        Code.MALFORMED_ROW,
                        null,
                        null,
                        btcLine(10)),
                Arguments.of(
                        "a duplicate",
                        (UnaryOperator<List<String>>) rows -> {
                            rows.add(rows.get(10));
                            return rows;
                        },
                        HistoryChecks.DEFAULT,
                        Code.DUPLICATE_CLOSE,
                        "BTC",
                        day10,
                        2 * DAYS + 2),
                Arguments.of(
                        "a gap",
                        (UnaryOperator<List<String>>) rows -> {
                            rows.remove(10);
                            return rows;
                        },
                        HistoryChecks.DEFAULT,
                        Code.GAP,
                        "BTC",
                        day10,
                        btcLine(10)),
                Arguments.of(
                        "a weekend close on WEEKDAYS",
                        (UnaryOperator<List<String>>) rows -> weekdaysOnly(rows, 5),
                        weekdays,
                        Code.OFF_CALENDAR,
                        "BTC",
                        START.plusDays(5),
                        7),
                Arguments.of(
                        "an underlying ending early",
                        (UnaryOperator<List<String>>) rows -> {
                            rows.remove(DAYS - 1);
                            return rows;
                        },
                        HistoryChecks.DEFAULT,
                        Code.MISALIGNED,
                        "BTC",
                        START.plusDays(DAYS - 2),
                        btcLine(DAYS - 2)),
                Arguments.of(
                        "too few closes",
                        (UnaryOperator<List<String>>) rows -> {
                            List<String> btc = new ArrayList<>(rows.subList(0, 251));
                            return btc;
                        },
                        HistoryChecks.DEFAULT,
                        Code.TOO_SHORT,
                        "BTC",
                        START.plusDays(250),
                        btcLine(250)),
                Arguments.of(
                        "a close divided by 100 for a day",
                        (UnaryOperator<List<String>>) rows -> {
                            String c = close(rows, 150);
                            rows.set(
                                    150,
                                    START.plusDays(150) + ",BTC,"
                                            + new BigDecimal(c).movePointLeft(2).toPlainString());
                            return rows;
                        },
                        HistoryChecks.DEFAULT,
                        Code.SUSPECTED_BAD_PRINT,
                        "BTC",
                        START.plusDays(150),
                        btcLine(150)),
                Arguments.of(
                        "a move after a constant price",
                        (UnaryOperator<List<String>>) rows -> {
                            for (int d = 0; d < 40; d++) {
                                rows.set(d, START.plusDays(d) + ",BTC,64000");
                            }
                            return rows;
                        },
                        HistoryChecks.DEFAULT,
                        Code.ZERO_VARIANCE,
                        "BTC",
                        START.plusDays(40),
                        btcLine(40)));
    }

    /** Keeps every weekday, and the weekend day {@code keepWeekendDay} of BTC. */
    private static List<String> weekdaysOnly(List<String> rows, int keepWeekendDay) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            int day = i % DAYS;
            DayOfWeek dow = START.plusDays(day).getDayOfWeek();
            boolean weekend = dow == DayOfWeek.SATURDAY || dow == DayOfWeek.SUNDAY;
            if (!weekend || (i == keepWeekendDay)) {
                out.add(rows.get(i));
            }
        }
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    void shouldRefuseAndNameTheUnderlyingDateAndLine(
            String what,
            UnaryOperator<List<String>> mutation,
            HistoryChecks checks,
            Code code,
            String underlying,
            LocalDate date,
            Integer line) {
        List<String> rows = mutation.apply(rows());

        HistoryValidation v = read(csv(rows), checks);

        assertThat(v.valid()).isFalse();
        assertThat(v.history()).isNull();
        assertThat(v.problems())
                .extracting(
                        HistoryProblem::code, HistoryProblem::underlying, HistoryProblem::date, HistoryProblem::line)
                .contains(tuple(code, underlying, date, line));
        assertThat(v.problems()).allSatisfy(p -> assertThat(p.message()).isNotBlank());
    }

    @Test
    void shouldAcceptTheUntouchedHistory() {
        HistoryValidation v = read(csv(rows()), HistoryChecks.DEFAULT);

        assertThat(v.problems()).isEmpty();
        assertThat(v.history().history().underlyings()).containsExactly(UnderlyingId.of("BTC"), UnderlyingId.of("ETH"));
        assertThat(v.history().history().dates()).hasSize(DAYS);
    }

    @Test
    void shouldRefuseABadHeader() {
        HistoryValidation v = read("day,asset,price\n2026-01-05,BTC,1\n", HistoryChecks.DEFAULT);

        assertThat(v.problems())
                .extracting(HistoryProblem::code, HistoryProblem::line)
                .containsExactly(tuple(Code.BAD_HEADER, 1));
    }

    @Test
    void shouldRefuseThreeClosesInsteadOfBuildingAOneScenarioSet() {
        HistoryValidation v = read(
                "date,underlying,close\n2026-01-05,BTC,1\n2026-01-06,BTC,2\n2026-01-07,BTC,3\n", HistoryChecks.DEFAULT);

        assertThat(v.problems())
                .extracting(HistoryProblem::code, HistoryProblem::underlying, HistoryProblem::line)
                .containsExactly(tuple(Code.TOO_SHORT, "BTC", 4));
        assertThat(v.problems().get(0).message()).contains("fewer than minHistory = 252");
    }

    @Test
    void shouldRefuseAWindowLargerThanTheScenariosAvailable() {
        HistoryValidation v = PriceHistoryCsv.read(
                csv(rows()), FhsParameters.of(2, "0.97", "0.75", 3650, DAYS - 2), HistoryChecks.DEFAULT);

        assertThat(v.problems()).extracting(HistoryProblem::code).containsExactly(Code.TOO_SHORT);
        assertThat(v.problems().get(0).message()).contains("W = 298 is larger than the 297 scenarios");
    }

    @Test
    void shouldListEveryProblemAndEverySuspectNotJustTheFirst() {
        List<String> rows = rows();
        rows.set(
                100,
                START.plusDays(100) + ",BTC,"
                        + new BigDecimal(close(rows, 100)).movePointLeft(2).toPlainString());
        rows.set(
                200,
                START.plusDays(200) + ",BTC,"
                        + new BigDecimal(close(rows, 200)).movePointRight(2).toPlainString());
        rows.set(
                DAYS + 120,
                START.plusDays(120) + ",ETH,"
                        + new BigDecimal(close(rows, DAYS + 120))
                                .movePointLeft(2)
                                .toPlainString());
        rows.set(DAYS + 5, START.plusDays(5) + ",ETH,1e3");
        rows.set(DAYS + 6, START.plusDays(6) + ",ETH,101d");

        HistoryValidation v = read(csv(rows), HistoryChecks.DEFAULT);

        // ETH has unreadable closes, so its returns are not checked; BTC's two suspects are both listed
        assertThat(v.problems())
                .extracting(
                        HistoryProblem::code, HistoryProblem::underlying, HistoryProblem::date, HistoryProblem::line)
                .containsExactlyInAnyOrder(
                        tuple(Code.INVALID_CLOSE, "ETH", START.plusDays(5), DAYS + 7),
                        tuple(Code.INVALID_CLOSE, "ETH", START.plusDays(6), DAYS + 8),
                        tuple(Code.SUSPECTED_BAD_PRINT, "BTC", START.plusDays(100), btcLine(100)),
                        tuple(Code.SUSPECTED_BAD_PRINT, "BTC", START.plusDays(200), btcLine(200)));
        assertThatThrownBy(v::orThrow)
                .hasMessageContaining("4 problem(s)")
                .hasMessageContaining("line 102: BTC 2026-04-15 SUSPECTED_BAD_PRINT");
    }

    @Test
    void shouldAcceptASuspectNamedInAcceptSpikesAndStillRefuseTheOthers() {
        List<String> rows = rows();
        rows.set(
                100,
                START.plusDays(100) + ",BTC,"
                        + new BigDecimal(close(rows, 100)).movePointLeft(2).toPlainString());
        rows.set(
                200,
                START.plusDays(200) + ",BTC,"
                        + new BigDecimal(close(rows, 200)).movePointLeft(2).toPlainString());

        HistoryValidation one = read(
                csv(rows),
                HistoryChecks.of(null, null, List.of(START.plusDays(100).toString())));
        HistoryValidation both =
                read(csv(rows), HistoryChecks.of(null, null, List.of(START.plusDays(100) + "," + START.plusDays(200))));

        assertThat(one.problems()).extracting(HistoryProblem::date).containsExactly(START.plusDays(200));
        assertThat(both.valid()).isTrue();
        assertThat(both.history().history().closesOf(UnderlyingId.of("BTC"))[100])
                .isEqualTo(new BigDecimal(close(rows, 100)).doubleValue());
    }

    @Test
    void shouldNotSuspectARealCrashThatDoesNotReverse() {
        List<String> rows = rows();
        for (int d = 150; d < DAYS; d++) {
            rows.set(
                    d,
                    START.plusDays(d) + ",BTC,"
                            + new BigDecimal(close(rows, d)).movePointLeft(1).toPlainString());
        }

        assertThat(read(csv(rows), HistoryChecks.DEFAULT).problems()).isEmpty();
    }

    @Test
    void shouldAcceptAWeekdayOnlySeriesOnWeekdaysAndRefuseItAsGapsOnTheContinuousCalendar() {
        List<String> rows = weekdaysOnly(rows(), -1);
        // 300 calendar days hold 215 weekdays
        HistoryChecks weekdays = HistoryChecks.of("WEEKDAYS", 200, null);

        HistoryValidation onWeekdays = read(csv(rows), weekdays);
        HistoryValidation continuous = read(csv(rows), HistoryChecks.of("CONTINUOUS", 200, null));

        assertThat(onWeekdays.problems()).isEmpty();
        assertThat(onWeekdays.history().history().calendar()).isEqualTo(TradingCalendar.WEEKDAYS);
        assertThat(onWeekdays.history().history().dates())
                .allSatisfy(d -> assertThat(d.getDayOfWeek().getValue()).isLessThan(6));
        assertThat(continuous.problems()).extracting(HistoryProblem::code).containsOnly(Code.GAP);
        assertThat(continuous.problems().get(0).message())
                .contains("2 missing day(s) of the CONTINUOUS calendar between 2026-01-09 and 2026-01-12");
    }

    @Test
    void shouldHashTheClosesWhateverTheirOrderLineEndingsAndTrailingZeros() {
        List<String> rows = rows();
        String plain = read(csv(rows), HistoryChecks.DEFAULT).history().closesSha256();

        List<String> shuffled = new ArrayList<>(rows);
        Collections.shuffle(shuffled, new Random(3));
        List<String> padded = new ArrayList<>();
        for (String r : rows) {
            padded.add(r + (r.contains(".") ? "00" : ".000"));
        }
        List<String> changed = new ArrayList<>(rows);
        changed.set(
                7,
                START.plusDays(7) + ",BTC,"
                        + new BigDecimal(close(rows, 7))
                                .add(new BigDecimal("0.0001"))
                                .toPlainString());

        assertThat(plain).matches("[0-9a-f]{64}");
        assertThat(read(csv(shuffled), HistoryChecks.DEFAULT).history().closesSha256())
                .isEqualTo(plain);
        assertThat(read(csv(rows).replace("\n", "\r\n"), HistoryChecks.DEFAULT)
                        .history()
                        .closesSha256())
                .isEqualTo(plain);
        assertThat(read(csv(padded), HistoryChecks.DEFAULT).history().closesSha256())
                .isEqualTo(plain);
        assertThat(read(csv(changed), HistoryChecks.DEFAULT).history().closesSha256())
                .isNotEqualTo(plain);
    }

    @Test
    void shouldRefuseSettingsThatContradictTheParameters() {
        assertThatThrownBy(() -> HistoryChecks.of("HOURLY", null, null))
                .hasMessageContaining("calendar must be CONTINUOUS or WEEKDAYS, got: HOURLY");
        assertThatThrownBy(() -> HistoryChecks.of(null, null, List.of("12/03/2020")))
                .hasMessageContaining("acceptSpikes must list ISO dates");
        assertThatThrownBy(
                        () -> PriceHistoryCsv.read(csv(rows()), FhsParameters.DEFAULT, HistoryChecks.of(null, 3, null)))
                .hasMessageContaining("minHistory must be >= horizon + 2 = 4 closes");
    }
}
