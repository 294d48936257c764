package org.scalingpipeline.ingest;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a run needs that loggers do not record ({@code data/log-format.md}, "Run manifest"): a CSV file whose rows
 * match runs by a glob over the run's name or id ({@code run} column: {@code sweep/lr-*}, {@code tensorboard:**},
 * {@code **}) and give them a config: typed {@code runs} attributes ({@code params_non_embedding},
 * {@code tokens_per_step}, {@code batch_size}, {@code seq_len}, {@code dataset}, {@code tokenizer}, {@code seed},
 * ...), a FLOP formula ({@code flops_formula = 6ND}: C ≈ 6 N D, Kaplan et al. 2020 §2.1, with N the non-embedding
 * parameters where known, else the dense, else the total), and any other column as a config entry (learning
 * rate, replicate). A row that gives the run's mean UTF-8 bytes per token ({@value #BYTES_PER_TOKEN}, > 0: what turns a
 * loss in nats per token into bits per byte, the unit that compares tokenizers) states in the same row whether the
 * figure was {@code measured} or {@code assumed} ({@value #BYTES_PER_TOKEN_BASIS}) and what it rests on
 * ({@value #BYTES_PER_TOKEN_SOURCE}: the count, the paper and table), so a bits-per-byte value never rests on an
 * unstated guess (the view {@code points_bpb}). Every matching row applies, in file order, over what the log said; the run
 * records where each value came from ({@code runs.provenance}). A run a row matched also gets
 * {@code tokens_per_step = batch_size × seq_len} when it has both and no tokens per step. A bad cell fails the
 * manifest before anything is read, in one line naming the file, line and column.
 */
public final class RunManifest implements Serializable {

  private static final long serialVersionUID = 1L;

  /** The column holding the glob a row matches runs with. */
  public static final String RUN = "run";
  /** The column naming the FLOP formula of a run. */
  public static final String FLOPS_FORMULA = "flops_formula";
  /** The one FLOP formula: training FLOPs per token = 6 N (forward 2N, backward 4N). */
  public static final String SIX_ND = "6ND";
  /** The column of the run's mean UTF-8 bytes per token of its tokenizer on its data, a config entry. */
  public static final String BYTES_PER_TOKEN = "bytes_per_token";
  /** The column saying whether {@link #BYTES_PER_TOKEN} was {@code measured} or {@code assumed}. */
  public static final String BYTES_PER_TOKEN_BASIS = "bytes_per_token_basis";
  /** The column saying what {@link #BYTES_PER_TOKEN} rests on: the count made, or the publication cited. */
  public static final String BYTES_PER_TOKEN_SOURCE = "bytes_per_token_source";
  /** The bases a bytes-per-token figure may have. */
  public static final List<String> BYTES_PER_TOKEN_BASES = List.of("measured", "assumed");

  /** One row: where it is, the glob, and its non-empty cells by column. */
  private record Row(String where, String glob, Map<String, String> cells) implements Serializable {

    boolean matches(RunRecord run) {
      PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + glob);
      String name = run.runId().substring(run.runId().indexOf(':') + 1);
      return matches(matcher, run.runId()) || matches(matcher, name);
    }

    private static boolean matches(PathMatcher matcher, String text) {
      try {
        return matcher.matches(Path.of(text));
      } catch (java.nio.file.InvalidPathException e) {
        return false;
      }
    }
  }

  private final List<Row> rows;

  private RunManifest(List<Row> rows) {
    this.rows = List.copyOf(rows);
  }

  /** No rows: runs are as their logs describe them. */
  public static RunManifest none() {
    return new RunManifest(List.of());
  }

  /** Reads and checks a manifest file. */
  public static RunManifest fromFile(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read the run manifest " + file + ": " + e.getMessage(), e);
    }
    if (lines.isEmpty()) {
      throw new IllegalArgumentException("run manifest " + file + " is empty: expected a header with a '" + RUN
          + "' column");
    }
    List<String> header = Csv.fields(lines.get(0).strip()).stream().map(String::strip).toList();
    if (!header.contains(RUN)) {
      throw new IllegalArgumentException("run manifest " + file + ", line 1: found header " + header + ", expected a '"
          + RUN + "' column (a glob over run names) and config columns");
    }
    List<Row> rows = new ArrayList<>();
    for (int i = 1; i < lines.size(); i++) {
      if (lines.get(i).isBlank()) {
        continue;
      }
      String where = "run manifest " + file + ", line " + (i + 1);
      List<String> cells = Csv.fields(lines.get(i));
      if (cells.size() != header.size()) {
        throw new IllegalArgumentException(where + ": found " + cells.size() + " fields, expected " + header.size()
            + " (" + String.join(",", header) + ")");
      }
      Map<String, String> values = new LinkedHashMap<>();
      for (int c = 0; c < header.size(); c++) {
        String cell = cells.get(c).strip();
        if (!cell.isEmpty() && !header.get(c).equals(RUN)) {
          values.put(header.get(c), cell);
        }
      }
      String glob = cells.get(header.indexOf(RUN)).strip();
      if (glob.isEmpty()) {
        throw new IllegalArgumentException(where + ", column run: empty, expected a glob over run names");
      }
      Row row = new Row("manifest " + file.getFileName() + " line " + (i + 1), glob, values);
      try {
        FileSystems.getDefault().getPathMatcher("glob:" + glob);
        checkBytesPerToken(values);
        apply(row, RunRecord.of("check", "check", "check", "check"));
      } catch (Cells.BadCell | IllegalArgumentException e) {
        throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
      }
      rows.add(row);
    }
    return new RunManifest(rows);
  }

  /**
   * A row's bytes per token comes with its basis and source in the same row, and neither comes without it: a
   * number > 0, {@code measured} or {@code assumed}, and a non-empty source.
   */
  private static void checkBytesPerToken(Map<String, String> cells) {
    boolean any = cells.containsKey(BYTES_PER_TOKEN) || cells.containsKey(BYTES_PER_TOKEN_BASIS)
        || cells.containsKey(BYTES_PER_TOKEN_SOURCE);
    if (!any) {
      return;
    }
    String withIt = " in the row that gives " + BYTES_PER_TOKEN;
    if (!cells.containsKey(BYTES_PER_TOKEN)) {
      String given = cells.containsKey(BYTES_PER_TOKEN_BASIS) ? BYTES_PER_TOKEN_BASIS : BYTES_PER_TOKEN_SOURCE;
      throw new Cells.BadCell(BYTES_PER_TOKEN, null, "the bytes per token (a number > 0) that " + given
          + " describes, in the same row");
    }
    Cells.positive(BYTES_PER_TOKEN, cells.get(BYTES_PER_TOKEN));
    String basis = cells.get(BYTES_PER_TOKEN_BASIS);
    if (basis == null || !BYTES_PER_TOKEN_BASES.contains(basis)) {
      throw new Cells.BadCell(BYTES_PER_TOKEN_BASIS, basis, String.join(" or ", BYTES_PER_TOKEN_BASES) + withIt);
    }
    if (!cells.containsKey(BYTES_PER_TOKEN_SOURCE)) {
      throw new Cells.BadCell(BYTES_PER_TOKEN_SOURCE, null, "what the figure rests on (a count, a paper and table)"
          + withIt);
    }
  }

  /** The run with every matching row applied over what its log said; unchanged when no row matches. */
  public RunRecord apply(RunRecord run) {
    RunRecord described = run;
    boolean matched = false;
    for (Row row : rows) {
      if (row.matches(run)) {
        described = apply(row, described);
        matched = true;
      }
    }
    return matched ? derived(described) : described;
  }

  private static RunRecord apply(Row row, RunRecord run) {
    RunRecord out = run;
    for (Map.Entry<String, String> cell : row.cells().entrySet()) {
      String name = cell.getKey();
      if (name.equals(FLOPS_FORMULA)) {
        if (!cell.getValue().equalsIgnoreCase(SIX_ND)) {
          throw new Cells.BadCell(FLOPS_FORMULA, cell.getValue(), SIX_ND + " (C = 6 N D) or empty");
        }
        out = out.withConfig(FLOPS_FORMULA, SIX_ND).from(FLOPS_FORMULA, row.where());
      } else if (RunRecord.ATTRIBUTES.contains(name)) {
        out = out.with(name, RunHeaders.attribute(name, cell.getValue())).from(name, row.where());
      } else {
        out = out.withConfig(name, cell.getValue()).from(name, row.where());
      }
    }
    return out;
  }

  /** Tokens per step from batch × sequence length, FLOPs per step from the run's formula, where not given. */
  private static RunRecord derived(RunRecord run) {
    RunRecord out = run;
    Double batch = run.number("batch_size");
    Double seqLen = run.number("seq_len");
    if (run.number("tokens_per_step") == null && batch != null && seqLen != null) {
      out = out.with("tokens_per_step", batch * seqLen).from("tokens_per_step", "derived: batch_size × seq_len");
    }
    Double tokens = out.number("tokens_per_step");
    Double n = firstOf(out, "params_non_embedding", "params_dense", "params_total");
    if (SIX_ND.equals(out.config().get(FLOPS_FORMULA)) && out.number("flops_per_step") == null && tokens != null
        && n != null) {
      out = out.with("flops_per_step", 6 * n * tokens).from("flops_per_step", "derived: 6 N tokens_per_step");
    }
    return out;
  }

  private static Double firstOf(RunRecord run, String... names) {
    for (String name : names) {
      if (run.number(name) != null) {
        return run.number(name);
      }
    }
    return null;
  }
}
