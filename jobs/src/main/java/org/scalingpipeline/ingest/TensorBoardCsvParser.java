package org.scalingpipeline.ingest;

import java.util.HashMap;
import java.util.Map;

/**
 * Reads a TensorBoard scalar export ({@code Wall time,Step,Value}, one file per run and metric) for a
 * run described elsewhere: by the Perceiver AR experiment manifest or by a {@code .run.json} sidecar.
 * Tokens and FLOPs of a point are derived from the run's per-step figures where it has them.
 */
public final class TensorBoardCsvParser extends LineParser {

  /** The header TensorBoard writes. */
  public static final String HEADER = "Wall time,Step,Value";

  private final RunDescription description;
  private final Map<Long, Long> steps = new HashMap<>();

  /**
   * A run and the metric its file holds, or the reason the file cannot be tied to a run.
   *
   * @param run the run, or null when {@code fault} says why there is none
   * @param metric what {@code Value} measures, e.g. {@code val_loss}
   * @param unit unit of {@code Value}
   * @param fault why the file has no run, or null
   */
  public record RunDescription(RunRecord run, String metric, String unit, String fault) {

    /** A file that belongs to no known run. */
    public static RunDescription unknown(String fault) {
      return new RunDescription(null, null, null, fault);
    }
  }

  public TensorBoardCsvParser(LogFormat format, RunDescription description) {
    super(format, true);
    this.description = description;
  }

  @Override
  String expectedFirstLine() {
    return "the header " + HEADER;
  }

  @Override
  String firstLine(String line, ParseCollector out) {
    if (!HEADER.equals(String.join(",", Csv.fields(line.strip())))) {
      return "found header '" + line.strip() + "', expected '" + HEADER + "'";
    }
    if (description.run() == null) {
      return description.fault();
    }
    out.run(description.run());
    return null;
  }

  @Override
  void row(long lineNo, String line, ParseCollector out) {
    String[] cells = Csv.fields(line).toArray(String[]::new);
    if (cells.length != 3) {
      out.reject(lineNo, line, "found " + cells.length + " fields, expected 3 (" + HEADER + ")");
      return;
    }
    try {
      double wallTime = Cells.positive("Wall time", cells[0]);
      long step = Cells.count("Step", cells[1]);
      double value = Cells.finite("Value", cells[2]);
      Long earlier = steps.putIfAbsent(step, lineNo);
      if (earlier != null) {
        throw new Cells.BadCell("Step", cells[1], "one row per step, but step " + step + " is also on line " + earlier);
      }
      RunRecord run = description.run();
      out.acceptRow(run.runId());
      out.point(new PointRecord(run.runId(), step, perStep(run, "tokens_per_step", step),
          perStep(run, "flops_per_step", step), description.metric(), value, description.unit(),
          wallTime, out.path()));
    } catch (Cells.BadCell e) {
      out.reject(lineNo, line, e.getMessage());
    }
  }

  /** {@code step × per_step} when the run gives the per-step figure, else null; an overflow is refused. */
  static Double perStep(RunRecord run, String perStepAttribute, long step) {
    Double perStep = run.number(perStepAttribute);
    if (perStep == null) {
      return null;
    }
    double total = perStep * step;
    if (!Double.isFinite(total)) {
      throw new Cells.BadCell("step", Long.toString(step), "a step at which " + perStepAttribute + " " + perStep
          + " × step stays finite (it overflows)");
    }
    return total;
  }
}
