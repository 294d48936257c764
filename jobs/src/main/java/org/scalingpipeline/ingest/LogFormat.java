package org.scalingpipeline.ingest;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The input formats the pipeline reads, recognised from a file's name (and, for a TensorBoard export
 * of one's own runs, the presence of its {@code .run.json} sidecar).
 */
public enum LogFormat {
  /** DeepMind's routed-LM curves, Clark et al. 2022 ({@code curves.csv.gz}). */
  ROUTED_CURVES("routed-curves"),
  /** A Perceiver AR TensorBoard export named {@code run-logs-<release>_<experiment>_version_<n>-tag-<tag>.csv}. */
  PERCEIVER_AR_EXPORT("perceiver-ar-tensorboard"),
  /** A TensorBoard scalar export with a {@code .run.json} sidecar describing the run. */
  TENSORBOARD_CSV("tensorboard-csv"),
  /** A JSONL metrics log: a run record, then one point per line. */
  JSONL("jsonl"),
  /** A name none of the readers recognises. */
  UNKNOWN("unknown");

  /** Names of Perceiver AR exports: release, experiment, version and TensorBoard tag. */
  public static final Pattern PERCEIVER_AR_NAME = Pattern.compile(
      "run-logs-(?<release>[0-9.]+)_(?<experiment>[A-Za-z0-9-]+)_version_(?<version>[0-9]+)-tag-(?<tag>[A-Za-z0-9_]+)\\.csv");

  /** Suffix of the run description next to a TensorBoard export. */
  public static final String SIDECAR_SUFFIX = ".run.json";

  private final String label;

  LogFormat(String label) {
    this.label = label;
  }

  /** The name stored in {@code ingested_files.format}. */
  public String label() {
    return label;
  }

  /** Recognises a file's format from its name and whether a sidecar sits next to it. */
  public static LogFormat detect(String fileName, boolean hasSidecar) {
    String lower = fileName.toLowerCase(Locale.ROOT);
    if (lower.endsWith(".jsonl") || lower.endsWith(".jsonl.gz")) {
      return JSONL;
    }
    if (lower.endsWith(".csv") && hasSidecar) {
      return TENSORBOARD_CSV;
    }
    if (PERCEIVER_AR_NAME.matcher(fileName).matches()) {
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
}
