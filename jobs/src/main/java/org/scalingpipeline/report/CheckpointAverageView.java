package org.scalingpipeline.report;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Checkpoint averaging on the runs {@code scaling train} made (view {@code checkpoint_average_gain}): per run,
 * the last checkpoint's validation loss beside that of the element-wise mean of its last K weight snapshots
 * (stochastic weight averaging's equal-weight mean, Izmailov et al. 2018, Algorithm 1) and the gain in percent.
 */
public final class CheckpointAverageView implements ReportView {

  @Override
  public Section render(SparkSession spark, ChartFiles charts) {
    Section.Builder page = new Section.Builder("checkpoint-average", "Checkpoint averaging",
        "How much lower is the validation loss of the averaged last checkpoints than that of the last one?");
    Dataset<Row> gains = spark.sql("SELECT run_id, plan, dataset, params_non_embedding, step, snapshots,"
        + " snapshot_steps, val_loss, val_loss_averaged, gain_pct FROM checkpoint_average_gain"
        + " ORDER BY dataset, plan, params_non_embedding, run_id");
    if (gains.isEmpty()) {
      return page.text("No run in this warehouse averaged its checkpoints: add \"checkpoint_average\" to the"
          + " training section of a sweep (data/sweeps/README.md), scaling train it, then scaling refit.").build();
    }
    return page.table("Last checkpoint vs averaged snapshots at the last step, nats/token; gain_pct ="
        + " 100 (val_loss - val_loss_averaged) / val_loss (view checkpoint_average_gain)", gains).build();
  }
}
