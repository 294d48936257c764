package org.scalingpipeline.ingest;


/**
 * Reads a TensorBoard scalar export ({@code Wall time,Step,Value}, one file per run and metric) for a
 * run described elsewhere: by the Perceiver AR experiment manifest or by a {@code .run.json} sidecar.
 * Tokens and FLOPs of a point are derived from the run's per-step figures where it has them (a CSV that has
 * tokens or FLOPs columns of its own is read by a column map instead, {@link MappedCsvParser}). An empty
 * {@code Wall time} cell is an unknown wall time; a step is a whole number however written ({@code 1e3}); a
 * repeated step follows {@link RepeatedPoints}, as every reader's does.
 */
public final class TensorBoardCsvParser extends LineParser {

  /** The header TensorBoard writes. */
  public static final String HEADER = "Wall time,Step,Value";

  private final RunDescription description;

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
      Double wallTime = cells[0].isBlank() ? null : Cells.positive("Wall time", cells[0]);
      long step = Cells.count("Step", cells[1]);
      double value = Cells.finite("Value", cells[2]);
      RunRecord run = description.run();
      out.acceptRow(run.runId());
      out.point(new PointRecord(run.runId(), step, null, null, description.metric(), value, description.unit(),
          wallTime, out.path()));
    } catch (Cells.BadCell e) {
      out.reject(lineNo, line, e.getMessage());
    }
  }
}
