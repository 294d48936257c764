package org.scalingpipeline.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.internal.chartpart.Chart;

/**
 * Writes charts into the report's {@code charts/} folder as PNG (shown in the page) and SVG (linked, for
 * print and zoom), and remembers every chart written.
 */
public final class ChartFiles {

  private final Path folder;
  private final List<ReportChart> written = new ArrayList<>();

  public ChartFiles(Path folder) {
    this.folder = folder;
  }

  /** Writes a chart under a file-safe name. */
  public ReportChart write(Chart<?, ?> chart, String name, String caption) {
    String base = name.replaceAll("[^A-Za-z0-9._-]+", "-").toLowerCase(java.util.Locale.ROOT);
    try {
      Files.createDirectories(folder);
      Path png = folder.resolve(base + ".png");
      Path svg = folder.resolve(base + ".svg");
      BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
      VectorGraphicsEncoder.saveVectorGraphic(chart, svg.toString(), VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
      ReportChart result = new ReportChart(base, caption, png, svg, contents(chart));
      written.add(result);
      return result;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the chart " + base + ": " + e.getMessage(), e);
    }
  }

  /** A chart's title and series names, and those of each panel of a grid. */
  static List<String> contents(Chart<?, ?> chart) {
    List<String> contents = new ArrayList<>();
    contents.add(chart.getTitle());
    if (chart instanceof ChartGrid grid) {
      grid.panels().forEach(panel -> contents.addAll(contents(panel)));
    } else if (chart instanceof XYChart xy) {
      contents.addAll(xy.getSeriesMap().keySet());
    }
    return contents;
  }

  /** Every chart written so far. */
  public List<ReportChart> written() {
    return List.copyOf(written);
  }
}
