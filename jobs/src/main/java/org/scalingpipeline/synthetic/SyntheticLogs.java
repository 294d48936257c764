package org.scalingpipeline.synthetic;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.Map;
import org.scalingpipeline.core.laws.OffsetPowerLaw;

/**
 * Writes {@link SyntheticCurves} as a folder of JSONL metrics logs ({@code data/log-format.md}), one
 * {@code <run_name>.jsonl} per run, each written under a hidden name and renamed into place as the
 * format asks of producers. Points carry only step, metric and value: the ingest derives tokens and
 * FLOPs from the run record's {@code tokens_per_step} and {@code flops_per_step}.
 *
 * <p>The truth goes beside the logs in files the log readers ignore (leading {@code _}):
 * {@value #RUNS_TRUTH}, one row per run with its curve's {@code E, A, alpha} (empty where the law has
 * no closed-form loss-vs-step curve), and {@value #LAW_TRUTH}, the generating law's name, what it is
 * read at and its parameters.
 */
public final class SyntheticLogs {

  /** Per-run truth: run_id, run_name, params_dense, tokens_per_step, max_step, points, outliers, E, A, alpha. */
  public static final String RUNS_TRUTH = "_truth_runs.csv";
  /** The law's truth: parameter, value; the rows {@code law} and {@code predictors} name the law and its inputs. */
  public static final String LAW_TRUTH = "_truth_law.csv";

  private static final JsonFactory JSON = new JsonFactory();

  private SyntheticLogs() {}

  /** What was written. */
  public record Written(Path dir, int runs, long points, long outliers) {}

  /** Writes every run of {@code curves} into {@code dir} (created if needed; existing logs of the same names are replaced). */
  public static Written write(SyntheticCurves curves, Path dir) {
    try {
      Files.createDirectories(dir);
      long points = 0;
      long outliers = 0;
      try (Writer truth = Files.newBufferedWriter(dir.resolve(RUNS_TRUTH), StandardCharsets.UTF_8)) {
        truth.write("run_id,run_name,params_dense,tokens_per_step,max_step,points,outliers,E,A,alpha\n");
        for (SyntheticRun run : curves.runs()) {
          long runOutliers = writeRun(curves, run, dir);
          points += run.points();
          outliers += runOutliers;
          truth.write(String.format(Locale.ROOT, "%s,%s,%.6e,%d,%d,%d,%d,%s%n", run.runId(), run.runName(),
              run.paramsDense(), run.tokensPerStep(), run.maxStep(), run.points(), runOutliers,
              run.curve().map(SyntheticLogs::curveColumns).orElse(",,")));
        }
      }
      writeLaw(curves.spec(), dir.resolve(LAW_TRUTH));
      return new Written(dir, curves.spec().runs(), points, outliers);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write synthetic logs to " + dir + ": " + e.getMessage(), e);
    }
  }

  /** Writes one run's log and returns how many of its points are outliers. */
  private static long writeRun(SyntheticCurves curves, SyntheticRun run, Path dir) throws IOException {
    Path temporary = dir.resolve("." + run.runName() + ".jsonl.tmp");
    long outliers = 0;
    try (Writer out = Files.newBufferedWriter(temporary, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
        StandardOpenOption.TRUNCATE_EXISTING);
        JsonGenerator json = JSON.createGenerator(out)) {
      json.setRootValueSeparator(new SerializedString("\n"));
      json.writeStartObject();
      json.writeStringField("record", "run");
      json.writeStringField("run_name", run.runName());
      json.writeStringField("source", SyntheticRun.SOURCE);
      json.writeStringField("family", "dense");
      json.writeNumberField("params_total", run.paramsDense());
      json.writeNumberField("params_dense", run.paramsDense());
      json.writeNumberField("tokens_per_step", run.tokensPerStep());
      json.writeNumberField("flops_per_step", run.flopsPerStep());
      json.writeStringField("dataset", curves.spec().dataset());
      json.writeNumberField("seed", curves.spec().seed());
      json.writeObjectFieldStart("config");
      json.writeStringField("generator", "scaling generate");
      json.writeStringField("noise_sigma", Double.toString(curves.spec().noiseSigma()));
      json.writeStringField("outlier_fraction", Double.toString(curves.spec().outlierFraction()));
      json.writeEndObject();
      json.writeEndObject();
      for (SyntheticCurves.Point point : curves.points(run)) {
        json.writeStartObject();
        json.writeStringField("record", "point");
        json.writeNumberField("step", point.step());
        json.writeStringField("metric", SyntheticRun.METRIC);
        json.writeNumberField("value", point.value());
        json.writeEndObject();
        outliers += point.outlier() ? 1 : 0;
      }
      json.writeRaw('\n');
    }
    Files.move(temporary, dir.resolve(run.runName() + ".jsonl"), StandardCopyOption.ATOMIC_MOVE,
        StandardCopyOption.REPLACE_EXISTING);
    return outliers;
  }

  private static String curveColumns(OffsetPowerLaw curve) {
    return String.format(Locale.ROOT, "%.10g,%.10g,%.10g", curve.e(), curve.a(), curve.alpha());
  }

  private static void writeLaw(SyntheticCurves.Spec spec, Path file) throws IOException {
    StringBuilder rows = new StringBuilder("parameter,value\n");
    rows.append("law,").append(spec.law().name()).append('\n');
    rows.append("predictors,").append(spec.law().predictors()).append('\n');
    for (Map.Entry<String, Double> parameter : spec.law().law().parameters().entrySet()) {
      rows.append(parameter.getKey()).append(',').append(parameter.getValue()).append('\n');
    }
    rows.append(String.format(Locale.ROOT, "noise_sigma,%s%noutlier_fraction,%s%nseed,%d%n", spec.noiseSigma(),
        spec.outlierFraction(), spec.seed()));
    Files.writeString(file, rows);
  }
}
