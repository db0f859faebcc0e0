package io.concordia.validation;

import io.concordia.margin.backtest.BacktestObservation;
import io.concordia.margin.backtest.BacktestResult;
import io.concordia.margin.model.UnderlyingId;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.geom.Ellipse2D;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.time.Day;
import org.jfree.data.time.TimeSeries;
import org.jfree.data.time.TimeSeriesCollection;

/**
 * PNG charts of the requirement against the realized losses: one per underlying (the long and the short unit
 * together, the short's figures drawn below zero, since the short loses what the long gains) and one for the basket.
 */
final class Charts {

    static final int WIDTH = 1200;
    static final int HEIGHT = 500;

    private static final Color IM = new Color(0x1f, 0x77, 0xb4);
    private static final Color VAR = new Color(0x2c, 0xa0, 0x2c);
    private static final Color LOSS = new Color(0xd6, 0x27, 0x28);

    private Charts() {}

    /**
     * Writes the charts.
     *
     * @param backtest the daily observations
     * @param underlyings the underlyings with a long and a short reference portfolio
     * @param basket the basket's name
     * @param dir the folder
     * @return the file names written, relative to {@code dir}
     * @throws IOException if a file cannot be written
     */
    static List<String> write(BacktestResult backtest, List<UnderlyingId> underlyings, String basket, Path dir)
            throws IOException {
        List<String> files = new ArrayList<>();
        for (UnderlyingId u : underlyings) {
            List<BacktestObservation> longUnit = backtest.observations().get(u.code() + " long");
            List<BacktestObservation> shortUnit = backtest.observations().get(u.code() + " short");
            TimeSeriesCollection data = new TimeSeriesCollection();
            data.addSeries(series("IM, 1 unit long", longUnit, 1, BacktestObservation::im));
            data.addSeries(series("VaR, 1 unit long", longUnit, 1, BacktestObservation::var));
            data.addSeries(series("-IM, 1 unit short", shortUnit, -1, BacktestObservation::im));
            data.addSeries(series("-VaR, 1 unit short", shortUnit, -1, BacktestObservation::var));
            data.addSeries(series("realized 2-day loss of 1 unit long", longUnit, 1, BacktestObservation::loss));
            String file = "im-vs-loss-" + u.code() + ".png";
            save(chart(u.code() + ": initial margin and VaR against the realized loss", data, true), dir.resolve(file));
            files.add(file);
        }
        List<BacktestObservation> days = backtest.observations().get(basket);
        TimeSeriesCollection data = new TimeSeriesCollection();
        data.addSeries(series("IM", days, 1, BacktestObservation::im));
        data.addSeries(series("VaR", days, 1, BacktestObservation::var));
        data.addSeries(series("realized 2-day loss", days, 1, BacktestObservation::loss));
        String file = "im-vs-loss-basket.png";
        save(chart(basket + ": initial margin and VaR against the realized loss", data, false), dir.resolve(file));
        files.add(file);
        return files;
    }

    private interface Figure {
        double of(BacktestObservation day);
    }

    private static TimeSeries series(String name, List<BacktestObservation> days, int sign, Figure figure) {
        TimeSeries s = new TimeSeries(name);
        for (BacktestObservation d : days) {
            LocalDate date = d.date();
            s.add(new Day(date.getDayOfMonth(), date.getMonthValue(), date.getYear()), sign * figure.of(d));
        }
        return s;
    }

    private static JFreeChart chart(String title, TimeSeriesCollection data, boolean twoSided) {
        JFreeChart chart = ChartFactory.createTimeSeriesChart(
                title, "day t", "amount (currency of the closes)", data, true, false, false);
        XYPlot plot = chart.getXYPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
        int lossSeries = data.getSeriesCount() - 1;
        for (int i = 0; i < lossSeries; i++) {
            boolean isVar = twoSided ? i % 2 == 1 : i == 1;
            renderer.setSeriesPaint(i, isVar ? VAR : IM);
            renderer.setSeriesStroke(i, new BasicStroke(1.2f));
        }
        renderer.setSeriesLinesVisible(lossSeries, false);
        renderer.setSeriesShapesVisible(lossSeries, true);
        renderer.setSeriesShape(lossSeries, new Ellipse2D.Double(-1.5, -1.5, 3, 3));
        renderer.setSeriesPaint(lossSeries, LOSS);
        plot.setRenderer(renderer);
        return chart;
    }

    private static void save(JFreeChart chart, Path file) throws IOException {
        ChartUtils.saveChartAsPNG(file.toFile(), chart, WIDTH, HEIGHT);
    }
}
