package org.scalingpipeline.report;

import java.nio.file.Path;

/**
 * A chart the report wrote: the PNG the page shows and the SVG it links to, with the caption that
 * says what is plotted.
 */
public record ReportChart(String name, String caption, Path png, Path svg) {}
