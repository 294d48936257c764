package org.scalingpipeline.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A plain-text table printed at the end of a command (also by the benchmarks' {@code scaling bench}). */
public final class SummaryTable {

  private final List<String> header;
  private final List<List<String>> rows = new ArrayList<>();

  public SummaryTable(String... header) {
    this.header = List.of(header);
  }

  public SummaryTable row(Object... cells) {
    rows.add(Arrays.stream(cells).map(SummaryTable::format).toList());
    return this;
  }

  public void print() {
    int[] widths = new int[header.size()];
    for (int i = 0; i < widths.length; i++) {
      widths[i] = header.get(i).length();
      for (List<String> row : rows) {
        widths[i] = Math.max(widths[i], row.get(i).length());
      }
    }
    StringBuilder out = new StringBuilder();
    line(out, header, widths);
    StringBuilder rule = new StringBuilder();
    for (int w : widths) {
      rule.append("-".repeat(w)).append("  ");
    }
    out.append(rule.toString().stripTrailing()).append('\n');
    rows.forEach(r -> line(out, r, widths));
    System.out.print(out);
  }

  private static void line(StringBuilder out, List<String> cells, int[] widths) {
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < cells.size(); i++) {
      String cell = cells.get(i);
      line.append(i == 0 ? String.format("%-" + widths[i] + "s", cell) : String.format("%" + widths[i] + "s", cell)).append("  ");
    }
    out.append(line.toString().stripTrailing()).append('\n');
  }

  private static String format(Object cell) {
    if (cell == null) {
      return "";
    }
    if (cell instanceof Long || cell instanceof Integer) {
      return String.format("%,d", ((Number) cell).longValue());
    }
    if (cell instanceof Double d) {
      return Math.abs(d) >= 1e5 || (Math.abs(d) < 1e-3 && d != 0) ? String.format("%.4g", d) : String.format("%.5f", d);
    }
    return cell.toString();
  }
}
