package org.scalingpipeline.ml;

import static org.apache.spark.sql.functions.col;

import java.util.List;
import org.apache.spark.ml.evaluation.Evaluator;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.scalingpipeline.core.fit.ExtrapolationError;
import org.scalingpipeline.core.fit.HoldoutBacktest;

/**
 * Scores a {@link ScalingLawModel}'s predictions by how well they extrapolate: the RMS of natural-log
 * prediction errors ({@link ExtrapolationError}, the error of a fit's {@link HoldoutBacktest}) on the rows at
 * or above {@code cutAt} in {@code cutCol} (compute, N or D) — the larger runs a scaling law is for (Hoffmann et
 * al. 2022 §3). Smaller is better, so {@code CrossValidator} or {@code TrainValidationSplit} over the law
 * select the law that extrapolates best; fit it below the cut ({@code ScalingLawEstimator.setHoldout}) for a
 * true extrapolation. A row above the cut without a prediction (its group's fit failed) makes the error
 * infinite: a law that could not be fitted does not extrapolate.
 */
public final class ExtrapolationEvaluator extends Evaluator implements DefaultParamsWritable {

  private static final long serialVersionUID = 1L;

  private final String uid;
  private final Param<String> labelCol;
  private final Param<String> predictionCol;
  private final Param<String> cutCol;
  private final DoubleParam cutAt;

  public ExtrapolationEvaluator(String uid) {
    this.uid = uid;
    labelCol = new Param<>(uid, "labelCol", "the column of the observed response (the loss)");
    predictionCol = new Param<>(uid, "predictionCol", "the column of the predicted response");
    cutCol = new Param<>(uid, "cutCol", "the column of the cut: compute, N or D");
    cutAt = new DoubleParam(uid, "cutAt", "rows with cutCol at or above this are scored");
    setDefault(labelCol, "loss");
    setDefault(predictionCol, "prediction");
    setDefault(cutCol, "c");
  }

  public ExtrapolationEvaluator() {
    this(Identifiable.randomUID("extrapolationEval"));
  }

  @Override
  public String uid() {
    return uid;
  }

  public Param<String> labelCol() {
    return labelCol;
  }

  public Param<String> predictionCol() {
    return predictionCol;
  }

  public Param<String> cutCol() {
    return cutCol;
  }

  public DoubleParam cutAt() {
    return cutAt;
  }

  public ExtrapolationEvaluator setLabelCol(String column) {
    return (ExtrapolationEvaluator) set(labelCol, column);
  }

  public ExtrapolationEvaluator setPredictionCol(String column) {
    return (ExtrapolationEvaluator) set(predictionCol, column);
  }

  /** Scores the rows whose {@code column} is at or above {@code cut}. */
  public ExtrapolationEvaluator setCut(String column, double cut) {
    set(cutCol, column);
    return (ExtrapolationEvaluator) set(cutAt, cut);
  }

  /**
   * The RMS of natural-log errors of the predictions above the cut; throws naming the cut when no row is above
   * it, or when the cut is not set.
   */
  @Override
  public double evaluate(Dataset<?> dataset) {
    if (!isDefined(cutAt)) {
      throw new IllegalArgumentException("ExtrapolationEvaluator needs a cut: setCut(column, cut)");
    }
    String cut = getOrDefault(cutCol);
    double at = (Double) getOrDefault(cutAt);
    List<Row> rows = dataset.filter(col(cut).geq(at))
        .select(col(getOrDefault(labelCol)).cast(DataTypes.DoubleType),
            col(getOrDefault(predictionCol)).cast(DataTypes.DoubleType))
        .collectAsList();
    if (rows.isEmpty()) {
      throw new IllegalArgumentException("no row has " + cut + " >= " + at + ": nothing to score the extrapolation"
          + " on");
    }
    double[] actual = new double[rows.size()];
    double[] predicted = new double[rows.size()];
    for (int i = 0; i < actual.length; i++) {
      if (rows.get(i).isNullAt(1)) {
        return Double.POSITIVE_INFINITY;
      }
      actual[i] = rows.get(i).getDouble(0);
      predicted[i] = rows.get(i).getDouble(1);
    }
    return ExtrapolationError.of(actual, predicted).rmseLog();
  }

  @Override
  public boolean isLargerBetter() {
    return false;
  }

  @Override
  public ExtrapolationEvaluator copy(ParamMap extra) {
    return defaultCopy(extra);
  }

  public static MLReader<ExtrapolationEvaluator> read() {
    return new DefaultParamsReader<>();
  }

  public static ExtrapolationEvaluator load(String path) {
    return read().load(path);
  }
}
