package org.scalingpipeline.ingest;

import java.io.Serializable;
import org.scalingpipeline.warehouse.MetricUnit;

/**
 * One logged value of a run, before it becomes a row of {@code points}. {@code tokens} and
 * {@code flops} are null where the source does not give them; {@code wallTimeSeconds} is seconds
 * since the epoch, or null.
 */
public record PointRecord(String runId, long step, Double tokens, Double flops, String metric,
    double value, String unit, Double wallTimeSeconds, String sourceFile, Logged logged) implements Serializable {

  /**
   * A point's name, value and unit as the logger wrote them, kept where the stored ones differ (a canonical
   * name from the {@link MetricMap}, a value converted to its canonical unit, {@link MetricUnit}); a field that
   * is stored as logged is null.
   */
  public record Logged(String metric, Double value, String unit) implements Serializable {}

  /** A point stored as it was logged. */
  public PointRecord(String runId, long step, Double tokens, Double flops, String metric, double value, String unit,
      Double wallTimeSeconds, String sourceFile) {
    this(runId, step, tokens, flops, metric, value, unit, wallTimeSeconds, sourceFile, null);
  }

  /** The latest wall time a point may have: 9999-12-31T23:59:59Z, the end of the timestamps SQL stores. */
  public static final double MAX_WALL_TIME_SECONDS = 253402300799.0;

  /** A point's figures are finite and its wall time a time SQL can store; else the row is refused. */
  public PointRecord {
    if (tokens != null && !Double.isFinite(tokens)) {
      throw new Cells.BadCell("tokens", tokens.toString(), "a finite number");
    }
    if (flops != null && !Double.isFinite(flops)) {
      throw new Cells.BadCell("flops", flops.toString(), "a finite number");
    }
    if (wallTimeSeconds != null && !(wallTimeSeconds <= MAX_WALL_TIME_SECONDS)) {
      throw new Cells.BadCell("wall_time", wallTimeSeconds.toString(), "seconds since 1970 up to "
          + (long) MAX_WALL_TIME_SECONDS + " (9999-12-31)");
    }
  }

  /**
   * The unit of a point whose reader took the metric's name and value as the logger wrote them: the metric map
   * ({@link MetricMap}) gives its canonical name and unit when the file is parsed.
   */
  public static final String AS_LOGGED = "as-logged";

  /** Unit of a loss in natural-log units per token. */
  public static final String NATS_PER_TOKEN = MetricUnit.NATS_PER_TOKEN.label();

  /**
   * This point with its name and unit made canonical: an {@link #AS_LOGGED} point takes the name and unit the map
   * gives its logged name (a run of {@code source}); a value in a unit with a canonical one of its kind is
   * converted. What was logged is kept in {@link #logged()}. A unit outside the vocabulary is refused.
   */
  PointRecord canonical(MetricMap map, String source) {
    String name = metric;
    MetricUnit from;
    if (AS_LOGGED.equals(unit)) {
      MetricMap.Target target = map.resolve(source, metric);
      name = target.metric();
      from = target.unit();
    } else {
      from = unit(unit);
    }
    MetricUnit to = from.stored();
    boolean renamed = !name.equals(metric);
    boolean converted = to != from;
    if (!renamed && !converted && to.label().equals(unit)) {
      return this;
    }
    Logged asLogged = renamed || converted
        ? new Logged(renamed ? metric : null, converted ? value : null, converted ? from.label() : null) : null;
    double stored;
    try {
      stored = converted ? from.toStored(value) : value;
    } catch (IllegalArgumentException e) {
      throw new Cells.BadCell("value", Double.toString(value), e.getMessage());
    }
    return new PointRecord(runId, step, tokens, flops, name, stored, to.label(), wallTimeSeconds, sourceFile, asLogged);
  }

  /** The metric's name as the logger wrote it. */
  public String loggedMetric() {
    return logged != null && logged.metric() != null ? logged.metric() : metric;
  }

  /** The value as the logger wrote it, in the unit it was logged in. */
  public double loggedValue() {
    return logged != null && logged.value() != null ? logged.value() : value;
  }

  /** This point with tokens and FLOPs from the run's per-step figures where it has none and the run has them. */
  PointRecord withPerStepFigures(RunRecord run) {
    if (run == null || tokens != null && flops != null) {
      return this;
    }
    Double t = tokens != null ? tokens : perStep(run, "tokens_per_step", step);
    Double f = flops != null ? flops : perStep(run, "flops_per_step", step);
    return t == tokens && f == flops ? this
        : new PointRecord(runId, step, t, f, metric, value, unit, wallTimeSeconds, sourceFile, logged);
  }

  private static MetricUnit unit(String text) {
    try {
      return MetricUnit.of(text);
    } catch (IllegalArgumentException e) {
      throw new Cells.BadCell("unit", text, "one of " + MetricUnit.vocabulary());
    }
  }

  /** {@code step × per_step} when the run gives the per-step figure, else null; an overflow is refused. */
  private static Double perStep(RunRecord run, String perStepAttribute, long step) {
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
