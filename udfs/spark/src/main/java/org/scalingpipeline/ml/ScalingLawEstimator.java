package org.scalingpipeline.ml;

import java.util.List;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.StringArrayParam;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructType;
import org.scalingpipeline.core.FitSpec;
import org.scalingpipeline.sql.ScalingFunctions;

/**
 * Fits a scaling law the way Spark ML fits any model: {@code fit(dataset)} groups the rows by the
 * {@code groupCols} and fits the {@code law} (a name of the law registry, e.g. {@code chinchilla},
 * Hoffmann et al. 2022 Eq. 2, or {@code kaplan}, Kaplan et al. 2020 Eq. 1.5) to each group with the
 * fitting aggregate the SQL {@code fit_*} functions run ({@link ScalingFunctions#fit(FitSpec, Column...)}),
 * distributed over the executors that hold the groups. The model holds each group's fit struct.
 *
 * <p>The input column of each role of the law is a Param named after the role ({@code nCol}, {@code dCol},
 * {@code lossCol}, ...; default: the role's name); the fit options are those of a {@link FitSpec}:
 * bootstrap resamples, a holdout (only points below {@code holdoutBelow} in {@code holdoutCol} are fitted),
 * an allocation exponent held fixed, the most points of a Chinchilla group.
 */
public final class ScalingLawEstimator extends Estimator<ScalingLawModel> implements DefaultParamsWritable {

  private static final long serialVersionUID = 1L;

  private final String uid;
  private final LawParams params;

  public ScalingLawEstimator(String uid) {
    this.uid = uid;
    this.params = new LawParams(this);
  }

  public ScalingLawEstimator() {
    this(Identifiable.randomUID("scalingLaw"));
  }

  @Override
  public String uid() {
    return uid;
  }

  /** The law to fit, a name of the law registry; default {@code chinchilla}. */
  public Param<String> law() {
    return params.law;
  }

  public Param<String> xCol() {
    return params.role("x");
  }

  public Param<String> yCol() {
    return params.role("y");
  }

  public Param<String> nCol() {
    return params.role("n");
  }

  public Param<String> dCol() {
    return params.role("d");
  }

  public Param<String> sMinCol() {
    return params.role("s_min");
  }

  public Param<String> lossCol() {
    return params.role("loss");
  }

  public Param<String> expertsCol() {
    return params.role("experts");
  }

  public Param<String> cCol() {
    return params.role("c");
  }

  public Param<String> nOrDCol() {
    return params.role("n_or_d");
  }

  public Param<String> uniqueTokensCol() {
    return params.role("unique_tokens");
  }

  public StringArrayParam groupCols() {
    return params.groupCols;
  }

  public IntParam bootstrap() {
    return params.bootstrap;
  }

  public Param<String> holdoutCol() {
    return params.holdoutCol;
  }

  public DoubleParam holdoutBelow() {
    return params.holdoutBelow;
  }

  public DoubleParam fixedExponent() {
    return params.fixedExponent;
  }

  public IntParam maxPoints() {
    return params.maxPoints;
  }

  public Param<String> predictionCol() {
    return params.predictionCol;
  }

  public Param<String> budgetCol() {
    return params.budgetCol;
  }

  public ScalingLawEstimator setLaw(String value) {
    return (ScalingLawEstimator) set(params.law, value);
  }

  /** Sets the input column of a role of the law, e.g. {@code setColumn("n", "params")}. */
  public ScalingLawEstimator setColumn(String role, String column) {
    Param<String> param = params.role(role);
    if (param == null) {
      throw new IllegalArgumentException("no law has the role '" + role + "'; roles: " + params.roleCols.keySet());
    }
    return (ScalingLawEstimator) set(param, column);
  }

  public ScalingLawEstimator setGroupCols(String... columns) {
    return (ScalingLawEstimator) set(params.groupCols, columns);
  }

  public ScalingLawEstimator setBootstrap(int resamples) {
    return (ScalingLawEstimator) set(params.bootstrap, resamples);
  }

  /** Fits only the points whose {@code column} (the input column of a role) is below {@code cut}. */
  public ScalingLawEstimator setHoldout(String column, double cut) {
    set(params.holdoutCol, column);
    return (ScalingLawEstimator) set(params.holdoutBelow, cut);
  }

  public ScalingLawEstimator setFixedExponent(double exponent) {
    return (ScalingLawEstimator) set(params.fixedExponent, exponent);
  }

  public ScalingLawEstimator setMaxPoints(int points) {
    return (ScalingLawEstimator) set(params.maxPoints, points);
  }

  public ScalingLawEstimator setPredictionCol(String column) {
    return (ScalingLawEstimator) set(params.predictionCol, column);
  }

  public ScalingLawEstimator setBudgetCol(String column) {
    return (ScalingLawEstimator) set(params.budgetCol, column);
  }

  /** The law's name. */
  public String getLaw() {
    return getOrDefault(params.law);
  }

  /**
   * Fits the law to each group: one {@code fit} struct per group (as {@code fit_*} returns it), collected
   * into the model. A group whose fit fails is kept with {@code converged = false} and its reason, and
   * predicts NULL.
   */
  @Override
  public ScalingLawModel fit(Dataset<?> dataset) {
    transformSchema(dataset.schema());
    FitSpec spec = params.spec(this);
    Column[] inputs = params.columns(this).values().stream().map(functions::col).toArray(Column[]::new);
    Column[] groups = params.groups(this).stream().map(functions::col).toArray(Column[]::new);
    Dataset<Row> fits = dataset.groupBy(groups).agg(ScalingFunctions.fit(spec, inputs).as(ScalingLawModel.FIT));
    List<Row> rows = fits.collectAsList();
    ScalingLawModel model = new ScalingLawModel(uid, new FitTable(fits.schema(), rows));
    return copyValues(model, ParamMap.empty()).setParent(this);
  }

  /** Checks the role, group and budget columns; see {@link ScalingLawModel#transformSchema}. */
  @Override
  public StructType transformSchema(StructType schema) {
    return params.transformSchema(this, schema, true);
  }

  @Override
  public ScalingLawEstimator copy(ParamMap extra) {
    return defaultCopy(extra);
  }

  public static MLReader<ScalingLawEstimator> read() {
    return new DefaultParamsReader<>();
  }

  public static ScalingLawEstimator load(String path) {
    return read().load(path);
  }
}
