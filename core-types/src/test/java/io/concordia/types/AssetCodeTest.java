package io.concordia.types;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** One definition of an asset code for margin-core and settlement: the database's. */
class AssetCodeTest {

    /** The asset table's CHECK constraint, read from the migration that creates it. */
    private static Pattern databaseRule() throws Exception {
        String sql = Files.readString(
                Path.of("../migrations/src/main/resources/db/migration/V0001__create_reference_data.sql"));
        Matcher m = Pattern.compile("CREATE TABLE asset \\((?s:.*?)code\\s+TEXT[^,]*CHECK \\(code ~ '\\^([^']*)\\$'\\)")
                .matcher(sql);
        assertThat(m.find()).as("the asset table's code CHECK").isTrue();
        return Pattern.compile(m.group(1));
    }

    @ParameterizedTest
    @ValueSource(strings = {"USD", "USDC", "USDT", "BTC", "ETH", "SOL", "XRP", "DOGE", "EUR", "A1", "ABCDEFGHIJKL"})
    void shouldAcceptTheCodesTheLibrariesAndTheServiceUse(String code) {
        assertThat(AssetCode.of(code).code()).isEqualTo(code);
        assertThat(AssetCode.of(code)).hasToString(code);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"", "U", "usdc", "Usdc", "USD.E", "USD/C", "USD-C", "USD_C", " USD", "USD ", "ABCDEFGHIJKLM"})
    void shouldRefuseWhatTheDatabaseWouldRefuse(String code) {
        assertThatThrownBy(() -> AssetCode.of(code))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("AssetCode code must match [A-Z0-9]{2,12}, got: " + code);
    }

    @Test
    void shouldRefuseNull() {
        assertThatThrownBy(() -> AssetCode.of(null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("got: null");
    }

    @Test
    void shouldAcceptExactlyTheCodesTheDatabaseAccepts() throws Exception {
        Pattern database = databaseRule();
        String alphabet = "ABCXYZ0189abcxyz.-_/ é";
        SplittableRandom rnd = new SplittableRandom(20261205L);
        int accepted = 0;
        for (int i = 0; i < 20_000; i++) {
            StringBuilder code = new StringBuilder();
            int length = rnd.nextInt(15);
            for (int j = 0; j < length; j++) {
                code.append(alphabet.charAt(rnd.nextInt(rnd.nextInt(4) == 0 ? alphabet.length() : 10)));
            }
            boolean stored = database.matcher(code).matches();
            boolean valid;
            try {
                AssetCode.of(code.toString());
                valid = true;
            } catch (IllegalArgumentException e) {
                valid = false;
            }
            assertThat(valid).as("\"%s\"", code).isEqualTo(stored);
            accepted += valid ? 1 : 0;
        }
        assertThat(accepted).as("the seeded codes must exercise both sides").isBetween(1_000, 19_000);
    }

    @Test
    void shouldOrderByCode() {
        assertThat(AssetCode.of("BTC")).isLessThan(AssetCode.of("USD"));
        assertThat(AssetCode.of("USD")).isEqualByComparingTo(AssetCode.of("USD"));
    }
}
