package io.concordia.clearing.common;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/** One figure read from the database for a gauge or a health check's data (a backlog, a queue's depth). */
public final class DatabaseFigure {

    private static final Logger LOG = Logger.getLogger(DatabaseFigure.class);

    private DatabaseFigure() {}

    /** Publishes the figure {@code sql} reads as a gauge: read again at every scrape of {@code /q/metrics}. */
    public static void gauge(
            MeterRegistry registry, DataSource dataSource, String name, String description, String sql) {
        Gauge.builder(name, dataSource, ds -> read(ds, sql))
                .description(description)
                .register(registry);
    }

    /**
     * @param sql a query of one row and one numeric column
     * @return its value, or -1 when the database cannot answer (its own readiness check says so)
     */
    public static double read(DataSource dataSource, String sql) {
        try {
            double figure = Jdbc.with(
                    dataSource, c -> Sql.on(c).one("SELECT (" + sql + ") AS figure", row -> row.doubleValue("figure")));
            return figure;
        } catch (DatabaseFailure e) {
            LOG.debugf("figure unavailable (%s): %s", sql, e);
            return -1;
        }
    }
}
