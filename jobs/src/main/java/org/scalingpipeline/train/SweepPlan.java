package org.scalingpipeline.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.IntNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.scalingpipeline.core.flops.DecoderLmConfig;

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
      "warmup_fraction", "weight_decay", "eval_every", "eval_batches", "seed");
  private static final Set<String> MODEL = Set.of("d_model", "num_layers", "num_heads", "seq_len");
  private static final Set<String> REFERENCE = union(MODEL, Set.of("compute_budget"));
  private static final Set<String> ISOFLOP = Set.of("compute_budgets", "models");
  private static final Set<String> GRID = Set.of("d_model", "num_layers", "num_heads", "seq_len", "tokens");

  /** Reads and checks a sweep file. */
  public static SweepPlan read(Path file) {
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read sweep " + file + ": " + e.getMessage(), e);
    }
    return parse(root, file.toString());
  }

  /** Checks a parsed sweep document; {@code where} names it in error messages. */
  static SweepPlan parse(JsonNode root, String where) {
    requireKeys(root, TOP_LEVEL, where);
    String name = requireText(root, "name", where);
    Training training = Training.parse(root.path("training"), where + " training");
    List<RunSpec> runs = new ArrayList<>();
    if (root.has("reference")) {
      JsonNode ref = root.get("reference");
      requireKeys(ref, REFERENCE, where + " reference");
      double budget = requireNumber(ref, "compute_budget", where + " reference");
      runs.add(training.forBudget(name, "reference", model(ref, training, where + " reference"), budget));
    }
    if (root.has("isoflop")) {
      JsonNode iso = root.get("isoflop");
      requireKeys(iso, ISOFLOP, where + " isoflop");
      for (JsonNode budget : requireArray(iso, "compute_budgets", where + " isoflop")) {
        for (JsonNode m : requireArray(iso, "models", where + " isoflop")) {
          requireKeys(m, MODEL, where + " isoflop model");
          runs.add(training.forBudget(name, "isoflop", model(m, training, where + " isoflop model"),
              number(budget, where + " isoflop compute_budgets")));
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
    requireKeys(grid, GRID, where);
    List<RunSpec> runs = new ArrayList<>();
    for (JsonNode d : requireArray(grid, "d_model", where)) {
      for (JsonNode l : requireArray(grid, "num_layers", where)) {
        for (JsonNode h : requireArray(grid, "num_heads", where)) {
          for (JsonNode c : grid.has("seq_len")
              ? requireArray(grid, "seq_len", where) : List.of(IntNode.valueOf(training.seqLen()))) {
            DecoderLmConfig model = DecoderLmConfig.of(integer(d, where), integer(l, where),
                integer(h, where), integer(c, where), ByteVocabulary.SIZE);
            for (JsonNode tokens : requireArray(grid, "tokens", where)) {
              runs.add(training.forTokens(sweep, model, number(tokens, where + " tokens")));
            }
          }
        }
      }
    }
    return runs;
  }

  private static DecoderLmConfig model(JsonNode m, Training training, String where) {
    int seqLen = m.has("seq_len") ? integer(m.get("seq_len"), where) : training.seqLen();
    return DecoderLmConfig.of(requireInt(m, "d_model", where), requireInt(m, "num_layers", where),
        requireInt(m, "num_heads", where), seqLen, ByteVocabulary.SIZE);
  }

  /** The shared settings of the {@code training} section, with their defaults. */
  private record Training(int batchSize, int seqLen, float lr, double warmupFraction,
      float weightDecay, int evalEvery, int evalBatches, long seed) {

    static Training parse(JsonNode t, String where) {
      requireKeys(t, TRAINING, where);
      return new Training(
          t.has("batch_size") ? requireInt(t, "batch_size", where) : 16,
          t.has("seq_len") ? requireInt(t, "seq_len", where) : 64,
          t.has("lr") ? (float) requireNumber(t, "lr", where) : 3e-3f,
          t.has("warmup_fraction") ? requireNumber(t, "warmup_fraction", where) : 0.05,
          t.has("weight_decay") ? (float) requireNumber(t, "weight_decay", where) : 0.1f,
          t.has("eval_every") ? requireInt(t, "eval_every", where) : 50,
          t.has("eval_batches") ? requireInt(t, "eval_batches", where) : 4,
          t.has("seed") ? requireInt(t, "seed", where) : 1);
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
          evalBatches, seed, plan, budget);
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

  private static void requireKeys(JsonNode node, Set<String> allowed, String where) {
    if (!node.isMissingNode() && !node.isObject()) {
      throw new IllegalArgumentException(where + " must be a JSON object, got " + node);
    }
    for (Iterator<String> keys = node.fieldNames(); keys.hasNext(); ) {
      String key = keys.next();
      if (!allowed.contains(key)) {
        throw new IllegalArgumentException(where + " has unknown key '" + key + "'; expected one of "
            + new TreeSet<>(allowed));
      }
    }
  }

  private static String requireText(JsonNode node, String key, String where) {
    JsonNode value = node.get(key);
    if (value == null || !value.isTextual() || value.asText().isBlank()) {
      throw new IllegalArgumentException(where + " needs a text '" + key + "', got " + value);
    }
    return value.asText();
  }

  private static Iterable<JsonNode> requireArray(JsonNode node, String key, String where) {
    JsonNode value = node.get(key);
    if (value == null || !value.isArray() || value.isEmpty()) {
      throw new IllegalArgumentException(where + " needs a non-empty array '" + key + "', got " + value);
    }
    return value;
  }

  private static int requireInt(JsonNode node, String key, String where) {
    JsonNode value = node.get(key);
    if (value == null) {
      throw new IllegalArgumentException(where + " needs an integer '" + key + "'");
    }
    return integer(value, where + " " + key);
  }

  private static double requireNumber(JsonNode node, String key, String where) {
    JsonNode value = node.get(key);
    if (value == null) {
      throw new IllegalArgumentException(where + " needs a number '" + key + "'");
    }
    return number(value, where + " " + key);
  }

  private static int integer(JsonNode value, String where) {
    if (!value.canConvertToInt() || !value.isIntegralNumber()) {
      throw new IllegalArgumentException(where + " must be an integer, got " + value);
    }
    return value.intValue();
  }

  private static double number(JsonNode value, String where) {
    if (!value.isNumber() || !(value.doubleValue() > 0) || Double.isInfinite(value.doubleValue())) {
      throw new IllegalArgumentException(where + " must be a positive number, got " + value);
    }
    return value.doubleValue();
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    Set<String> all = new HashSet<>(a);
    all.addAll(b);
    return Set.copyOf(all);
  }
}
