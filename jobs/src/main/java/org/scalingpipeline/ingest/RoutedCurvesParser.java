package org.scalingpipeline.ingest;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads DeepMind's routed-LM training curves ({@code curves.csv.gz}, Clark et al. 2022, "Unified
 * Scaling Laws for Routed Language Models"): 22 columns, one row per (run, evaluation step), six
 * loss columns that become six metrics. An empty loss cell is counted, not rejected.
 *
 * <p>The file's {@code flops_per_step} is a forward-pass estimate; training FLOPs are
 * {@value #BACKWARD_MULTIPLIER} times the forward FLOPs, because the backward pass costs about twice
 * the forward pass (Kaplan et al. 2020, §2.1: C ≈ 6N per token against 2N forward). The file gives
 * no tokens per step, so {@code tokens} stays null.
 */
public final class RoutedCurvesParser extends LineParser {

  /** Training FLOPs per forward FLOP (forward + backward ≈ 3 × forward; Kaplan et al. 2020 §2.1). */
  public static final double BACKWARD_MULTIPLIER = 3.0;

  /** The source name of routed runs; their ids are {@code routing:<hyper_id>}. */
  public static final String SOURCE = "routing";

  /** The six loss columns, each a metric in nats/token. */
  public static final List<String> LOSS_COLUMNS = List.of("loss_c4", "loss_curation_corpus",
      "loss_lambada", "loss_pile", "loss_validation", "loss_wikitext103");

  /** The file's 22 columns. */
  public static final List<String> COLUMNS = List.of("hyper_id", "step", "loss_c4",
      "loss_curation_corpus", "loss_lambada", "loss_pile", "loss_validation", "loss_wikitext103",
      "num_experts", "d_model", "num_blocks", "num_heads", "kqv_size", "flop_increase", "k",
      "router_type", "seed", "routing_frequency", "total_parameter_count",
      "dense_parameter_count", "flops_per_step", "model_size_label");

  /** Router types of the study; dense runs are the E = 1 baseline. */
  public static final Set<String> ROUTER_TYPES = Set.of("Dense", "S-Base", "Hash", "RL-R");

  /** Columns that describe the run and must agree on every row of one hyper_id. */
  private static final List<String> RUN_COLUMNS = COLUMNS.subList(8, COLUMNS.size());

  private Map<String, Integer> index;
  private final Map<Long, RunSeen> runs = new HashMap<>();
  private final Map<List<Long>, Long> steps = new HashMap<>();

  public RoutedCurvesParser() {
    super(LogFormat.ROUTED_CURVES, true);
  }

  private record RunSeen(long line, Map<String, String> values) {}

  @Override
  String expectedFirstLine() {
    return "the header " + String.join(",", COLUMNS);
  }

  @Override
  String firstLine(String line, ParseCollector out) {
    List<String> header = Csv.fields(line.strip());
    List<String> missing = new ArrayList<>(COLUMNS);
    missing.removeAll(header);
    List<String> extra = new ArrayList<>(header);
    extra.removeAll(COLUMNS);
    if (!missing.isEmpty() || !extra.isEmpty() || header.size() != COLUMNS.size()) {
      return "header has " + header.size() + " columns" + (missing.isEmpty() ? "" : ", missing " + missing)
          + (extra.isEmpty() ? "" : ", unexpected " + extra) + "; expected the 22 columns " + COLUMNS;
    }
    index = new HashMap<>();
    for (int i = 0; i < header.size(); i++) {
      index.put(header.get(i), i);
    }
    return null;
  }

  @Override
  void row(long lineNo, String line, ParseCollector out) {
    String[] cells = Csv.fields(line).toArray(String[]::new);
    if (cells.length != COLUMNS.size()) {
      out.reject(lineNo, line, "found " + cells.length + " fields, expected " + COLUMNS.size());
      return;
    }
    try {
      long hyperId = Cells.count("hyper_id", cell(cells, "hyper_id"));
      long step = Cells.count("step", cell(cells, "step"));
      RunRecord run = runOf(hyperId, lineNo, cells, out);
      Long earlier = steps.putIfAbsent(List.of(hyperId, step), lineNo);
      if (earlier != null) {
        throw new Cells.BadCell("step", Long.toString(step),
            "one row per (hyper_id, step), but hyper_id " + hyperId + " has step " + step + " at line " + earlier);
      }
      double trainingFlops = step * run.number("flops_per_step");
      List<PointRecord> points = new ArrayList<>();
      int empty = 0;
      for (String metric : LOSS_COLUMNS) {
        String cell = cell(cells, metric);
        if (cell.isBlank()) {
          empty++;
        } else {
          points.add(new PointRecord(run.runId(), step, null, trainingFlops, metric,
              Cells.positive(metric, cell), PointRecord.NATS_PER_TOKEN, null, out.path()));
        }
      }
      out.acceptRow(run.runId());
      points.forEach(out::point);
      for (int i = 0; i < empty; i++) {
        out.emptyCell();
      }
    } catch (Cells.BadCell e) {
      out.reject(lineNo, line, e.getMessage());
    }
  }

  /** The run a row belongs to, created from its first valid row; later rows must agree with it. */
  private RunRecord runOf(long hyperId, long lineNo, String[] cells, ParseCollector out) {
    Map<String, String> values = new LinkedHashMap<>();
    for (String column : RUN_COLUMNS) {
      values.put(column, cell(cells, column).strip());
    }
    RunSeen seen = runs.get(hyperId);
    if (seen != null) {
      for (String column : RUN_COLUMNS) {
        if (!seen.values().get(column).equals(values.get(column))) {
          throw new Cells.BadCell(column, values.get(column), "'" + seen.values().get(column)
              + "' as on line " + seen.line() + " for the same hyper_id " + hyperId);
        }
      }
      return out.run(RunRecord.runId(SOURCE, Long.toString(hyperId)));
    }
    RunRecord run = newRun(hyperId, values, out.path());
    runs.put(hyperId, new RunSeen(lineNo, values));
    out.run(run);
    return run;
  }

  private static RunRecord newRun(long hyperId, Map<String, String> v, String sourceFile) {
    String routerType = Cells.text("router_type", v.get("router_type"));
    if (!ROUTER_TYPES.contains(routerType)) {
      throw new Cells.BadCell("router_type", routerType, "one of " + ROUTER_TYPES);
    }
    double routingFrequency = Cells.positive("routing_frequency", v.get("routing_frequency"));
    if (routingFrequency > 1) {
      throw new Cells.BadCell("routing_frequency", v.get("routing_frequency"), "a fraction in (0, 1]");
    }
    int experts = Cells.smallCount("num_experts", v.get("num_experts"));
    if (experts < 1) {
      throw new Cells.BadCell("num_experts", v.get("num_experts"), "a whole number >= 1");
    }
    double forwardFlopsPerStep = Cells.positive("flops_per_step", v.get("flops_per_step"));
    if (!Double.isFinite(BACKWARD_MULTIPLIER * forwardFlopsPerStep)) {
      throw new Cells.BadCell("flops_per_step", v.get("flops_per_step"), "a number whose training FLOPs ("
          + BACKWARD_MULTIPLIER + " × it) stay finite");
    }
    return RunRecord.of(SOURCE, Long.toString(hyperId), "Dense".equals(routerType) ? "dense" : "routed", sourceFile)
        .with("router_type", routerType)
        .with("num_experts", experts)
        .with("k", Cells.smallCount("k", v.get("k")))
        .with("routing_frequency", routingFrequency)
        .with("model_size_label", Cells.text("model_size_label", v.get("model_size_label")))
        .with("d_model", Cells.smallCount("d_model", v.get("d_model")))
        .with("num_layers", Cells.smallCount("num_blocks", v.get("num_blocks")))
        .with("num_heads", Cells.smallCount("num_heads", v.get("num_heads")))
        .with("seed", Cells.smallCount("seed", v.get("seed")))
        .with("params_total", Cells.positive("total_parameter_count", v.get("total_parameter_count")))
        .with("params_dense", Cells.positive("dense_parameter_count", v.get("dense_parameter_count")))
        .with("flops_per_step", BACKWARD_MULTIPLIER * forwardFlopsPerStep)
        .withConfig("hyper_id", Long.toString(hyperId))
        .withConfig("kqv_size", Long.toString(Cells.count("kqv_size", v.get("kqv_size"))))
        .withConfig("flop_increase", Double.toString(Cells.positive("flop_increase", v.get("flop_increase"))))
        .withConfig("forward_flops_per_step", v.get("flops_per_step"));
  }

  private String cell(String[] cells, String column) {
    return cells[index.get(column)];
  }
}
