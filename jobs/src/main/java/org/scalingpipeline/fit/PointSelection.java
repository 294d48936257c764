package org.scalingpipeline.fit;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.row_number;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;

/**
 * How a fit plan entry picks its points from the rows it reads, the way scaling studies pick them
 * ({@code data/fit-plan.md}, "select"); applied in this order, each within a run and metric or
 * within a group, so a group's selection never depends on other groups:
 * <ol>
 *   <li>{@code until_step}: drop the points past a step limit, an SQL expression over the run's columns such as
 *       {@code CAST(config['total_steps'] AS BIGINT)} (a run whose limit is null keeps every point) — a run
 *       whose last checkpoint lies past its planned end is measured at its planned end;</li>
 *   <li>{@code fraction_of_training}: keep the points whose step lies in [from, to] of training, training being
 *       the step limit where one is given and the run's last remaining step otherwise (e.g. [0.1, 1] leaves the
 *       warm-up out of a loss curve);</li>
 *   <li>{@code last_point}: keep each run's last remaining point per metric (the final point at or before the
 *       limit, not the last one logged);</li>
 *   <li>{@code best_per}: per group and per value of these expressions (e.g. N and D), keep the point with the
 *       lowest loss, the envelope over everything else that varies, such as the learning rate of a sweep
 *       (Gadre et al. 2024's open_lm study keeps the best learning rate per model and token count).</li>
 * </ol>
 *
 * @param untilStep SQL expression of the last step to keep, or null
 * @param fractionOfTraining [from, to] as fractions of training, or null
 * @param lastPoint whether to keep only each run's last remaining point per metric
 * @param bestPer SQL expressions per whose values the lowest-loss point is kept; empty for none
 */
public record PointSelection(String untilStep, List<Double> fractionOfTraining, boolean lastPoint,
    List<String> bestPer) {

  private static final String LAST_STEP = "_selection_last_step";
  private static final String RANK = "_selection_rank";

  public PointSelection {
    bestPer = bestPer == null ? List.of() : List.copyOf(bestPer);
    if (fractionOfTraining != null) {
      if (fractionOfTraining.size() != 2 || fractionOfTraining.contains(null)
          || !(fractionOfTraining.get(0) >= 0 && fractionOfTraining.get(0) < fractionOfTraining.get(1)
              && fractionOfTraining.get(1) <= 1)) {
        throw new IllegalArgumentException("select.fraction_of_training must be [from, to] with 0 <= from < to <= 1,"
            + " got " + fractionOfTraining);
      }
    }
  }

  /** Whether the selection needs the points of whole runs (a step column, per-run windows). */
  boolean perRun() {
    return untilStep != null || fractionOfTraining != null || lastPoint;
  }

  /**
   * The rows of an entry's input that this selection keeps; {@code groupBy} are the entry's group keys and
   * {@code loss} the expression of its loss role, which {@code best_per} minimises.
   */
  Dataset<Row> apply(Dataset<Row> rows, List<FitPlan.GroupKey> groupBy, String loss) {
    Dataset<Row> kept = rows;
    Column run = col("run_id");
    Column metric = col("metric");
    if (untilStep != null) {
      kept = kept.where(expr(untilStep).isNull().or(col("step").leq(expr(untilStep))));
    }
    if (fractionOfTraining != null) {
      Column lastLogged = max(col("step")).over(Window.partitionBy(run, metric));
      Column training = untilStep == null ? lastLogged : coalesce(expr(untilStep), lastLogged);
      kept = kept.withColumn(LAST_STEP, training)
          .where(col("step").geq(col(LAST_STEP).multiply(fractionOfTraining.get(0)))
              .and(col("step").leq(col(LAST_STEP).multiply(fractionOfTraining.get(1)))))
          .drop(LAST_STEP);
    }
    if (lastPoint) {
      kept = kept.withColumn(LAST_STEP, max(col("step")).over(Window.partitionBy(run, metric)))
          .where(col("step").equalTo(col(LAST_STEP))).drop(LAST_STEP);
    }
    if (!bestPer.isEmpty()) {
      List<Column> partition = new ArrayList<>();
      groupBy.forEach(k -> partition.add(k.value()));
      bestPer.forEach(k -> partition.add(expr(k)));
      kept = kept.withColumn(RANK, row_number().over(Window.partitionBy(partition.toArray(Column[]::new))
              .orderBy(expr(loss).asc(), run.asc())))
          .where(col(RANK).equalTo(1)).drop(RANK);
    }
    return kept;
  }
}
