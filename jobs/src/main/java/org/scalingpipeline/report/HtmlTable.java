package org.scalingpipeline.report;

import java.util.Locale;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import scala.jdk.javaapi.CollectionConverters;

/** A query result as an HTML table: numbers to four significant digits, maps as {@code name=value} lists. */
public final class HtmlTable {

  private HtmlTable() {}

  /** The rows of a result (collected: report tables are small) as a table. */
  public static String of(Dataset<Row> result) {
    String[] columns = result.columns();
    StringBuilder html = new StringBuilder("<table>\n<thead><tr>");
    for (String c : columns) {
      html.append("<th>").append(escape(c)).append("</th>");
    }
    html.append("</tr></thead>\n<tbody>\n");
    for (Row row : result.collectAsList()) {
      html.append("<tr>");
      for (int i = 0; i < columns.length; i++) {
        Object v = row.get(i);
        html.append(v instanceof Number ? "<td class=\"num\">" : "<td>").append(escape(cell(v))).append("</td>");
      }
      html.append("</tr>\n");
    }
    return html.append("</tbody>\n</table>\n").toString();
  }

  /** A value as the table shows it. */
  static String cell(Object v) {
    if (v == null) {
      return "";
    }
    if (v instanceof Double || v instanceof Float) {
      return number(((Number) v).doubleValue());
    }
    if (v instanceof scala.collection.Map<?, ?> map) {
      return CollectionConverters.asJava(map).entrySet().stream()
          .map(e -> e.getKey() + "=" + cell(e.getValue())).collect(Collectors.joining(", "));
    }
    if (v instanceof scala.collection.Seq<?> seq) {
      return CollectionConverters.asJava(seq).stream().map(HtmlTable::cell).collect(Collectors.joining(", ", "[", "]"));
    }
    return v.toString();
  }

  /** A number to four significant digits. */
  static String number(double v) {
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      return String.valueOf(v);
    }
    if (v == Math.rint(v) && Math.abs(v) < 1e6) {
      return String.valueOf((long) v);
    }
    return String.format(Locale.ROOT, "%.4g", v);
  }

  /** Text made safe for HTML. */
  static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
