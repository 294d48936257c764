package org.scalingpipeline.report;

import org.apache.spark.sql.SparkSession;

/** One view of the report, the static counterpart of a notebook: queries the warehouse, draws, returns a section. */
public interface ReportView {

  /** Renders the view from the session's warehouse tables, writing its charts. */
  Section render(SparkSession spark, ChartFiles charts);
}
