package org.scalingpipeline.fit;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.map;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.scalingpipeline.core.FitSpec;
import org.scalingpipeline.sql.ScalingFunctions;
import org.scalingpipeline.warehouse.Schemas;

/**
 * Turns fit plan entries into one Dataset of {@code fits} rows: each entry is a grouped aggregation
 * of its input with the project's fitting aggregate, so groups are fitted in parallel on the
 * executors that hold them and nothing is collected to the driver.
 */
public final class FitPlanRunner {

  /** The group key naming the cut-off of an entry with several holdout cut-offs. */
  public static final String HOLDOUT_KEY = "holdout_below";

  private final SparkSession spark;
  private final Map<String, Long> inputVersions;
  private final long fitVersion;
  private final Timestamp fittedAt;

  public FitPlanRunner(SparkSession spark, Map<String, Long> inputVersions, long fitVersion, Timestamp fittedAt) {
    this.spark = spark;
    this.inputVersions = inputVersions;
    this.fitVersion = fitVersion;
    this.fittedAt = fittedAt;
  }

  /**
   * The fits rows of the given entries, narrowed to the rows a filter over their inputs keeps (null: all rows).
   * A narrowing applies to the entries whose input has the columns it names; the others, and the published laws,
   * are left out and named in the result.
   */
  public Planned rows(List<FitPlan.Entry> entries, Column narrowing) {
    List<Dataset<Row>> parts = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    for (FitPlan.Entry entry : entries) {
      if (narrowing == null) {
        parts.add(entry.reference() != null ? published(entry) : fitted(entry, null));
      } else if (entry.reference() == null && resolves(narrowing, FitInputs.view(spark, entry.input()))) {
        parts.add(fitted(entry, narrowing));
      } else {
        skipped.add(entry.name());
      }
    }
    return new Planned(union(parts), skipped);
  }

  /** The fits rows of a plan run, and the entries a narrowing left out. */
  public record Planned(Dataset<Row> rows, List<String> skipped) {}

  private static boolean resolves(Column filter, Dataset<Row> input) {
    try {
      input.where(filter);
      return true;
    } catch (Exception e) {
      if (e instanceof AnalysisException) {
        return false;
      }
      throw e;
    }
  }

  /**
   * The fits rows of one entry, restricted to the rows a filter over its input keeps (null: all) before its point
   * selection: a filter keeping whole groups (a refit's) or whole runs (a source) leaves the selection within them
   * as it is over the whole input.
   */
  public Dataset<Row> fitted(FitPlan.Entry entry, Column filter) {
    Dataset<Row> input = FitInputs.view(spark, entry.input());
    Dataset<Row> rows = entry.selected(filter == null ? input : input.where(filter));
    Column[] roles = entry.roleColumns();
    Column[] keys = entry.groupColumns();
    List<FitSpec> specs = entry.specs();
    List<Dataset<Row>> parts = new ArrayList<>();
    for (FitSpec spec : specs) {
      Column fit = ScalingFunctions.fit(spec, roles).as("fit");
      Dataset<Row> grouped = keys.length == 0 ? rows.agg(fit) : rows.groupBy(keys).agg(fit);
      parts.add(fitsRows(entry, grouped, specs.size() > 1 ? spec.holdout().below() : null));
    }
    return union(parts);
  }

  /** The fits rows of one grouped fit; a cut-off of several names the group with it. */
  private Dataset<Row> fitsRows(FitPlan.Entry entry, Dataset<Row> grouped, Double cut) {
    List<Column> idParts = new ArrayList<>(entry.groupKeys().stream().map(FitPlanRunner::idPart).toList());
    List<Column> mapParts = keyMapParts(entry.groupKeys());
    if (cut != null) {
      idParts.add(concat_ws("=", lit(HOLDOUT_KEY), lit(cut).cast(DataTypes.StringType)));
      mapParts.add(lit(HOLDOUT_KEY));
      mapParts.add(lit(cut).cast(DataTypes.StringType));
    }
    Column groupId = idParts.isEmpty() ? lit("all") : concat_ws(",", idParts.toArray(Column[]::new));
    Column groupKey = mapParts.isEmpty() ? emptyMap("string") : map(mapParts.toArray(Column[]::new));
    return grouped.select(lit(entry.name()).as("fit_name"), col("fit.law"), lit(entry.metric()).cast("string").as("metric"),
        groupId.as("group_id"), groupKey.cast("map<string,string>").as("group_key"), col("fit.params"), col("fit.stderr"),
        col("fit.ci_lower"), col("fit.ci_upper"), col("fit.n_points"), col("fit.rmse"), col("fit.rmse_log10"),
        col("fit.r2"), col("fit.converged"), col("fit.reason"), col("fit.holdout_points"), col("fit.holdout_rmse"),
        col("fit.holdout_max_rel_error"), versions().as("input_versions"),
        lit(fitVersion).as("fit_version"), lit(fittedAt).as("fitted_at"), col("fit.at_bound"),
        col("fit.bootstrap_draws"));
  }

  /**
   * The {@code fits.group_id} of rows whose columns named as the keys hold the keys' values ({@code key=value,...},
   * {@code all} for no key), so the points an entry fits can be matched with their fit (the report draws them).
   */
  public static Column groupId(List<FitPlan.GroupKey> keys) {
    return keys.isEmpty() ? lit("all") : concat_ws(",", keys.stream().map(FitPlanRunner::idPart).toArray(Column[]::new));
  }

  /** The {@code fits.group_key} map of rows whose columns named as the keys hold the keys' values. */
  public static Column groupKey(List<FitPlan.GroupKey> keys) {
    List<Column> parts = keyMapParts(keys);
    return (parts.isEmpty() ? emptyMap("string") : map(parts.toArray(Column[]::new))).cast("map<string,string>");
  }

  private static List<Column> keyMapParts(List<FitPlan.GroupKey> keys) {
    List<Column> parts = new ArrayList<>();
    for (FitPlan.GroupKey k : keys) {
      parts.add(lit(k.name()));
      parts.add(keyValue(k));
    }
    return parts;
  }

  private static Column idPart(FitPlan.GroupKey k) {
    return concat_ws("=", lit(k.name()), keyValue(k));
  }

  private static Column keyValue(FitPlan.GroupKey k) {
    return coalesce(col("`" + k.name() + "`").cast(DataTypes.StringType), lit("null"));
  }

  /** A published law recorded as a fit row, from {@code reference_laws}. */
  private Dataset<Row> published(FitPlan.Entry entry) {
    return FitInputs.view(spark, "reference_laws").where(col("law").equalTo(entry.reference()))
        .select(lit(entry.name()).as("fit_name"), lit(entry.law()).as("law"), lit(null).cast("string").as("metric"),
            lit("all").as("group_id"), emptyMap("string").as("group_key"),
            col("params"), emptyMap("double").as("stderr"),
            emptyMap("double").as("ci_lower"),
            emptyMap("double").as("ci_upper"), lit(0).as("n_points"),
            lit(null).cast("double").as("rmse"), lit(null).cast("double").as("rmse_log10"),
            lit(null).cast("double").as("r2"), lit(true).as("converged"),
            expr("concat('published: ', paper, ', ', location)").as("reason"), lit(null).cast("int").as("holdout_points"),
            lit(null).cast("double").as("holdout_rmse"), lit(null).cast("double").as("holdout_max_rel_error"),
            versions().as("input_versions"), lit(fitVersion).as("fit_version"),
            lit(fittedAt).as("fitted_at"), expr("array()").cast("array<string>").as("at_bound"),
            expr("array()").cast("array<map<string,double>>").as("bootstrap_draws"));
  }

  private Column versions() {
    List<Column> parts = new ArrayList<>();
    inputVersions.forEach((table, version) -> {
      parts.add(lit(table));
      parts.add(lit(version));
    });
    return map(parts.toArray(Column[]::new));
  }

  private static Column emptyMap(String valueType) {
    return expr("map()").cast("map<string," + valueType + ">");
  }

  private Dataset<Row> union(List<Dataset<Row>> parts) {
    Dataset<Row> all = spark.createDataFrame(List.of(), Schemas.FITS);
    for (Dataset<Row> part : parts) {
      all = all.unionByName(part);
    }
    return all;
  }
}
