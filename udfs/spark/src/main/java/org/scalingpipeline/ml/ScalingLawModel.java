package org.scalingpipeline.ml;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.udf;

import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.Path;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.StringArrayParam;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWriter;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import scala.Option;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The laws a {@link ScalingLawEstimator} fitted, one fit struct per group held as data ({@link #fits()});
 * {@code transform} joins each row to its group's fit on the group columns and adds the law's predicted
 * response ({@code predictionCol}) at the row's predictors, and, when {@code budgetCol} is set and the law
 * has a compute-optimal size (Hoffmann et al. 2022 §3), {@code n_opt} and {@code d_opt} for that budget. A row
 * of a group without a fit, or whose fit failed, predicts NULL. Saved as its Params (metadata) and its fits
 * (Parquet, in {@code data/} beside the metadata).
 */
public final class ScalingLawModel extends Model<ScalingLawModel> implements MLWritable {

  private static final long serialVersionUID = 1L;

  /** The column of the fit struct in {@link #fits()}. */
  public static final String FIT = "fit";

  private static final UserDefinedFunction RESPONSE = udf(LawPrediction.RESPONSE, DataTypes.DoubleType);
  private static final UserDefinedFunction N_OPT = udf(LawPrediction.N_OPT, DataTypes.DoubleType);
  private static final UserDefinedFunction D_OPT = udf(LawPrediction.D_OPT, DataTypes.DoubleType);

  private final String uid;
  private final LawParams params;
  private final FitTable fits;

  ScalingLawModel(String uid, FitTable fits) {
    this.uid = uid;
    this.params = new LawParams(this);
    this.fits = fits;
  }

  /** A model without fits, as Spark's readers and Spark Connect create one; {@link #load} gives one with fits. */
  public ScalingLawModel(String uid) {
    this(uid, FitTable.empty());
  }

  /** A model without fits and with a fresh uid, for Spark's service loader (Spark Connect ML). */
  public ScalingLawModel() {
    this(Identifiable.randomUID("scalingLaw"));
  }

  @Override
  public String uid() {
    return uid;
  }

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

  /** Sets the input column of a role of the law for prediction, e.g. {@code setColumn("n", "params")}. */
  public ScalingLawModel setColumn(String role, String column) {
    Param<String> param = params.role(role);
    if (param == null) {
      throw new IllegalArgumentException("no law has the role '" + role + "'; roles: " + params.roleCols.keySet());
    }
    return (ScalingLawModel) set(param, column);
  }

  public ScalingLawModel setPredictionCol(String column) {
    return (ScalingLawModel) set(params.predictionCol, column);
  }

  public ScalingLawModel setBudgetCol(String column) {
    return (ScalingLawModel) set(params.budgetCol, column);
  }

  /** The fitted law's name. */
  public String getLaw() {
    return getOrDefault(params.law);
  }

  /** The fits: the group columns and the {@code fit} struct of each group. */
  public Dataset<Row> fits() {
    return fits.toDataFrame(SparkSession.active());
  }

  /**
   * The input with the predicted response and, for a budget column, {@code n_opt} and {@code d_opt}; the
   * input's columns keep their order.
   */
  @Override
  public Dataset<Row> transform(Dataset<?> dataset) {
    transformSchema(dataset.schema(), true);
    if (fits.rows().isEmpty()) {
      throw new IllegalStateException("model " + uid + " holds no fits: fit a ScalingLawEstimator or load a saved"
          + " model with ScalingLawModel.load(path)");
    }
    String fit = FIT + "_" + uid;
    Dataset<Row> table = broadcast(fits.toDataFrame(dataset.sparkSession()).withColumnRenamed(FIT, fit));
    List<String> groups = params.groups(this);
    Dataset<Row> joined = groups.isEmpty() ? dataset.toDF().crossJoin(table)
        : dataset.toDF().join(table, CollectionConverters.asScala(groups).toSeq(), "left");
    Column law = col(fit).getField("law");
    Column fitted = col(fit).getField("params");
    List<String> predictors = params.entry(this).model().predictors();
    Column[] inputs = predictors.stream().map(role -> col(getOrDefault(params.role(role))).cast(DataTypes.DoubleType))
        .toArray(Column[]::new);
    List<Column> out = new ArrayList<>();
    for (String name : dataset.columns()) {
      out.add(col(name));
    }
    out.add(RESPONSE.apply(law, fitted, array(inputs)).as(getOrDefault(params.predictionCol)));
    if (isDefined(params.budgetCol)) {
      Column budget = col(getOrDefault(params.budgetCol)).cast(DataTypes.DoubleType);
      out.add(N_OPT.apply(law, fitted, budget).as(LawParams.N_OPT));
      out.add(D_OPT.apply(law, fitted, budget).as(LawParams.D_OPT));
    }
    return joined.select(out.toArray(Column[]::new));
  }

  /**
   * Checks that the input has the law's predictor columns (numeric), the group columns and, when set, a numeric
   * budget column for a law with a compute optimum; throws naming the column, its type and what was expected.
   */
  @Override
  public StructType transformSchema(StructType schema) {
    return params.transformSchema(this, schema, false);
  }

  @Override
  public ScalingLawModel copy(ParamMap extra) {
    return copyValues(new ScalingLawModel(uid, fits), extra).setParent(parent());
  }

  @Override
  public MLWriter write() {
    return new Writer(this);
  }

  public static MLReader<ScalingLawModel> read() {
    return new Reader();
  }

  public static ScalingLawModel load(String path) {
    return read().load(path);
  }

  /** Saves the Params as Spark's metadata and the fits as Parquet in {@code data/}. */
  private static final class Writer extends MLWriter {

    private final ScalingLawModel model;

    Writer(ScalingLawModel model) {
      this.model = model;
    }

    @Override
    public void saveImpl(String path) {
      DefaultParamsWriter.saveMetadata(model, path, sparkSession());
      model.fits.save(sparkSession(), new Path(path, "data").toString());
    }
  }

  private static final class Reader extends MLReader<ScalingLawModel> {

    @Override
    public ScalingLawModel load(String path) {
      DefaultParamsReader.Metadata metadata =
          DefaultParamsReader.loadMetadata(path, sparkSession(), ScalingLawModel.class.getName());
      FitTable fits = FitTable.load(sparkSession(), new Path(path, "data").toString());
      ScalingLawModel model = new ScalingLawModel(metadata.uid(), fits);
      metadata.getAndSetParams(model, Option.empty());
      return model;
    }
  }
}
