package org.scalingpipeline.report;

import java.nio.file.Path;
import java.util.List;

/**
 * A chart the report wrote: the PNG the page shows and the SVG it links to, with the caption that
 * says what is plotted, and its contents: the titles and series names it draws, panel by panel (the SVG draws
 * text as outlines, so this is where a reader's program or a test finds what a chart shows).
 */
public record ReportChart(String name, String caption, Path png, Path svg, List<String> contents) {

  public ReportChart {
    contents = List.copyOf(contents);
  }
}
