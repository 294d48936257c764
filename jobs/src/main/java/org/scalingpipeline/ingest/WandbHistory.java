package org.scalingpipeline.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns W&amp;B history rows (one {@code HistoryRecord} of a run file, or one line of an old client's
 * {@code wandb-history.jsonl}) into points, the same way for both. The system keys are not metrics: {@code _step}
 * is the row's step when the record carries no {@code step} of its own, {@code _timestamp} its wall time (seconds
 * since the epoch), {@code _runtime} is dropped. A row with no step at all gets the next step after the previous
 * row's (from the run's {@code starting_step}), as wandb-core's {@code HistoryStepTracker} numbers rows whose
 * writer left steps to it. Each other key whose value is a JSON number is a point, named as logged; a value that
 * is not a number (a media, histogram or table object, a string, a list, a boolean, null) is not a scalar and
 * gives no point. A step that is not a whole number ≥ 0, a wall time that is not a number ≥ 0, a non-finite
 * value, or a (metric, step) an earlier row of the file has already given, rejects the row naming it.
 */
final class WandbHistory {

  static final String STEP = "_step";
  static final String TIMESTAMP = "_timestamp";
  static final String RUNTIME = "_runtime";

  /** A logged key and its parsed JSON value. */
  record Value(String key, JsonNode value) {}

  private long nextStep;

  /** Numbers rows without a step from {@code step} on (a resumed run's {@code starting_step}). */
  void startAt(long step) {
    nextStep = step;
  }

  /**
   * Adds the points of the current row of {@code out} (row {@code rowNo}) and accepts it for {@code run}; a fault
   * throws {@link Cells.BadCell} before anything is added.
   *
   * @param step the record's own step, or null when it has none
   */
  void row(long rowNo, Long step, List<Value> values, RunRecord run, ParseCollector out) {
    Long stepItem = null;
    Double wallTime = null;
    List<Value> metrics = new ArrayList<>();
    for (Value v : values) {
      switch (v.key()) {
        case STEP -> stepItem = stepOf(v.value());
        case TIMESTAMP -> wallTime = wallTimeOf(v.value());
        case RUNTIME -> { }
        default -> metrics.add(v);
      }
    }
    long at = step != null ? step : stepItem != null ? stepItem : nextStep;
    List<PointRecord> points = new ArrayList<>();
    for (Value v : metrics) {
      if (!v.value().isNumber()) {
        continue;
      }
      double value = v.value().asDouble();
      if (!Double.isFinite(value)) {
        throw new Cells.BadCell(v.key(), v.value().asText(), "a finite number (at most " + Double.MAX_VALUE + ")");
      }
      points.add(new PointRecord(run.runId(), at, null, null, v.key(), value, PointRecord.AS_LOGGED, wallTime,
          out.path()));
    }
    points.forEach(out::point);
    nextStep = at == Long.MAX_VALUE ? at : at + 1;
    out.acceptRow(run.runId());
  }

  private static long stepOf(JsonNode value) {
    if (!value.isNumber()) {
      throw new Cells.BadCell(STEP, value.toString(), "a whole number >= 0");
    }
    return Cells.count(STEP, value.decimalValue(), value.asText());
  }

  private static double wallTimeOf(JsonNode value) {
    double seconds = value.isNumber() ? value.asDouble() : Double.NaN;
    if (!(seconds >= 0) || !Double.isFinite(seconds)) {
      throw new Cells.BadCell(TIMESTAMP, value.toString(), "seconds since 1970, a finite number >= 0");
    }
    return seconds;
  }
}
