package org.scalingpipeline.warehouse;

import static org.apache.spark.sql.types.DataTypes.BooleanType;
import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.TimestampType;
import static org.apache.spark.sql.types.DataTypes.createArrayType;
import static org.apache.spark.sql.types.DataTypes.createMapType;

import java.util.List;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.MetadataBuilder;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The one place where the warehouse tables' columns are declared. {@code data/schema.md} documents
 * the same columns for people; {@code SchemaDocTest} keeps the two in step.
 */
public final class Schemas {

  private Schemas() {}

  /** One row per training run, whatever its source. */
  public static final StructType RUNS = struct(
      col("run_id", StringType, false, "stable id: <source>:<run name within the source>, with % and : in the source percent-encoded"),
      col("source", StringType, false, "where the run came from: routing, perceiver-ar, jsonl, djl-train, ..."),
      col("family", StringType, false, "dense, routed, perceiver-ar, ..."),
      col("router_type", StringType, true, "Dense, S-Base, Hash, RL-R for routed LMs; null elsewhere"),
      col("num_experts", IntegerType, true, "experts per routed layer (1 for dense)"),
      col("k", IntegerType, true, "experts each token is routed to"),
      col("routing_frequency", DoubleType, true, "fraction of layers that are routed"),
      col("model_size_label", StringType, true, "size label of the dense base model, e.g. 370M"),
      col("experiment", StringType, true, "experiment the run belongs to, e.g. scaling-2a"),
      col("d_model", IntegerType, true, "model width (channels)"),
      col("num_layers", IntegerType, true, "transformer blocks"),
      col("num_heads", IntegerType, true, "attention heads"),
      col("vocab_size", IntegerType, true, "tokenizer vocabulary size"),
      col("seq_len", IntegerType, true, "maximum sequence length, tokens"),
      col("batch_size", IntegerType, true, "sequences per optimiser step"),
      col("params_total", DoubleType, true, "all parameters, including every expert"),
      col("params_dense", DoubleType, true, "N: parameters used per token (dense-equivalent)"),
      col("params_embedding", DoubleType, true, "embedding (and tied output) parameters where known"),
      col("params_non_embedding", DoubleType, true, "non-embedding parameters where known"),
      col("flops_per_step", DoubleType, true, "training FLOPs per optimiser step"),
      col("tokens_per_step", DoubleType, true, "tokens per optimiser step; null where the source does not say"),
      col("tokenizer", StringType, true, "tokenizer name"),
      col("seed", IntegerType, true, "random seed"),
      col("dataset", StringType, true, "training data set"),
      col("config", createMapType(StringType, StringType), true, "every other setting, as text"),
      col("source_file", StringType, false, "file the run was first described in (a file describing it otherwise has those rows rejected)"),
      col("ingested_at", TimestampType, false, "when the run row was written"),
      col("provenance", createMapType(StringType, StringType), true, "where each attribute and config entry came"
          + " from: log (the log itself), manifest <file> line <n> (a run manifest), derived: <how>"));

  /** One row per logged value of a run. */
  public static final StructType POINTS = struct(
      col("run_id", StringType, false, "the run (runs.run_id)"),
      col("step", LongType, false, "optimiser step the value was logged at"),
      col("tokens", DoubleType, true, "D: training tokens seen so far; null where the source does not say"),
      col("flops", DoubleType, true, "C: training FLOPs spent so far"),
      col("metric", StringType, false, "what was measured: loss_validation, loss_c4, val_loss, ..."),
      col("value", DoubleType, false, "the measured value"),
      col("unit", StringType, false, "one of the units in 'Units' below; losses in nats/token or bits/byte"),
      col("wall_time", TimestampType, true, "when the value was logged; null where unknown"),
      col("source_file", StringType, false, "first file that gave the value (another file giving it again adds nothing)"),
      col("ingested_at", TimestampType, false, "when the point was written"),
      col("logged_metric", StringType, true, "the metric's name as logged, where the metric map renamed it; else null"),
      col("logged_value", DoubleType, true, "the value as logged, where it was converted to the stored unit; else null"),
      col("logged_unit", StringType, true, "the unit it was logged in, where it was converted; else null"));

  /** Every input row that was not accepted, with the reason. */
  public static final StructType REJECTS = struct(
      col("source_file", StringType, false, "file the row was read from"),
      col("line", LongType, false, "1-based line number; 0 for a fault of the whole file"),
      col("raw", StringType, true, "the row as read (cut to 2,000 characters)"),
      col("reason", StringType, false, "what was found and what was expected"),
      col("ingested_at", TimestampType, false, "when the reject was written"),
      col("detail", StringType, true, "the particulars of a reason shared by many rows (a repeated point: its"
          + " metric, step, values and first line); null when the reason names them"));

  /** One row per input file ingested: the identity that makes re-ingest idempotent. */
  public static final StructType INGESTED_FILES = struct(
      col("source_file", StringType, false, "file path as read"),
      col("format", StringType, false, "log format the file was read as"),
      col("size_bytes", LongType, false, "file size when read"),
      col("modified_at", TimestampType, false, "file modification time when read"),
      col("sha256", StringType, false, "content hash when read"),
      col("rows_read", LongType, false, "data rows read"),
      col("rows_accepted", LongType, false, "data rows accepted"),
      col("rows_rejected", LongType, false, "data rows rejected (in rejects)"),
      col("empty_cells", LongType, false, "empty value cells skipped (not rejects)"),
      col("points", LongType, false, "points written: those no earlier file gave"),
      col("ingested_at", TimestampType, false, "when the file was ingested"),
      col("run_ids", createArrayType(StringType, false), true, "the runs the file gave rows to (runs.run_id);"
          + " a changed file has the other files of its runs read again"));

  /** Published laws, one row each, with their parameters. */
  public static final StructType REFERENCE_LAWS = struct(
      col("law", StringType, false, "law name: kaplan-n-d, chinchilla-approach-3, ..."),
      col("paper", StringType, false, "citation"),
      col("location", StringType, false, "table, equation or section in the paper"),
      col("form", StringType, false, "the formula"),
      col("params", createMapType(StringType, DoubleType), false, "parameter values by name"),
      col("note", StringType, true, "units and caveats"));

  /** Published compute-optimal estimates (Hoffmann et al. 2022 Tables 3 and A3). */
  public static final StructType PUBLISHED_ALLOCATIONS = struct(
      col("approach", StringType, false, "chinchilla-approach-1 or chinchilla-approach-2"),
      col("paper", StringType, false, "citation and table"),
      col("flops", DoubleType, false, "compute budget C, FLOPs"),
      col("params", DoubleType, false, "N_opt, parameters"),
      col("tokens", DoubleType, false, "D_opt, tokens"),
      col("source_file", StringType, false, "file the row was read from"));

  /** Fitted laws, one row per (plan entry, group, fit version); never updated, so the history stays. */
  public static final StructType FITS = struct(
      col("fit_name", StringType, false, "the fit plan entry, e.g. routed-unified-law"),
      col("law", StringType, false, "law fitted: power-law, loss-curve, routed, chinchilla, allocation, ..."),
      col("metric", StringType, true, "metric fitted (points.metric); null for published tables"),
      col("group_id", StringType, false, "the group as key=value pairs, e.g. router_type=Hash,model_size_label=15M"),
      col("group_key", createMapType(StringType, StringType), false, "the group's key columns and values"),
      col("params", createMapType(StringType, DoubleType), false, "fitted parameters by name (names as in the papers)"),
      col("stderr", createMapType(StringType, DoubleType), false, "asymptotic standard errors from the Jacobian"),
      col("ci_lower", createMapType(StringType, DoubleType), false, "bootstrap percentile interval, lower end (empty unless asked)"),
      col("ci_upper", createMapType(StringType, DoubleType), false, "bootstrap percentile interval, upper end"),
      col("n_points", IntegerType, false, "points fitted"),
      col("rmse", DoubleType, true, "root mean square of natural-log residuals"),
      col("rmse_log10", DoubleType, true, "root mean square of log10 residuals"),
      col("r2", DoubleType, true, "coefficient of determination in the fit space"),
      col("converged", BooleanType, false, "whether the optimiser converged and the data identify every parameter"),
      col("reason", StringType, true, "why a fit failed, did not converge or is not identified; null when fine"),
      col("holdout_points", IntegerType, true, "points above the holdout cut (backtests only)"),
      col("holdout_rmse", DoubleType, true, "RMS natural-log prediction error above the cut"),
      col("holdout_max_rel_error", DoubleType, true, "largest relative prediction error above the cut"),
      col("input_versions", createMapType(StringType, LongType), false, "Delta version of each input table the fit read"),
      col("fit_version", LongType, false, "the fit run that wrote the row; fits_latest keeps the newest per group"),
      col("fitted_at", TimestampType, false, "when the fit ran"),
      col("at_bound", createArrayType(StringType, false), true, "parameters the optimiser left on a bound (E = 0);"
          + " null in rows written before the column"),
      col("bootstrap_draws", createArrayType(createMapType(StringType, DoubleType, false), false), true,
          "parameters of each converged bootstrap resample, for intervals of functions of them such as N_opt(C);"
          + " empty without bootstrap, null in rows written before the column"));

  /**
   * Holdout backtests of the plan's leaderboard studies, one row per (study, group, cut, law, backtest run): the law
   * fitted on a group's points below the cut, scored on the points above it; never updated, so the history stays.
   */
  public static final StructType LAW_BACKTESTS = struct(
      col("study", StringType, false, "the plan's backtest study, e.g. users-studies"),
      col("law", StringType, false, "law backtested (a name of the law registry)"),
      col("metric", StringType, true, "metric fitted (points.metric)"),
      col("group_id", StringType, false, "the group as key=value pairs, e.g. source=jsonl,dataset=c4"),
      col("group_key", createMapType(StringType, StringType), false, "the group's key columns and values"),
      col("cut_column", StringType, false, "the SQL expression the study is cut in, e.g. flops"),
      col("cut", StringType, false, "the cut: largest=<fraction of the group's distinct values held out> or below=<cut-off>"),
      col("cutoff", DoubleType, true, "the group's cut-off: points below it are fitted, the others predicted"),
      col("n_fit", IntegerType, false, "points fitted (below the cut-off)"),
      col("n_heldout", IntegerType, false, "points predicted (at or above the cut-off)"),
      col("rmse_log", DoubleType, true, "RMS natural-log prediction error on the held-out points"),
      col("max_rel_error", DoubleType, true, "largest relative prediction error on the held-out points"),
      col("extrapolation_decades", DoubleType, true, "log10(largest held-out / largest fitted value of the cut column)"),
      col("converged", BooleanType, false, "whether the fit below the cut converged, identified, and was scored"),
      col("reason", StringType, true, "why a backtest could not be scored; null when fine"),
      col("params", createMapType(StringType, DoubleType), false, "the parameters fitted below the cut"),
      col("backtest_version", LongType, false, "the backtest run that wrote the row; law_leaderboard keeps the newest"),
      col("backtested_at", TimestampType, false, "when the backtest ran"));

  /** Compute-optimal allocations for requested budgets under each law, each fitted law's with its interval. */
  public static final StructType ALLOCATIONS = struct(
      col("law_name", StringType, false, "the law: a published one or a fit (fit_name / group_id)"),
      col("budget_flops", DoubleType, false, "compute budget C, FLOPs"),
      col("n_opt", DoubleType, true, "compute-optimal parameters N_opt(C)"),
      col("d_opt", DoubleType, true, "compute-optimal training tokens D_opt(C)"),
      col("tokens_per_param", DoubleType, true, "D_opt / N_opt"),
      col("fit_version", LongType, true, "fit run the law's parameters come from; null for published laws"),
      col("fit_name", StringType, true, "the plan entry (or allocation pair) of the fit; null for published laws"),
      col("group_id", StringType, true, "the fit's group, e.g. the study source=...,dataset=...; null for published laws"),
      col("law", StringType, true, "the law's registry name: chinchilla, kaplan or allocation"),
      col("n_opt_lower", DoubleType, true, "lower end of the bootstrap percentile interval of N_opt(C)"),
      col("n_opt_upper", DoubleType, true, "upper end of that interval"),
      col("d_opt_lower", DoubleType, true, "lower end of the bootstrap percentile interval of D_opt(C)"),
      col("d_opt_upper", DoubleType, true, "upper end of that interval"),
      col("interval_level", DoubleType, true, "the intervals' level (0.95); null without an interval"),
      col("draws", LongType, true, "bootstrap draws the N_opt interval was read from (0: none)"),
      col("note", StringType, true, "why a row has no interval; null when it has one"),
      col("computed_at", TimestampType, false, "when the row was computed"));

  /** One row per unit of work of {@code scaling refit}: a landing batch, or a sweep of modified or empty files. */
  public static final StructType REFIT_LOG = struct(
      col("checkpoint", StringType, false, "the streaming checkpoint the refit ran with"),
      col("unit", StringType, false, "batch-<streaming batch id>, or sweep-<hash of the files> for files modified after ingest or empty"),
      col("batch_id", LongType, true, "the streaming batch id; null for a sweep"),
      col("status", StringType, false, "started (ingest under way or interrupted) or finished"),
      col("files", createArrayType(StringType), false, "the files the unit read"),
      col("files_seen", LongType, false, "files in the unit"),
      col("files_new", LongType, false, "files ingested for the first time"),
      col("files_unchanged", LongType, false, "files whose content was ingested before (skipped)"),
      col("files_modified", LongType, false, "files whose content changed since they were ingested (replaced)"),
      col("files_quarantined", LongType, false, "files with no accepted row, moved to the quarantine folder"),
      col("rows_accepted", LongType, false, "data rows accepted"),
      col("rows_rejected", LongType, false, "data rows rejected (in rejects)"),
      col("groups_refit", LongType, false, "fits rows written: (plan entry, group) pairs refit"),
      col("fit_version", LongType, false, "the fit_version the unit's fits were written under"),
      col("duration_s", DoubleType, true, "wall time of the unit, seconds"),
      col("started_at", TimestampType, false, "when the unit first started"),
      col("finished_at", TimestampType, true, "when the unit finished; null while started"));

  /** Every table of the warehouse with its schema, in the order they are documented. */
  public static final List<Table> TABLES = List.of(
      new Table("runs", RUNS, List.of("run_id")),
      new Table("points", POINTS, List.of("run_id", "metric", "step")),
      new Table("rejects", REJECTS, List.of("source_file", "line")),
      new Table("ingested_files", INGESTED_FILES, List.of("source_file")),
      new Table("reference_laws", REFERENCE_LAWS, List.of("law")),
      new Table("published_allocations", PUBLISHED_ALLOCATIONS, List.of("approach", "flops")),
      new Table("fits", FITS, List.of("fit_name", "group_id", "fit_version")),
      new Table("law_backtests", LAW_BACKTESTS, List.of("study", "group_id", "cut", "law", "backtest_version")),
      new Table("allocations", ALLOCATIONS, List.of("law_name", "budget_flops")),
      new Table("refit_log", REFIT_LOG, List.of("checkpoint", "unit")));

  /** A warehouse table: its name, columns and the key that MERGE matches rows on. */
  public record Table(String name, StructType schema, List<String> key) {}

  /** Looks a table up by name. */
  public static Table table(String name) {
    return TABLES.stream().filter(t -> t.name().equals(name)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no warehouse table named '" + name + "'"));
  }

  private static StructType struct(StructField... fields) {
    return new StructType(fields);
  }

  private static StructField col(String name, DataType type, boolean nullable, String comment) {
    Metadata metadata = new MetadataBuilder().putString("comment", comment).build();
    return new StructField(name, type, nullable, metadata);
  }
}
