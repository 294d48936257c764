package org.scalingpipeline.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes the report's {@code index.html}: one self-contained page (inline style, no script, nothing
 * fetched from the network) with a section per view, linking only to the chart files next to it.
 */
public final class HtmlReport {

  private static final String STYLE = """
      body { font-family: sans-serif; margin: 2em auto; max-width: 1200px; color: #222; }
      nav a { margin-right: 1.2em; }
      section { border-top: 1px solid #ccc; margin-top: 2em; }
      .question { font-style: italic; color: #444; }
      table { border-collapse: collapse; font-size: 12px; margin: 0.5em 0 1.5em; }
      th, td { border: 1px solid #ddd; padding: 2px 6px; vertical-align: top; }
      th { background: #f3f3f3; }
      td.num { text-align: right; font-variant-numeric: tabular-nums; }
      figure { margin: 1em 0; }
      figure img { max-width: 100%; height: auto; }
      """;

  private HtmlReport() {}

  /** Writes the page and returns its path. */
  public static Path write(Path folder, String subtitle, List<Section> sections) {
    StringBuilder html = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<link rel=\"icon\" href=\"data:,\">\n<title>Scaling Pipeline report</title>\n<style>")
        .append(STYLE).append("</style>\n</head>\n<body>\n<h1>Scaling Pipeline report</h1>\n<p>")
        .append(HtmlTable.escape(subtitle)).append("</p>\n<nav>");
    for (Section s : sections) {
      html.append("<a href=\"#").append(s.id()).append("\">").append(HtmlTable.escape(s.title())).append("</a>");
    }
    html.append("</nav>\n");
    for (Section s : sections) {
      html.append("<section id=\"").append(s.id()).append("\">\n<h2>").append(HtmlTable.escape(s.title()))
          .append("</h2>\n<p class=\"question\">").append(HtmlTable.escape(s.question())).append("</p>\n");
      s.blocks().forEach(html::append);
      html.append("</section>\n");
    }
    html.append("</body>\n</html>\n");
    try {
      Files.createDirectories(folder);
      Path index = folder.resolve("index.html");
      Files.writeString(index, html);
      return index;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the report to " + folder + ": " + e.getMessage(), e);
    }
  }
}
