package org.scalingpipeline.report;

import org.apache.spark.sql.SparkSession;

/** Every newest fit with its diagnostics: parameters, errors, intervals, goodness of fit, holdout, reason. */
public final class FitsTableView implements ReportView {

  @Override
  public Section render(SparkSession spark, ChartFiles charts) {
    return new Section.Builder("fits", "Every fit", "Which laws were fitted to which groups, and how well?")
        .table("fits_latest: the newest fit of every plan entry and group", spark.sql("SELECT fit_name, law, metric,"
            + " group_id, params, stderr, ci_lower, ci_upper, n_points, rmse, rmse_log10, r2, converged, reason,"
            + " holdout_points, holdout_rmse, holdout_max_rel_error, fit_version FROM fits_latest ORDER BY fit_name, group_id"))
        .build();
  }
}
