package org.scalingpipeline.train;

import static org.scalingpipeline.json.JsonFields.Range.NON_NEGATIVE;
import static org.scalingpipeline.json.JsonFields.Range.POSITIVE;
import static org.scalingpipeline.json.JsonFields.allowOnly;
import static org.scalingpipeline.json.JsonFields.array;
import static org.scalingpipeline.json.JsonFields.integer;
import static org.scalingpipeline.json.JsonFields.number;
import static org.scalingpipeline.json.JsonFields.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.scalingpipeline.core.flops.DecoderLmConfig;
import org.scalingpipeline.json.JsonFields;

/**
 * A sweep of training runs declared in a JSON file (format in {@code data/sweeps/README.md}): shared
 * training settings, and runs from any of three sections — {@code grid} (width x depth x heads x
 * context x token budgets), {@code isoflop} (for each compute budget {@code C}, a set of models each
 * trained on {@code D = C / (6N)} tokens, {@link DecoderLmConfig#tokensForCompute}) and
 * {@code reference} (one model at one budget, the starting point of the seed article's method).
 *
 * @param name sweep name, the prefix of every run name
 * @param runs the runs, in file order: reference, then IsoFLOP, then grid
 */
public record SweepPlan(String name, List<RunSpec> runs) {

  private static final Set<String> TOP_LEVEL =
      Set.of("name", "description", "training", "reference", "isoflop", "grid");
  private static final Set<String> TRAINING = Set.of("batch_size", "seq_len", "lr",
      "warmup_fraction", "weight_decay", "eval_every", "eval_batches", "seed", "checkpoint_average");
  private static final Set<String> CHECKPOINT_AVERAGE = Set.of("snapshots", "last_fraction");
  private static final Set<String> MODEL = Set.of("d_model", "num_layers", "num_heads", "seq_len");
  private static final Set<String> REFERENCE = union(MODEL, Set.of("compute_budget"));
  private static final Set<String> ISOFLOP = Set.of("compute_budgets", "models");
  private static final Set<String> GRID = Set.of("d_model", "num_layers", "num_heads", "seq_len", "tokens");

  /** Reads and checks a sweep file. */
  public static SweepPlan read(Path file) {
    return parse(JsonFields.read(file, "sweep"), file.toString());
  }

  /** Checks a parsed sweep document; {@code where} names it in error messages. */
  static SweepPlan parse(JsonNode root, String where) {
    allowOnly(root, TOP_LEVEL, where);
    String name = text(root, "name", where);
    Training training = Training.parse(root.path("training"), where + " training");
    List<RunSpec> runs = new ArrayList<>();
    if (root.has("reference")) {
      JsonNode ref = root.get("reference");
      allowOnly(ref, REFERENCE, where + " reference");
      double budget = number(ref, "compute_budget", POSITIVE, where + " reference");
      runs.add(training.forBudget(name, "reference", model(ref, training, where + " reference"), budget));
    }
    if (root.has("isoflop")) {
      JsonNode iso = root.get("isoflop");
      allowOnly(iso, ISOFLOP, where + " isoflop");
      for (JsonNode budget : array(iso, "compute_budgets", where + " isoflop")) {
        for (JsonNode m : array(iso, "models", where + " isoflop")) {
          allowOnly(m, MODEL, where + " isoflop model");
          runs.add(training.forBudget(name, "isoflop", model(m, training, where + " isoflop model"),
              number(budget, POSITIVE, where + " isoflop compute_budgets")));
        }
      }
    }
    if (root.has("grid")) {
      runs.addAll(grid(root.get("grid"), training, name, where + " grid"));
    }
    if (runs.isEmpty()) {
      throw new IllegalArgumentException(where + " declares no run; add a reference, isoflop or grid section");
    }
    Set<String> names = new HashSet<>();
    for (RunSpec run : runs) {
      if (!names.add(run.runName())) {
        throw new IllegalArgumentException(where + " declares run " + run.runName() + " twice");
      }
    }
    return new SweepPlan(name, List.copyOf(runs));
  }

  private static List<RunSpec> grid(JsonNode grid, Training training, String sweep, String where) {
    allowOnly(grid, GRID, where);
    List<RunSpec> runs = new ArrayList<>();
    for (JsonNode d : array(grid, "d_model", where)) {
      for (JsonNode l : array(grid, "num_layers", where)) {
        for (JsonNode h : array(grid, "num_heads", where)) {
          for (JsonNode c : grid.has("seq_len")
              ? array(grid, "seq_len", where) : List.of(IntNode.valueOf(training.seqLen()))) {
            DecoderLmConfig model = DecoderLmConfig.of(integer(d, where), integer(l, where),
                integer(h, where), integer(c, where), ByteVocabulary.SIZE);
            for (JsonNode tokens : array(grid, "tokens", where)) {
              runs.add(training.forTokens(sweep, model, number(tokens, POSITIVE, where + " tokens")));
            }
          }
        }
      }
    }
    return runs;
  }

  private static DecoderLmConfig model(JsonNode m, Training training, String where) {
    int seqLen = integer(m, "seq_len", training.seqLen(), where);
    return DecoderLmConfig.of(integer(m, "d_model", where), integer(m, "num_layers", where),
        integer(m, "num_heads", where), seqLen, ByteVocabulary.SIZE);
  }

  /** The shared settings of the {@code training} section, with their defaults. */
  private record Training(int batchSize, int seqLen, float lr, double warmupFraction,
      float weightDecay, int evalEvery, int evalBatches, long seed, CheckpointAveraging averaging) {

    static Training parse(JsonNode t, String where) {
      allowOnly(t, TRAINING, where);
      return new Training(
          integer(t, "batch_size", 16, where),
          integer(t, "seq_len", 64, where),
          (float) number(t, "lr", 3e-3, POSITIVE, where),
          number(t, "warmup_fraction", 0.05, NON_NEGATIVE, where),
          (float) number(t, "weight_decay", 0.1, NON_NEGATIVE, where),
          integer(t, "eval_every", 50, where),
          integer(t, "eval_batches", 4, where),
          integer(t, "seed", 1, where),
          t.has("checkpoint_average")
              ? checkpointAveraging(t.get("checkpoint_average"), where + " checkpoint_average") : null);
    }

    private static CheckpointAveraging checkpointAveraging(JsonNode c, String where) {
      allowOnly(c, CHECKPOINT_AVERAGE, where);
      int snapshots = integer(c, "snapshots", where);
      double lastFraction = number(c, "last_fraction", POSITIVE, where);
      try {
        return new CheckpointAveraging(snapshots, lastFraction);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(where + " " + e.getMessage(), e);
      }
    }

    RunSpec forBudget(String sweep, String plan, DecoderLmConfig model, double budget) {
      String name = String.join("-", sweep, plan, "c" + compact(budget), shape(model), "s" + seed);
      return spec(name, model, model.tokensForCompute(budget), plan, budget);
    }

    RunSpec forTokens(String sweep, DecoderLmConfig model, double tokens) {
      String name = String.join("-", sweep, "grid", shape(model), "t" + compact(tokens), "s" + seed);
      return spec(name, model, tokens, "grid", null);
    }

    private RunSpec spec(String name, DecoderLmConfig model, double tokens, String plan, Double budget) {
      long tokensPerStep = (long) batchSize * model.contextLength();
      int steps = (int) Math.max(1, Math.round(tokens / tokensPerStep));
      int warmup = (int) Math.round(warmupFraction * steps);
      return new RunSpec(name, model, batchSize, steps, lr, warmup, weightDecay, evalEvery,
          evalBatches, seed, plan, budget, averaging);
    }

    private static String shape(DecoderLmConfig m) {
      return "d" + m.dModel() + "-l" + m.numLayers() + "-h" + m.numHeads() + "-n" + m.contextLength();
    }

    /** 3 significant digits, e.g. 2e11, 3.5e11, 1.2e5; safe in a file name. */
    private static String compact(double value) {
      return new BigDecimal(value, new MathContext(3)).stripTrailingZeros().toString()
          .replace("E+", "e").toLowerCase(Locale.ROOT);
    }
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    Set<String> all = new HashSet<>(a);
    all.addAll(b);
    return Set.copyOf(all);
  }
}
