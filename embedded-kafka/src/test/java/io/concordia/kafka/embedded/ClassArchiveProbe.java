package io.concordia.kafka.embedded;

/** The main class of the jar that {@link BrokerClassArchiveTest} archives: loads a few JDK classes and exits. */
public final class ClassArchiveProbe {

    private ClassArchiveProbe() {}

    public static void main(String[] args) {
        System.out.println(new java.util.concurrent.ConcurrentSkipListMap<String, String>());
    }
}
