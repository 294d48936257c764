package org.scalingpipeline.ingest;

import java.io.UncheckedIOException;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads one metric of an MLflow file-store run, {@code mlruns/<experiment_id>/<run_id>/metrics/<key>} (a key with
 * {@code /} is a subfolder: {@code metrics/val/loss} is {@code val/loss}), one logged value per line as MLflow's
 * {@code FileStore} writes it ({@code mlflow/store/tracking/file_store.py}, {@code _log_run_metric}):
 * {@code <timestamp_ms> <value> <step>}; before MLflow 1.0 {@code <timestamp_ms> <value>} (step 0); from MLflow 3,
 * for a metric logged with a dataset, {@code <timestamp_ms> <value> <step> <dataset_name> <dataset_digest>} (the
 * dataset is not kept: the metric is the key as logged, and two values at one step are a reject as in every
 * format). Four or six fields are the lines MLflow 3 writes for a logged model ({@code _log_model_metric}:
 * the 4th field is the id of the run that logged the value), which are copies of the run's own lines; they are
 * not a run's and are refused. The run is the folder's ({@link MlflowRunFolder}); every metric file of a run
 * declares the same {@link RunRecord}, so the ingest takes them as one run.
 */
final class MlflowMetricParser implements LogParser {

  /** The tokens Python's {@code str(float)} writes for values that are not finite. */
  private static final Set<String> NOT_FINITE = Set.of("nan", "inf", "-inf");

  /** A whole number as Python's {@code str(int)} writes it. */
  private static final Pattern INTEGER = Pattern.compile("-?[0-9]+");

  private static final String EXPECTED_LINE = "'<timestamp_ms> <value> <step>'";

  private final LogFiles logs;

  MlflowMetricParser(LogFiles logs) {
    this.logs = logs;
  }

  @Override
  public ParsedFile parse(InputFile file) {
    String path = file.path();
    String runFolder = LogFormat.mlflowRun(path, "metrics", logs::exists);
    RunRecord run;
    try {
      if (runFolder == null) {
        throw new MlflowRunFolder.Refused("not in an MLflow run folder: expected <run>/metrics/<key> beside <run>/meta.yaml");
      }
      run = new MlflowRunFolder(logs).read(runFolder).toRun(path);
    } catch (MlflowRunFolder.Refused | UncheckedIOException e) {
      return new ParseCollector(file, LogFormat.MLFLOW_METRIC).wholeFileRejected(e.getMessage());
    }
    return new Lines(run, path.substring(runFolder.length() + "/metrics/".length())).parse(file);
  }

  /** The lines of one metric file, all of one run and one key. */
  private static final class Lines extends LineParser {
    private final RunRecord run;
    private final String key;

    Lines(RunRecord run, String key) {
      super(LogFormat.MLFLOW_METRIC, false);
      this.run = run;
      this.key = key;
    }

    @Override
    String expectedFirstLine() {
      return "MLflow metric lines " + EXPECTED_LINE;
    }

    /** A metric file has no header: its first line is a value like the others. */
    @Override
    String firstLine(String line, ParseCollector out) {
      out.run(run);
      row(1, line, out);
      return null;
    }

    @Override
    void row(long lineNo, String line, ParseCollector out) {
      try {
        String[] fields = line.strip().split(" ", -1);
        if (fields.length != 2 && fields.length != 3 && fields.length != 5) {
          throw new Cells.BadCell("fields", Integer.toString(fields.length), "2, 3 or 5 fields separated by one"
              + " space: " + EXPECTED_LINE + ", without the step before MLflow 1.0, with a dataset name and digest"
              + (fields.length == 4 || fields.length == 6 ? "; 4 or 6 fields are a logged model's line (its 4th field"
              + " is a run id), not a run's" : ""));
        }
        long timestamp = whole("timestamp", fields[0]);
        long step = fields.length == 2 ? 0 : whole("step", fields[2]);
        double value = value(fields[1]);
        out.point(new PointRecord(run.runId(), step, null, null, key, value, PointRecord.AS_LOGGED,
            MlflowMetricParser.seconds(timestamp), out.path()));
        out.acceptRow(run.runId());
      } catch (Cells.BadCell e) {
        out.reject(lineNo, line, e.getMessage());
      }
    }
  }

  /** A logged value; not finite ({@code nan}, {@code inf}, {@code -inf}) is refused, naming the token. */
  private static double value(String token) {
    if (NOT_FINITE.contains(token)) {
      throw new Cells.BadCell("value", token, "a finite number (MLflow writes NaN and infinities as nan, inf and"
          + " -inf; a point holds a finite value)");
    }
    return Cells.finite("value", token);
  }

  /** A timestamp or step: a whole number >= 0 written as digits. */
  private static long whole(String column, String token) {
    if (!INTEGER.matcher(token).matches()) {
      throw new Cells.BadCell(column, token, "a whole number >= 0 written as digits");
    }
    return Cells.count(column, token);
  }

  /** Seconds since the epoch of MLflow's epoch milliseconds. */
  static double seconds(long timestampMillis) {
    return timestampMillis / 1000.0;
  }
}
