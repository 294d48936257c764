package org.scalingpipeline.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.util.List;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.XYSeries.XYSeriesRenderStyle;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * A scaling-law chart: logarithmic axes (labelled between decades too, since losses span less than one),
 * measured points as markers, fitted laws as lines in the same colour, bootstrap bands as light areas.
 */
public final class LogLogChart {

  private static final List<Color> PALETTE = List.of(new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c),
      new Color(0x9467bd), new Color(0xff7f0e), new Color(0x8c564b), new Color(0xe377c2), new Color(0x17becf),
      new Color(0x7f7f7f), new Color(0xbcbd22));

  /**
   * Grid lines, solid and light: XChart's default dashed stroke breaks the short lines between minor log ticks into
   * rows of dashes that read as tick marks, not as a grid.
   */
  private static final Color GRID = new Color(0xdcdcdc);

  private final XYChart chart;

  private LogLogChart(XYChart chart) {
    this.chart = chart;
  }

  /** A chart with log x and log y axes. */
  public static LogLogChart of(String title, String xTitle, String yTitle) {
    return of(title, xTitle, yTitle, true);
  }

  /** A chart with a log x axis and a log or linear y axis. */
  public static LogLogChart of(String title, String xTitle, String yTitle, boolean logY) {
    return of(title, xTitle, yTitle, logY, 900, 560);
  }

  private static LogLogChart of(String title, String xTitle, String yTitle, boolean logY, int width, int height) {
    XYChart chart = new XYChartBuilder().width(width).height(height).title(title).xAxisTitle(xTitle).yAxisTitle(yTitle)
        .build();
    XYStyler style = chart.getStyler();
    style.setXAxisLogarithmic(true);
    style.setYAxisLogarithmic(logY);
    style.setChartBackgroundColor(Color.WHITE);
    style.setPlotBackgroundColor(Color.WHITE);
    style.setLegendPosition(Styler.LegendPosition.OutsideE);
    style.setMarkerSize(7);
    style.setPlotGridLinesColor(GRID);
    style.setPlotGridLinesStroke(new BasicStroke(0.8f));
    return new LogLogChart(chart);
  }

  /**
   * A small panel of a {@link ChartGrid}: log x, log or linear y, smaller fonts and no legend (a panel's series
   * share the colours the grid's note or caption explains).
   */
  public static LogLogChart panel(String title, String xTitle, String yTitle, boolean logY, int width, int height) {
    LogLogChart c = of(title, xTitle, yTitle, logY, width, height);
    XYStyler style = c.chart.getStyler();
    style.setLegendVisible(false);
    style.setChartTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    style.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
    style.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
    style.setMarkerSize(5);
    return c;
  }

  /** A linear-axes chart, for quantities like a fit version. */
  public static LogLogChart linear(String title, String xTitle, String yTitle) {
    LogLogChart c = of(title, xTitle, yTitle, false);
    c.chart.getStyler().setXAxisLogarithmic(false);
    return c;
  }

  /** Measured points, drawn as markers in the series' colour. */
  public LogLogChart data(int colour, String name, double[] x, double[] y) {
    XYSeries s = chart.addSeries(name, x, y);
    s.setXYSeriesRenderStyle(XYSeriesRenderStyle.Scatter);
    s.setMarker(SeriesMarkers.CIRCLE);
    s.setMarkerColor(color(colour));
    return this;
  }

  /** A marked point of a fit, such as a parabola's vertex: a large diamond in the series' colour. */
  public LogLogChart vertex(int colour, String name, double x, double y) {
    XYSeries s = chart.addSeries(name, new double[] {x}, new double[] {y});
    s.setXYSeriesRenderStyle(XYSeriesRenderStyle.Scatter);
    s.setMarker(SeriesMarkers.DIAMOND);
    s.setMarkerColor(color(colour).darker());
    return this;
  }

  /** A fitted law sampled on a grid, drawn as a line in the series' colour. */
  public LogLogChart fitted(int colour, String name, double[] x, double[] y) {
    XYSeries s = chart.addSeries(name, x, y);
    s.setXYSeriesRenderStyle(XYSeriesRenderStyle.Line);
    s.setMarker(SeriesMarkers.NONE);
    s.setLineColor(color(colour));
    s.setLineStyle(new BasicStroke(2f));
    return this;
  }

  /** A dashed fitted line, for laws held fixed or published rather than fitted here. */
  public LogLogChart dashed(int colour, String name, double[] x, double[] y) {
    fitted(colour, name, x, y);
    chart.getSeriesMap().get(name).setLineStyle(new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER,
        10f, new float[] {8f, 5f}, 0f));
    return this;
  }

  /** A confidence band between lower and upper curves over the same x grid. */
  public LogLogChart band(int colour, String name, double[] x, double[] lower, double[] upper) {
    int n = x.length;
    double[] px = new double[2 * n];
    double[] py = new double[2 * n];
    for (int i = 0; i < n; i++) {
      px[i] = x[i];
      py[i] = upper[i];
      px[2 * n - 1 - i] = x[i];
      py[2 * n - 1 - i] = lower[i];
    }
    XYSeries s = chart.addSeries(name, px, py);
    Color c = color(colour);
    s.setXYSeriesRenderStyle(XYSeriesRenderStyle.PolygonArea);
    s.setMarker(SeriesMarkers.NONE);
    s.setFillColor(new Color(c.getRed(), c.getGreen(), c.getBlue(), 60));
    s.setLineColor(new Color(c.getRed(), c.getGreen(), c.getBlue(), 120));
    return this;
  }

  /**
   * The XChart chart. Tick labels are in scientific notation where an axis reaches 1e5, and a log axis
   * is labelled at every decade when it spans several, between decades too when it spans less.
   */
  public XYChart chart() {
    double[] x = range(true);
    double[] y = range(false);
    XYStyler style = chart.getStyler();
    style.setXAxisDecimalPattern(x[1] >= 1e5 ? "0.#E0" : "0.###");
    style.setYAxisDecimalPattern(y[1] >= 1e5 ? "0.#E0" : "0.###");
    style.setXAxisLogarithmicDecadeOnly(x[1] / x[0] > 30);
    style.setYAxisLogarithmicDecadeOnly(y[1] / y[0] > 30);
    return chart;
  }

  /** Whether nothing has been drawn. */
  public boolean isEmpty() {
    return chart.getSeriesMap().isEmpty();
  }

  /** The smallest positive and the largest value on an axis. */
  private double[] range(boolean xAxis) {
    double min = Double.POSITIVE_INFINITY;
    double max = 0;
    for (XYSeries s : chart.getSeriesMap().values()) {
      for (double v : xAxis ? s.getXData() : s.getYData()) {
        if (v > 0) {
          min = Math.min(min, v);
        }
        max = Math.max(max, v);
      }
    }
    return new double[] {min, max};
  }

  private static Color color(int index) {
    return PALETTE.get(Math.floorMod(index, PALETTE.size()));
  }
}
