package io.concordia.faults;

/**
 * The fault harness's command: {@code java -jar fault-harness/target/fault-harness-1.0.0-SNAPSHOT.jar --duration 10m
 * --seed 7}. Exits 0 when every check found zero anomalies and every fault recovered, 1 otherwise. See README.md of
 * the module.
 */
public final class FaultHarnessMain {

    private FaultHarnessMain() {}

    public static void main(String[] args) throws Exception {
        // kafka-clients warns at every connection a lost broker refuses: the harness reports what matters itself
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "error");
        // zonky logs an error when it cannot stop a server the harness has already crashed on purpose
        System.setProperty("org.slf4j.simpleLogger.log.io.zonky", "off");
        HarnessOptions options;
        try {
            options = HarnessOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(
                    e.getMessage().isEmpty() ? HarnessOptions.USAGE : e.getMessage() + "\n" + HarnessOptions.USAGE);
            System.exit(2);
            return;
        }
        FaultHarness.Result result = FaultHarness.run(options);
        System.out.print(Report.of(result));
        System.exit(result.anomalies() == 0 ? 0 : 1);
    }
}
