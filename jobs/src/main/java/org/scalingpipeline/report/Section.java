package org.scalingpipeline.report;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * One page of the report (a section of {@code index.html}): the question it answers and its blocks of
 * HTML — prose, tables and charts — in reading order.
 */
public record Section(String id, String title, String question, List<String> blocks) {

  /** Builds a section block by block. */
  public static final class Builder {
    private final String id;
    private final String title;
    private final String question;
    private final List<String> blocks = new ArrayList<>();

    public Builder(String id, String title, String question) {
      this.id = id;
      this.title = title;
      this.question = question;
    }

    /** A paragraph of prose (plain text, escaped). */
    public Builder text(String text) {
      blocks.add("<p>" + HtmlTable.escape(text) + "</p>\n");
      return this;
    }

    /** A table with a heading. */
    public Builder table(String heading, Dataset<Row> result) {
      blocks.add("<h3>" + HtmlTable.escape(heading) + "</h3>\n" + HtmlTable.of(result));
      return this;
    }

    /** A chart: the PNG with its caption, linking to the SVG. */
    public Builder chart(ReportChart chart) {
      String png = "charts/" + chart.png().getFileName();
      String svg = "charts/" + chart.svg().getFileName();
      blocks.add("<figure><a href=\"" + svg + "\"><img src=\"" + png + "\" alt=\"" + HtmlTable.escape(chart.caption())
          + "\" width=\"900\" height=\"560\"></a><figcaption>" + HtmlTable.escape(chart.caption())
          + " (<a href=\"" + svg + "\">SVG</a>)</figcaption></figure>\n");
      return this;
    }

    /**
     * A chart written and shown, or where nothing was drawn on it, "Nothing to draw" with the reason instead of an
     * empty frame.
     */
    public Builder chart(ChartFiles charts, LogLogChart chart, String name, String caption, String whyEmpty) {
      return chart.isEmpty() ? text("Nothing to draw for \"" + caption + "\": " + whyEmpty)
          : chart(charts.write(chart.chart(), name, caption));
    }

    public Section build() {
      return new Section(id, title, question, List.copyOf(blocks));
    }
  }
}
