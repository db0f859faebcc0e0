package io.concordia.clearing.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.concordia.clearing.common.ProblemCode;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The catalogue of problem codes in docs/contracts.md is the enum the service answers with, row for row. */
class ProblemCodeCatalogueTest {

    private static final Pattern ROW =
            Pattern.compile("^\\| `([A-Z0-9_]+)` \\| (\\d{3}) \\| (.+) \\|$", Pattern.MULTILINE);

    @Test
    void shouldListEveryProblemCodeWithItsStatusAndMeaning() throws IOException {
        String contracts =
                Files.readString(DocumentationLinksTest.repositoryRoot().resolve("docs/contracts.md"));
        String catalogue =
                contracts.substring(contracts.indexOf("## Problem codes"), contracts.indexOf("## Kafka topics"));
        List<String> documented = ROW.matcher(catalogue)
                .results()
                .map(m -> m.group(1) + " " + m.group(2) + " " + m.group(3))
                .toList();
        List<String> answered = Arrays.stream(ProblemCode.values())
                .map(c -> c.name() + " " + c.status() + " " + c.meaning())
                .toList();
        assertThat(documented)
                .as("docs/contracts.md, section Problem codes")
                .isNotEmpty()
                .containsExactlyElementsOf(answered);
    }

    @Test
    void shouldGiveEveryCodeAStatusAProblemCanHave() {
        for (ProblemCode code : ProblemCode.values()) {
            assertThat(code.status()).as(code.name()).isBetween(400, 599);
            assertThat(code.meaning()).as(code.name()).isNotBlank().doesNotEndWith(".");
        }
    }

    @Test
    void shouldNameEveryDocumentedCodeInTheRestSectionsFromTheCatalogue() throws IOException {
        String contracts =
                Files.readString(DocumentationLinksTest.repositoryRoot().resolve("docs/contracts.md"));
        String rest = contracts.substring(0, contracts.indexOf("## Problem codes"));
        Matcher cited = Pattern.compile("`(\\d{3}) ([A-Z][A-Z0-9_]+)`").matcher(rest);
        while (cited.find()) {
            ProblemCode code = ProblemCode.valueOf(cited.group(2));
            assertThat(code.status())
                    .as("docs/contracts.md cites %s %s", cited.group(1), cited.group(2))
                    .isEqualTo(Integer.parseInt(cited.group(1)));
        }
    }
}
