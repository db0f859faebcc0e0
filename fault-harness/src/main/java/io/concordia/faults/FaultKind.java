package io.concordia.faults;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/** The faults the harness injects. */
enum FaultKind {
    /** SIGKILL of an application instance, then its restart. */
    APP_KILL,
    /** SIGSTOP of an instance for longer than its consumer session (it loses its partitions), then SIGCONT. */
    APP_PAUSE,
    /** Immediate stop of PostgreSQL while batches are in flight, then its restart (crash recovery). */
    DB_RESTART,
    /** SIGSTOP of every PostgreSQL process for seconds: a database that answers nothing, then carries on. */
    DB_SLOW,
    /** SIGKILL of the broker leading a trade partition, then its restart. */
    BROKER_KILL,
    /** The log directory of a broker fills up; the disk is freed and the broker restarted. */
    DISK_FULL;

    String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    static String names() {
        return Arrays.stream(values()).map(FaultKind::label).collect(Collectors.joining(", "));
    }

    static Set<FaultKind> parseList(String text) {
        if (text.equals("all")) {
            return EnumSet.allOf(FaultKind.class);
        }
        if (text.equals("none")) {
            return EnumSet.noneOf(FaultKind.class);
        }
        Set<FaultKind> kinds = EnumSet.noneOf(FaultKind.class);
        for (String name : text.split(",")) {
            String wanted = name.strip();
            kinds.add(Arrays.stream(values())
                    .filter(k -> k.label().equals(wanted))
                    .findFirst()
                    .orElseThrow(
                            () -> new IllegalArgumentException("unknown fault " + wanted + "; known: " + names())));
        }
        return kinds;
    }
}
