package org.scalingpipeline.report;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.util.List;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.XYStyler;

/**
 * Small multiples: panels (each a chart with its own axes) in a grid under one title, with a note below, written
 * by {@link ChartFiles} as one PNG and one SVG like any chart. Used where one axis would mix what must not be mixed
 * (runs with their own step ranges, studies with their own loss units).
 */
public final class ChartGrid extends Chart<XYStyler, XYSeries> {

  private static final int TITLE_HEIGHT = 34;
  private static final int NOTE_HEIGHT = 24;
  /** The size of the report's other charts, the least a grid of few panels takes (the page shows it at this size). */
  private static final int MIN_WIDTH = 900;
  private static final int MIN_HEIGHT = 560;

  private final String heading;
  private final String note;
  private final int columns;
  private final List<XYChart> panels;

  private ChartGrid(String heading, String note, int columns, List<XYChart> panels) {
    super(Math.max(MIN_WIDTH, columns * panels.get(0).getWidth()), Math.max(MIN_HEIGHT,
        TITLE_HEIGHT + rows(panels.size(), columns) * panels.get(0).getHeight() + (note.isEmpty() ? 0 : NOTE_HEIGHT)),
        new XYStyler());
    this.heading = heading;
    setTitle(heading);
    this.note = note;
    this.columns = columns;
    this.panels = List.copyOf(panels);
  }

  /** Panels of equal size, {@code columns} to a row; {@code note} (may be empty) is printed under them. */
  public static ChartGrid of(String heading, String note, int columns, List<LogLogChart> panels) {
    if (panels.isEmpty()) {
      throw new IllegalArgumentException("a chart grid needs a panel, got none for '" + heading + "'");
    }
    return new ChartGrid(heading, note, Math.min(columns, panels.size()), panels.stream().map(LogLogChart::chart).toList());
  }

  /** The panels, in reading order. */
  public List<XYChart> panels() {
    return panels;
  }

  @Override
  public void paint(Graphics2D g, int width, int height) {
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, width, height);
    g.setColor(Color.BLACK);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
    FontMetrics metrics = g.getFontMetrics();
    g.drawString(heading, (width - metrics.stringWidth(heading)) / 2, TITLE_HEIGHT - 10);
    int panelWidth = panels.get(0).getWidth();
    int panelHeight = panels.get(0).getHeight();
    for (int i = 0; i < panels.size(); i++) {
      Graphics2D cell = (Graphics2D) g.create((i % columns) * panelWidth, TITLE_HEIGHT + (i / columns) * panelHeight,
          panelWidth, panelHeight);
      panels.get(i).paint(cell, panelWidth, panelHeight);
      cell.dispose();
    }
    if (!note.isEmpty()) {
      g.setColor(Color.DARK_GRAY);
      g.setFont(new Font(Font.SANS_SERIF, Font.ITALIC, 13));
      g.drawString(note, 10, height - 8);
    }
  }

  private static int rows(int panels, int columns) {
    return (panels + columns - 1) / columns;
  }
}
