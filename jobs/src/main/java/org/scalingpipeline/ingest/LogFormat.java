package org.scalingpipeline.ingest;

import java.util.Locale;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * The input formats the pipeline reads, recognised from a file's path (its name, and for a few formats the
 * files beside it); each reader checks the content it expects (a magic header, a CSV header) and rejects the
 * file, naming what it found, when the content is not that format. The one place that says which files are
 * logs and which are a run's companion files (configs, metadata) that a reader opens beside its log.
 */
public enum LogFormat {
  /** DeepMind's routed-LM curves, Clark et al. 2022 ({@code curves.csv.gz}). */
  ROUTED_CURVES("routed-curves"),
  /** A Perceiver AR TensorBoard export named {@code run-logs-<release>_<experiment>_version_<n>-tag-<tag>.csv}. */
  PERCEIVER_AR_EXPORT("perceiver-ar-tensorboard"),
  /** A TensorBoard scalar export with a {@code .run.json} sidecar describing the run. */
  TENSORBOARD_CSV("tensorboard-csv"),
  /** Any CSV or TSV file with a column map ({@code <file>.columns.json}) saying what its columns hold. */
  MAPPED_CSV("mapped-csv"),
  /** A JSONL metrics log: a run record, then one point per line. */
  JSONL("jsonl"),
  /** A TensorBoard event file ({@code events.out.tfevents.*}), any writer. */
  TENSORBOARD_EVENTS("tensorboard-events"),
  /** One metric of an MLflow file-store run: {@code mlruns/<experiment>/<run>/metrics/<key>}. */
  MLFLOW_METRIC("mlflow"),
  /** An MLflow SQLite tracking store ({@code mlflow.db}). */
  MLFLOW_SQLITE("mlflow-sqlite"),
  /** A Weights &amp; Biases run file ({@code run-<id>.wandb}). */
  WANDB("wandb"),
  /** The history of an old (≤ 0.9) W&amp;B client: {@code wandb-history.jsonl}. */
  WANDB_HISTORY("wandb-history"),
  /** A Hugging Face {@code Trainer}'s {@code trainer_state.json}. */
  HF_TRAINER_STATE("hf-trainer-state"),
  /** A name none of the readers recognises. */
  UNKNOWN("unknown");

  /** Names of Perceiver AR exports: release, experiment, version and TensorBoard tag. */
  public static final Pattern PERCEIVER_AR_NAME = Pattern.compile(
      "run-logs-(?<release>[0-9.]+)_(?<experiment>[A-Za-z0-9-]+)_version_(?<version>[0-9]+)-tag-(?<tag>[A-Za-z0-9_]+)\\.csv");

  /** Suffix of the run description next to a TensorBoard export. */
  public static final String SIDECAR_SUFFIX = ".run.json";

  /** Suffix of the column map next to any CSV or TSV ({@link #MAPPED_CSV}). */
  public static final String COLUMN_MAP_SUFFIX = ".columns.json";

  private final String label;

  LogFormat(String label) {
    this.label = label;
  }

  /** The name stored in {@code ingested_files.format}. */
  public String label() {
    return label;
  }

  /**
   * Recognises a file's format from its path; {@code exists} says whether another path exists (a sidecar, an
   * MLflow run's {@code meta.yaml}).
   */
  public static LogFormat detect(String path, Predicate<String> exists) {
    String name = name(path);
    String lower = name.toLowerCase(Locale.ROOT);
    if (name.startsWith("events.out.tfevents.")) {
      return TENSORBOARD_EVENTS;
    }
    if ((lower.endsWith(".csv") || lower.endsWith(".tsv") || lower.endsWith(".csv.gz") || lower.endsWith(".tsv.gz"))
        && exists.test(path + COLUMN_MAP_SUFFIX)) {
      return MAPPED_CSV;
    }
    if (lower.endsWith(".wandb")) {
      return WANDB;
    }
    if (name.equals("wandb-history.jsonl")) {
      return WANDB_HISTORY;
    }
    if (name.equals("trainer_state.json")) {
      return HF_TRAINER_STATE;
    }
    if (lower.endsWith(".db") && lower.contains("mlflow")) {
      return MLFLOW_SQLITE;
    }
    if (mlflowRun(path, "metrics", exists) != null) {
      return MLFLOW_METRIC;
    }
    if (lower.endsWith(".jsonl") || lower.endsWith(".jsonl.gz")) {
      return JSONL;
    }
    if (lower.endsWith(".csv") && exists.test(path + SIDECAR_SUFFIX)) {
      return TENSORBOARD_CSV;
    }
    if (PERCEIVER_AR_NAME.matcher(name).matches()) {
      return PERCEIVER_AR_EXPORT;
    }
    if (lower.startsWith("curves") && (lower.endsWith(".csv.gz") || lower.endsWith(".csv"))) {
      return ROUTED_CURVES;
    }
    return UNKNOWN;
  }

  /** True for files a reader must leave alone: hidden, temporary or sidecar files. */
  public static boolean isIgnored(String fileName) {
    return fileName.startsWith(".") || fileName.startsWith("_") || fileName.endsWith(".tmp")
        || fileName.endsWith(SIDECAR_SUFFIX) || fileName.endsWith(".crc");
  }

  /**
   * True for a run's companion file, which the reader of its log opens and which is not a log of its own: an
   * MLflow run's {@code meta.yaml}, {@code params/}, {@code tags/} and {@code artifacts/} (and an experiment's
   * {@code meta.yaml}, {@code tags/}, logged models, traces and datasets), a W&amp;B run folder's {@code files/} and
   * {@code logs/} (an old client's run folder, the one with a {@code wandb-history.jsonl}: every file in it but its
   * logs, such as {@code config.yaml}, {@code wandb-summary.json}, {@code wandb-events.jsonl}), Lightning's
   * {@code hparams.yaml},
   * the {@code config.json} beside a {@code trainer_state.json}, a CSV's column map {@code *.columns.json}.
   */
  public static boolean isCompanion(String path, Predicate<String> exists) {
    String name = name(path);
    if (name.endsWith(COLUMN_MAP_SUFFIX)) {
      return true;
    }
    String folder = parent(path);
    if (name.equals("meta.yaml") && (exists.test(folder + "/meta.yaml"))) {
      return true;
    }
    for (String part : new String[] {"params", "tags", "artifacts", "inputs", "outputs"}) {
      if (mlflowRun(path, part, exists) != null) {
        return true;
      }
    }
    if (name.equals("meta.yaml") && parent(folder) != null && exists.test(parent(folder) + "/meta.yaml")) {
      return true;
    }
    for (String part : new String[] {"models", "traces", "datasets"}) {
      if (mlflowExperimentPart(path, part, exists)) {
        return true;
      }
    }
    if (name.equals("hparams.yaml")) {
      return true;
    }
    if (name.equals("config.json") && exists.test(folder + "/trainer_state.json")) {
      return true;
    }
    if (!name.equals("wandb-history.jsonl") && !name.endsWith(".wandb") && folder != null
        && exists.test(folder + "/wandb-history.jsonl")) {
      return true;
    }
    return wandbRunFolder(path) != null;
  }

  /**
   * The MLflow run folder a path lies in under the run's {@code part} subfolder ({@code <run>/metrics/<key>},
   * where a key may hold {@code /}), or null: the run folder is the one that holds a {@code meta.yaml}.
   */
  static String mlflowRun(String path, String part, Predicate<String> exists) {
    String marker = "/" + part + "/";
    for (int at = path.lastIndexOf(marker); at > 0; at = path.lastIndexOf(marker, at - 1)) {
      String run = path.substring(0, at);
      if (exists.test(run + "/meta.yaml")) {
        return run;
      }
    }
    return null;
  }

  /**
   * True for a path in an MLflow experiment's {@code models/} (MLflow 3's logged models: their metric lines copy
   * the lines of the run that logged them, with the run's id as a 4th field), {@code traces/} or
   * {@code datasets/}: the folders of {@code <experiment>/} (which holds a {@code meta.yaml}) that are not runs.
   */
  static boolean mlflowExperimentPart(String path, String part, Predicate<String> exists) {
    String marker = "/" + part + "/";
    for (int at = path.lastIndexOf(marker); at > 0; at = path.lastIndexOf(marker, at - 1)) {
      if (exists.test(path.substring(0, at) + "/meta.yaml")) {
        return true;
      }
    }
    return false;
  }

  /** The W&amp;B run folder ({@code run-…} or {@code offline-run-…}) whose {@code files/} or {@code logs/} hold a path, or null. */
  static String wandbRunFolder(String path) {
    for (String part : new String[] {"/files/", "/logs/"}) {
      int at = path.lastIndexOf(part);
      if (at > 0) {
        String run = path.substring(0, at);
        String runName = name(run);
        if (runName.startsWith("run-") || runName.startsWith("offline-run-")) {
          return run;
        }
      }
    }
    return null;
  }

  private static String name(String path) {
    return path.substring(path.lastIndexOf('/') + 1);
  }

  private static String parent(String path) {
    int slash = path.lastIndexOf('/');
    return slash <= 0 ? null : path.substring(0, slash);
  }
}
