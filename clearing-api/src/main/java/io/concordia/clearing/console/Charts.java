package io.concordia.clearing.console;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Locale;

/**
 * Server-drawn inline SVG charts: no chart library, no script, nothing the content security policy has to allow
 * (colours are presentation attributes, not style). Figures are drawn, never computed here: they come from the
 * services as stored.
 */
final class Charts {

    /** A named line of (x, y) points, x in any increasing unit (epoch seconds, scenario index). */
    record Series(String name, String colour, List<double[]> points) {}

    /** One horizontal bar: a label, the part used and the whole available. */
    record Bar(String label, BigDecimal used, BigDecimal capacity) {}

    static final String[] PALETTE = {"#1f6feb", "#d29922", "#2da44e", "#cf222e", "#8250df", "#0a7f8c", "#bc4c00"};

    private static final int WIDTH = 760;
    private static final int HEIGHT = 260;
    private static final int LEFT = 90;
    private static final int RIGHT = 16;
    private static final int TOP = 16;
    private static final int BOTTOM = 40;

    private Charts() {}

    /** A line chart with a legend; the x axis is labelled at its ends with {@code firstLabel} and {@code lastLabel}. */
    static String lines(String title, List<Series> series, String firstLabel, String lastLabel) {
        double minX = Double.MAX_VALUE, maxX = -Double.MAX_VALUE, minY = Double.MAX_VALUE, maxY = -Double.MAX_VALUE;
        for (Series s : series) {
            for (double[] p : s.points()) {
                minX = Math.min(minX, p[0]);
                maxX = Math.max(maxX, p[0]);
                minY = Math.min(minY, p[1]);
                maxY = Math.max(maxY, p[1]);
            }
        }
        StringBuilder svg = open(title);
        if (minX == Double.MAX_VALUE) {
            svg.append(text(WIDTH / 2.0, HEIGHT / 2.0, "no data yet", "middle"));
            return svg.append("</svg>").toString();
        }
        if (minY > 0) {
            minY = 0;
        }
        if (maxY == minY) {
            maxY = minY + 1;
        }
        if (maxX == minX) {
            maxX = minX + 1;
        }
        double plotW = WIDTH - LEFT - RIGHT;
        double plotH = HEIGHT - TOP - BOTTOM;
        for (int i = 0; i <= 4; i++) {
            double value = minY + (maxY - minY) * i / 4;
            double y = TOP + plotH - plotH * i / 4;
            svg.append(String.format(
                    Locale.ROOT,
                    "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#d0d7de\" stroke-width=\"1\"/>",
                    LEFT,
                    y,
                    WIDTH - RIGHT,
                    y));
            svg.append(text(LEFT - 6, y + 4, number(value), "end"));
        }
        svg.append(text(LEFT, HEIGHT - BOTTOM + 16, firstLabel, "start"));
        svg.append(text(WIDTH - RIGHT, HEIGHT - BOTTOM + 16, lastLabel, "end"));
        int legendX = LEFT;
        for (Series s : series) {
            StringBuilder path = new StringBuilder();
            for (double[] p : s.points()) {
                double x = LEFT + plotW * (p[0] - minX) / (maxX - minX);
                double y = TOP + plotH - plotH * (p[1] - minY) / (maxY - minY);
                path.append(path.isEmpty() ? "M" : " L").append(String.format(Locale.ROOT, "%.1f %.1f", x, y));
            }
            svg.append("<path d=\"")
                    .append(path)
                    .append("\" fill=\"none\" stroke=\"")
                    .append(s.colour())
                    .append("\" stroke-width=\"2\"><title>")
                    .append(escape(s.name()))
                    .append("</title></path>");
            svg.append(String.format(
                    Locale.ROOT,
                    "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"4\" fill=\"%s\"/>",
                    legendX,
                    HEIGHT - 12,
                    s.colour()));
            svg.append(text(legendX + 16, HEIGHT - 6, s.name(), "start"));
            legendX += 24 + 8 * s.name().length();
        }
        return svg.append("</svg>").toString();
    }

    /** Horizontal bars, each the used part over its capacity (the waterfall's layers). */
    static String bars(String title, List<Bar> bars) {
        int rowH = 34;
        int height = TOP + rowH * Math.max(1, bars.size()) + 10;
        StringBuilder svg = new StringBuilder(String.format(
                Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"%s\"><title>%s</title>",
                WIDTH,
                height,
                escape(title),
                escape(title)));
        BigDecimal max = BigDecimal.ONE;
        for (Bar b : bars) {
            max = max.max(b.capacity() == null ? BigDecimal.ZERO : b.capacity()).max(b.used());
        }
        double plotW = WIDTH - 200 - 170;
        int y = TOP;
        for (Bar b : bars) {
            double capW = b.capacity() == null ? 0 : plotW * b.capacity().doubleValue() / max.doubleValue();
            double usedW = plotW * b.used().doubleValue() / max.doubleValue();
            svg.append(text(194, y + 16, b.label(), "end"));
            svg.append(String.format(
                    Locale.ROOT,
                    "<rect x=\"200\" y=\"%d\" width=\"%.1f\" height=\"20\" fill=\"#eaeef2\" stroke=\"#d0d7de\"/>",
                    y,
                    capW));
            svg.append(String.format(
                    Locale.ROOT, "<rect x=\"200\" y=\"%d\" width=\"%.1f\" height=\"20\" fill=\"#cf222e\"/>", y, usedW));
            svg.append(text(
                    206 + Math.max(capW, usedW),
                    y + 15,
                    b.used().toPlainString()
                            + (b.capacity() == null ? "" : " of " + b.capacity().toPlainString()),
                    "start"));
            y += rowH;
        }
        return svg.append("</svg>").toString();
    }

    private static StringBuilder open(String title) {
        return new StringBuilder(String.format(
                Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"%s\"><title>%s</title>",
                WIDTH,
                HEIGHT,
                escape(title),
                escape(title)));
    }

    private static String text(double x, double y, String text, String anchor) {
        return String.format(
                Locale.ROOT,
                "<text x=\"%.1f\" y=\"%.1f\" font-size=\"12\" fill=\"#57606a\" text-anchor=\"%s\">%s</text>",
                x,
                y,
                anchor,
                escape(text));
    }

    private static String number(double value) {
        return BigDecimal.valueOf(value)
                .setScale(Math.abs(value) >= 100 ? 0 : 4, RoundingMode.HALF_EVEN)
                .stripTrailingZeros()
                .toPlainString();
    }

    static String escape(String s) {
        return s.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\"", "&quot;")
                .replace("'", "&#39;");
    }
}
