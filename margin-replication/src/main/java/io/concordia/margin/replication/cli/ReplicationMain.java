package io.concordia.margin.replication.cli;

import io.concordia.margin.calc.AccountMargin;
import io.concordia.margin.calc.MarginCalculator;
import io.concordia.margin.calc.MarginContext;
import io.concordia.margin.calc.PortfolioEvaluator;
import io.concordia.margin.replication.ReplicationCodec;
import io.concordia.margin.replication.ReplicationRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;

/**
 * The replication command line (docs/margin-model.md §6): reads one JSON request from the file
 * named by the first argument, or from standard input when there is none, margins it, and prints the JSON result
 * on standard output. With {@code build-scenarios} as its first argument it builds a scenario set from daily
 * closes instead ({@link BuildScenariosCommand}).
 *
 * <p>Exit codes: 0 success; 1 the input could not be read; 2 the request is malformed or invalid (the reason, with
 * its JSON path, goes to standard error); 3 an unexpected internal failure; 64 wrong usage.
 *
 * <pre>{@code java -jar margin-replication/target/margin-replication-1.0.0-SNAPSHOT.jar margin-replication/examples/spec-example.json}</pre>
 */
public final class ReplicationMain {

    /** Exit code: success. */
    public static final int OK = 0;
    /** Exit code: the input could not be read. */
    public static final int IO_ERROR = 1;
    /** Exit code: the request is malformed or invalid. */
    public static final int BAD_REQUEST = 2;
    /** Exit code: an unexpected failure inside the engine (a bug; please report the request). */
    public static final int INTERNAL_ERROR = 3;
    /** Exit code: wrong usage. */
    public static final int USAGE = 64;

    private ReplicationMain() {}

    /**
     * Runs the command line and exits with its code.
     *
     * @param args optional path of the request file
     */
    public static void main(String[] args) {
        int code = run(args, System.in, System.out, System.err);
        System.out.flush();
        if (code != OK) {
            System.exit(code);
        }
    }

    /**
     * Runs the command line against the given streams (used by {@link #main} and by tests).
     *
     * @param args optional path of the request file
     * @param stdin where to read the request when no file is named
     * @param stdout receives the JSON result
     * @param stderr receives error messages
     * @return the exit code
     */
    public static int run(String[] args, InputStream stdin, PrintStream stdout, PrintStream stderr) {
        if (args.length >= 1 && args[0].equals(BuildScenariosCommand.NAME)) {
            return BuildScenariosCommand.run(java.util.Arrays.copyOfRange(args, 1, args.length), stdin, stdout, stderr);
        }
        if (args.length > 1 || (args.length == 1 && (args[0].equals("-h") || args[0].equals("--help")))) {
            stderr.println(
                    "usage: java -jar margin-replication.jar [request.json]   (reads standard input when no file is given)");
            stderr.println(BuildScenariosCommand.USAGE);
            return USAGE;
        }
        String text;
        try {
            text = args.length == 1 && !args[0].equals("-")
                    ? Files.readString(Path.of(args[0]), StandardCharsets.UTF_8)
                    : new String(stdin.readAllBytes(), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            stderr.println("error: request file not found: " + args[0]);
            return IO_ERROR;
        } catch (IOException | RuntimeException e) {
            stderr.println("error: cannot read the request: " + e.getMessage());
            return IO_ERROR;
        }
        try {
            ReplicationRequest req = ReplicationCodec.DEFAULT.readRequest(text);
            // like the service: a portfolio the inputs cannot price is margined at its full notional (§5), not refused;
            // the warning keeps a misspelt underlying from passing unnoticed
            MarginContext ctx = MarginContext.of(req.schedule(), req.scenarios(), req.stress());
            Set<String> uncovered = new TreeSet<>();
            req.account().positions().forEach(p -> {
                if (!ctx.covers(p.underlying())) {
                    uncovered.add(p.underlying().code());
                }
            });
            if (!uncovered.isEmpty()) {
                stderr.println("warning: the schedule or the scenario set cannot price " + uncovered
                        + ": the portfolios holding them are margined at their full notional");
            }
            AccountMargin result =
                    MarginCalculator.DEFAULT.marginOrFullNotional(req.account(), new PortfolioEvaluator(ctx));
            stdout.println(ReplicationCodec.DEFAULT.writeResult(result));
            return OK;
        } catch (IllegalArgumentException e) {
            stderr.println("error: invalid request: " + e.getMessage());
            return BAD_REQUEST;
        } catch (RuntimeException e) {
            stderr.println("error: internal error while margining the request: " + e);
            return INTERNAL_ERROR;
        }
    }
}
