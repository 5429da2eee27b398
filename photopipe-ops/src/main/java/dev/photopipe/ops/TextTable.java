package dev.photopipe.ops;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A plain-text table with aligned columns: text left-aligned, numbers right-aligned so that
 * digits line up. Not thread-safe; build, then {@link #render()}.
 */
public final class TextTable {
    private final List<String> headers;
    private final List<List<String>> rows = new ArrayList<>();

    public TextTable(String... headers) {
        this.headers = List.of(headers);
    }

    /** Adds a row; cells are printed with {@link String#valueOf(Object)}, null as "-". */
    public TextTable row(Object... cells) {
        if (cells.length != headers.size()) {
            throw new IllegalArgumentException("Row has " + cells.length + " cells, the table " + headers.size()
                    + " columns " + headers);
        }
        rows.add(Arrays.stream(cells).map(cell -> cell == null ? "-" : String.valueOf(cell)).toList());
        return this;
    }

    public boolean isEmpty() {
        return rows.isEmpty();
    }

    /** The table, one line per row after a header line and a rule, each line ending in a newline. */
    public String render() {
        int[] widths = new int[headers.size()];
        boolean[] numeric = new boolean[headers.size()];
        for (int c = 0; c < widths.length; c++) {
            widths[c] = headers.get(c).length();
            numeric[c] = !rows.isEmpty();
            for (List<String> row : rows) {
                widths[c] = Math.max(widths[c], row.get(c).length());
                numeric[c] &= row.get(c).matches("-?[0-9][0-9.,]*|-");
            }
        }
        StringBuilder text = new StringBuilder();
        line(text, headers, widths, numeric);
        List<String> rule = new ArrayList<>();
        for (int width : widths) {
            rule.add("-".repeat(width));
        }
        line(text, rule, widths, numeric);
        rows.forEach(row -> line(text, row, widths, numeric));
        return text.toString();
    }

    private static void line(StringBuilder text, List<String> cells, int[] widths, boolean[] numeric) {
        StringBuilder line = new StringBuilder();
        for (int c = 0; c < cells.size(); c++) {
            String format = "%" + (numeric[c] ? "" : "-") + widths[c] + "s";
            line.append(c == 0 ? "" : "  ").append(String.format(format, cells.get(c)));
        }
        text.append(line.toString().stripTrailing()).append('\n');
    }
}
