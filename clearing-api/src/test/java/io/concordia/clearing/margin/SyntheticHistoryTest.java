package io.concordia.clearing.margin;

import static org.assertj.core.api.Assertions.assertThat;

import io.concordia.margin.replication.PriceHistoryCsv;
import io.concordia.margin.scenario.FhsParameters;
import io.concordia.margin.scenario.HistoryChecks;
import io.concordia.margin.scenario.HistoryValidation;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The embedded demo's SYNTHETIC history passes every input check of model 1.1, whatever underlyings are listed. */
class SyntheticHistoryTest {

    @Test
    void shouldPassTheInputChecksForTheBaseAndForRandomListings() {
        SplittableRandom rnd = new SplittableRandom(7);
        List<List<String>> listings = new ArrayList<>();
        listings.add(ScenarioSetService.SYNTHETIC_BASE);
        // a listing whose drawn history once held a ten-deviation jump that reversed: a bad print to the checks
        listings.add(List.of("BTC", "ETH", "SOL", "PC11IAV2270"));
        for (int i = 0; i < 400; i++) {
            List<String> codes = new ArrayList<>(ScenarioSetService.SYNTHETIC_BASE);
            for (int k = 0; k < 1 + rnd.nextInt(4); k++) {
                StringBuilder code = new StringBuilder();
                for (int c = 0; c < 2 + rnd.nextInt(11); c++) {
                    code.append("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".charAt(rnd.nextInt(36)));
                }
                if (!codes.contains(code.toString())) {
                    codes.add(code.toString());
                }
            }
            listings.add(codes);
        }
        for (List<String> codes : listings) {
            String csv = SyntheticHistory.csv(
                    codes,
                    LocalDate.of(2026, 12, 4),
                    ScenarioSetService.SYNTHETIC_DAYS,
                    ScenarioSetService.SYNTHETIC_SEED);

            HistoryValidation v = PriceHistoryCsv.read(csv, FhsParameters.DEFAULT, HistoryChecks.DEFAULT);

            assertThat(v.problems()).as("%s", codes).isEmpty();
            assertThat(v.history().history().dates()).hasSize(ScenarioSetService.SYNTHETIC_DAYS);
            // the shape the tests upload: 300 closes, another seed
            String upload = SyntheticHistory.csv(codes, LocalDate.of(2026, 11, 1), 300, 7);
            assertThat(PriceHistoryCsv.read(upload, FhsParameters.DEFAULT, HistoryChecks.DEFAULT)
                            .problems())
                    .as("%s uploaded", codes)
                    .isEmpty();
        }
    }
}
