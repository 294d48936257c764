package org.scalingpipeline.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.scalingpipeline.jobs.SparkSessions;
import org.scalingpipeline.warehouse.Warehouse;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code scaling isoflop-check}: the Perceiver AR article's question asked of the runs {@code scaling train}
 * made (view {@code trained_isoflop_check}): per compute budget, did the size the law predicted
 * compute-optimal have the lowest loss?
 */
@Command(name = "isoflop-check", mixinStandardHelpOptions = true,
    description = "Per compute budget of the trained IsoFLOP runs: predicted vs measured N_opt, each run's final"
        + " validation loss, and whether the predicted optimum had the lowest loss.")
final class IsoflopCheckCommand implements Callable<Integer> {

  @Mixin
  CommonOptions common;

  @Override
  public Integer call() {
    SparkSession spark = SparkSessions.getOrCreate("scaling isoflop-check");
    Warehouse.open(spark, common.warehouse());
    List<Row> rows = spark.sql("SELECT format_string('%.3g', compute_budget), concat('d', d_model, '-l', num_layers,"
        + " '-h', num_heads), params_non_embedding, status, final_val_loss, loss_rank, nearest_to_prediction, lowest_loss,"
        + " predicted_n_opt, published_law_n_opt, measured_n_opt, prediction_had_lowest_loss, dataset"
        + " FROM trained_isoflop_check ORDER BY compute_budget, dataset, params_non_embedding").collectAsList();
    if (rows.isEmpty()) {
      throw new IllegalStateException("no trained IsoFLOP runs in the warehouse " + common.warehouse()
          + "; run scaling train --sweep data/sweeps/cpu-isoflop.json --landing DIR, then scaling refit --landing DIR");
    }
    SummaryTable table = new SummaryTable("budget (FLOPs)", "corpus", "model", "N", "status", "final val_loss", "rank",
        "");
    Map<String, Row> budgets = new LinkedHashMap<>();
    for (Row r : rows) {
      String mark = (Boolean.TRUE.equals(r.get(6)) ? "predicted " : "") + (r.getBoolean(7) ? "lowest" : "");
      table.row(r.getString(0), r.getString(12), r.getString(1), (long) r.getDouble(2), r.getString(3), r.get(4),
          r.get(5), mark.strip());
      budgets.putIfAbsent(r.getString(0) + " " + r.getString(12), r);
    }
    table.print();
    budgets.values().forEach(r -> System.out.println(verdict(r)));
    return 0;
  }

  /** One budget's (and corpus's) predicted and measured N_opt and the answer. */
  private static String verdict(Row r) {
    String published = r.isNullAt(9) ? "" : String.format(" (Hoffmann et al. approach 1 as published: %,.0f)", r.getDouble(9));
    String answer = r.isNullAt(11) ? "unknown (no prediction or no completed run)" : r.getBoolean(11) ? "yes" : "no";
    return String.format("C = %s on %s: predicted N_opt %s from the reference run%s, measured N_opt %s (IsoFLOP"
        + " vertex); predicted optimum had the lowest loss: %s", r.getString(0), r.getString(12), count(r, 8), published,
        count(r, 10), answer);
  }

  private static String count(Row r, int column) {
    return r.isNullAt(column) ? "n/a" : String.format("%,.0f", r.getDouble(column));
  }
}
