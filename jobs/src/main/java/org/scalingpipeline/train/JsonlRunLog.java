package org.scalingpipeline.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.scalingpipeline.core.flops.DecoderLmConfig;

/**
 * The log of one training run in the generic JSONL format of {@code data/log-format.md}: a
 * {@code "record":"run"} line, then one {@code "record":"point"} line per {@link CurvePoint}.
 *
 * <p>Points are kept in memory while the run trains, so that the run record, which comes first, can
 * carry how the run ended ({@code config.status}, {@code config.stop_reason}). {@link #land} writes
 * the file under a hidden temporary name and renames it into place atomically, as the readers
 * require.
 */
public final class JsonlRunLog implements CurveListener {

  /** {@code source} of every run this job trains; the run id is {@code djl-train:<run_name>}. */
  public static final String SOURCE = "djl-train";
  /** File name extension the readers pick up. */
  public static final String EXTENSION = ".jsonl";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final RunSpec spec;
  private final String dataset;
  private final List<CurvePoint> points = new ArrayList<>();

  /** A log for {@code spec} trained on the corpus named {@code dataset}. */
  public JsonlRunLog(RunSpec spec, String dataset) {
    this.spec = spec;
    this.dataset = dataset;
  }

  @Override
  public void onPoint(CurvePoint point) {
    points.add(point);
  }

  /** Step of the last point logged, 0 before the first evaluation. */
  public long lastStep() {
    return points.isEmpty() ? 0 : points.get(points.size() - 1).step();
  }

  /** Final path of this run's log in {@code landingDir}. */
  public static Path landedPath(Path landingDir, String runName) {
    return landingDir.resolve(runName + EXTENSION);
  }

  /**
   * Writes the log to {@code .<run_name>.jsonl.tmp} in {@code landingDir}, then renames it to
   * {@code <run_name>.jsonl}. A landed log is immutable, so an existing one is an error.
   *
   * @return the landed file
   */
  public Path land(Path landingDir, TrainingOutcome outcome, String device) {
    Path target = landedPath(landingDir, spec.runName());
    if (Files.exists(target)) {
      throw new IllegalStateException("log already landed: " + target + "; landed logs are immutable,"
          + " so give the sweep another name (or seed) instead of re-running it into the same folder");
    }
    Path temporary = landingDir.resolve("." + spec.runName() + EXTENSION + ".tmp");
    try {
      Files.createDirectories(landingDir);
      try (Writer out = Files.newBufferedWriter(temporary, StandardCharsets.UTF_8)) {
        out.write(JSON.writeValueAsString(runRecord(outcome, device)));
        out.write('\n');
        for (CurvePoint point : points) {
          out.write(JSON.writeValueAsString(pointRecord(point)));
          out.write('\n');
        }
      }
      return Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot land the log of " + spec.runName() + " in " + landingDir
          + ": " + e.getMessage(), e);
    }
  }

  private ObjectNode runRecord(TrainingOutcome outcome, String device) {
    DecoderLmConfig model = spec.model();
    ObjectNode run = JSON.createObjectNode()
        .put("record", "run")
        .put("run_name", spec.runName())
        .put("source", SOURCE)
        .put("family", "dense")
        .put("d_model", model.dModel())
        .put("num_layers", model.numLayers())
        .put("num_heads", model.numHeads())
        .put("vocab_size", model.vocabSize())
        .put("seq_len", model.contextLength())
        .put("batch_size", spec.batchSize())
        .put("params_total", model.parameters())
        .put("params_dense", model.parameters())
        .put("params_embedding", model.embeddingParameters())
        .put("params_non_embedding", model.nonEmbeddingParameters())
        .put("flops_per_step", spec.flopsPerStep())
        .put("tokens_per_step", spec.tokensPerStep())
        .put("tokenizer", ByteVocabulary.TOKENIZER)
        .put("dataset", dataset)
        .put("seed", spec.seed());
    ObjectNode config = run.putObject("config");
    config.put("status", outcome.status().label());
    if (outcome.reason() != null) {
      config.put("stop_reason", outcome.reason());
    }
    config.put("steps", Integer.toString(spec.steps()))
        .put("steps_done", Long.toString(outcome.stepsDone()))
        .put("lr", Float.toString(spec.peakLearningRate()))
        .put("lr_schedule", "linear warmup, cosine to " + LearningRateSchedule.FINAL_FRACTION + " x lr")
        .put("warmup_steps", Integer.toString(spec.warmupSteps()))
        .put("optimizer", "adamw")
        .put("weight_decay", Float.toString(spec.weightDecay()))
        .put("eval_every", Integer.toString(spec.evalEvery()))
        .put("eval_batches", Integer.toString(spec.evalBatches()))
        .put("mlp_ratio", Integer.toString(model.mlpRatio()))
        .put("plan", spec.plan())
        .put("device", device)
        .put("tokens_per_second", Double.toString(outcome.tokensPerSecond()));
    if (spec.computeBudget() != null) {
      config.put("compute_budget", Double.toString(spec.computeBudget()));
    }
    if (spec.checkpointAveraging() != null) {
      config.put("checkpoint_average_snapshots", Integer.toString(spec.checkpointAveraging().snapshots()))
          .put("checkpoint_average_last_fraction", Double.toString(spec.checkpointAveraging().lastFraction()))
          .put("checkpoint_average_steps", Arrays.stream(spec.snapshotSteps()).mapToObj(Integer::toString)
              .collect(Collectors.joining(",")));
    }
    return run;
  }

  private static ObjectNode pointRecord(CurvePoint point) {
    return JSON.createObjectNode()
        .put("record", "point")
        .put("step", point.step())
        .put("tokens", point.tokens())
        .put("flops", point.flops())
        .put("metric", point.metric())
        .put("value", point.value())
        .put("unit", point.unit())
        .put("wall_time", point.wallTime());
  }
}
