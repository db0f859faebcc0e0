package io.concordia.clearing.console;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Lays a service's JSON result (a margin breakdown, a scenario set) out as figures and tables, as stored. */
final class JsonTables {

    record Figure(String name, String value) {}

    record Table(String name, List<String> columns, List<List<String>> rows) {}

    record Laid(List<Figure> figures, List<Table> tables) {}

    private JsonTables() {}

    /** Scalars become figures; arrays of objects become tables (one level deep, nested objects flattened by name). */
    static Laid lay(JsonNode node) {
        List<Figure> figures = new ArrayList<>();
        List<Table> tables = new ArrayList<>();
        collect("", node, figures, tables);
        return new Laid(figures, tables);
    }

    private static void collect(String prefix, JsonNode node, List<Figure> figures, List<Table> tables) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return;
        }
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            String name = prefix + field.getKey();
            JsonNode value = field.getValue();
            if (value.isValueNode()) {
                figures.add(new Figure(name, value.asText()));
            } else if (value.isObject()) {
                collect(name + ".", value, figures, tables);
            } else if (value.isArray() && !value.isEmpty() && value.get(0).isObject()) {
                tables.add(table(name, value));
            } else if (value.isArray()) {
                List<String> items = new ArrayList<>();
                value.forEach(v -> items.add(v.isValueNode() ? v.asText() : v.toString()));
                figures.add(new Figure(name, String.join(", ", items)));
            }
        }
    }

    private static Table table(String name, JsonNode array) {
        Set<String> columns = new LinkedHashSet<>();
        array.forEach(row -> row.fieldNames().forEachRemaining(columns::add));
        List<List<String>> rows = new ArrayList<>();
        for (JsonNode row : array) {
            List<String> cells = new ArrayList<>();
            for (String column : columns) {
                JsonNode cell = row.get(column);
                cells.add(cell == null || cell.isNull() ? "" : cell.isValueNode() ? cell.asText() : cell.toString());
            }
            rows.add(cells);
        }
        return new Table(name, List.copyOf(columns), rows);
    }
}
