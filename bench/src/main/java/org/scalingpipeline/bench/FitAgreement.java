package org.scalingpipeline.bench;

import static org.apache.spark.sql.functions.lit;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;

/**
 * How closely the project's fits and a peer's fits of the same groups agree, and how close each is to a
 * known truth. Per group the measure is the largest relative difference over the parameters,
 * {@code max_k |x_k / ref_k − 1|} (so one poorly identified parameter shows), summarised over the groups
 * both sides fitted; the fits' natural-log RMSEs, the objective both sides report, are compared likewise.
 * Computed on the executors; only the summary reaches the driver.
 *
 * @param compared groups both sides fitted (the project's fit converged and the peer's did not fail)
 * @param paramsMedian median over groups of the largest relative parameter difference, project vs peer
 * @param paramsMax the largest such difference of any group
 * @param rmseMax the largest {@code |project RMSE / peer RMSE − 1|} of any group
 * @param projectError median over groups of the project's largest relative error against the truth
 * @param peerError the same for the peer
 *     (every summary is NaN when it has nothing to summarise: no group compared, or no truth)
 */
public record FitAgreement(long compared, double paramsMedian, double paramsMax, double rmseMax,
    double projectError, double peerError) {

  /**
   * Compares {@code project} ({@code group_id, fit}: the project's fit struct) with {@code peer}
   * ({@code group_id, ok, params, rmse_log}) and both with {@code truth} ({@code group_id, truth}: a map of
   * the generating parameters), which may be null when the truth is unknown.
   */
  public static FitAgreement of(Dataset<Row> project, Dataset<Row> peer, Dataset<Row> truth) {
    Dataset<Row> pairs = project.selectExpr("group_id", "fit.params AS project", "fit.rmse AS project_rmse",
            "fit.converged AS converged")
        .join(peer.selectExpr("group_id", "params AS peer", "rmse_log AS peer_rmse", "ok"), "group_id");
    pairs = truth == null
        ? pairs.withColumn("truth", lit(null).cast(DataTypes.createMapType(DataTypes.StringType, DataTypes.DoubleType)))
        : pairs.join(truth, new String[] {"group_id"}, "left");
    Row summary = pairs.where("converged AND ok").selectExpr("count(*)", median(largestDifference("project", "peer")),
        "max(" + largestDifference("project", "peer") + ")", "max(abs(project_rmse / peer_rmse - 1))",
        median(largestDifference("project", "truth")), median(largestDifference("peer", "truth"))).first();
    return new FitAgreement(summary.getLong(0), orNaN(summary, 1), orNaN(summary, 2),
        orNaN(summary, 3), orNaN(summary, 4), orNaN(summary, 5));
  }

  /** {@code max_k |x[k] / ref[k] − 1|} over the keys of the map {@code ref}; null when {@code ref} is. */
  private static String largestDifference(String x, String ref) {
    return "aggregate(map_keys(" + ref + "), 0D, (m, k) -> greatest(m, abs(" + x + "[k] / " + ref + "[k] - 1)))";
  }

  private static String median(String expression) {
    return "percentile_approx(" + expression + ", 0.5, 10000)";
  }

  private static double orNaN(Row row, int column) {
    return row.isNullAt(column) ? Double.NaN : row.getDouble(column);
  }
}
