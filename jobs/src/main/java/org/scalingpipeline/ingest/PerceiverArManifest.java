package org.scalingpipeline.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import org.scalingpipeline.ingest.TensorBoardCsvParser.RunDescription;

/**
 * The experiment manifest that ties Perceiver AR TensorBoard exports to model configurations
 * ({@code data/perceiver-ar/manifest.csv}): one row per (experiment, version).
 */
public final class PerceiverArManifest implements Serializable {

  private static final long serialVersionUID = 1L;

  /** The source name of Perceiver AR runs; their ids are {@code perceiver-ar:<experiment>/version_<n>}. */
  public static final String SOURCE = "perceiver-ar";

  /** Where the bundled manifest sits on the class path. */
  public static final String RESOURCE = "data/perceiver-ar/manifest.csv";

  /** The columns a manifest has (more are allowed and ignored). */
  public static final List<String> COLUMNS = List.of("experiment", "version", "num_channels", "num_layers", "num_steps",
      "dataset", "tokenizer", "vocab_size", "max_seq_len", "num_latents", "batch_size", "cross_attention_dropout",
      "optimizer", "learning_rate", "lr_schedule", "warmup_steps");

  private final Map<String, Map<String, String>> entries;

  private PerceiverArManifest(Map<String, Map<String, String>> entries) {
    this.entries = entries;
  }

  /** The manifest bundled with the project. */
  public static PerceiverArManifest bundled() {
    InputStream in = PerceiverArManifest.class.getClassLoader().getResourceAsStream(RESOURCE);
    if (in == null) {
      throw new IllegalStateException("the bundled Perceiver AR manifest " + RESOURCE + " is not on the class path");
    }
    return read(in, RESOURCE);
  }

  /** A manifest read from a file. */
  public static PerceiverArManifest fromFile(Path path) {
    try {
      return read(Files.newInputStream(path), path.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the Perceiver AR manifest " + path + ": " + e.getMessage(), e);
    }
  }

  /**
   * Reads and checks a whole manifest before anything is ingested: the header has every column, and every row
   * makes a run; otherwise one line naming the file, the row and the column.
   */
  private static PerceiverArManifest read(InputStream in, String name) {
    Map<String, Map<String, String>> entries = new TreeMap<>();
    try (TextLines records = new TextLines(in, ReadLimits.DEFAULT_MAX_LINE_BYTES, true)) {
      TextLines.Line first = records.next();
      if (first == null || first.fault() != null) {
        throw new IllegalArgumentException("manifest " + name + ": " + (first == null ? "empty" : first.fault())
            + ", expected the header " + String.join(",", COLUMNS));
      }
      List<String> header = Csv.fields(first.text().strip());
      List<String> missing = COLUMNS.stream().filter(c -> !header.contains(c)).toList();
      if (!missing.isEmpty()) {
        throw new IllegalArgumentException("manifest " + name + ": the header lacks the columns " + missing
            + "; expected " + String.join(",", COLUMNS));
      }
      for (TextLines.Line record = records.next(); record != null; record = records.next()) {
        String where = "manifest " + name + " line " + record.number() + ": ";
        if (record.fault() != null) {
          throw new IllegalArgumentException(where + record.fault());
        }
        if (record.text().isBlank()) {
          continue;
        }
        try {
          List<String> cells = Csv.fields(record.text());
          if (cells.size() != header.size()) {
            throw new IllegalArgumentException(where + "found " + cells.size() + " fields, expected " + header.size());
          }
          Map<String, String> entry = new LinkedHashMap<>();
          for (int i = 0; i < header.size(); i++) {
            entry.put(header.get(i), cells.get(i).strip());
          }
          run(entry, name);
          String key = key(entry.get("experiment"), entry.get("version"));
          if (entries.put(key, entry) != null) {
            throw new IllegalArgumentException(where + "experiment " + entry.get("experiment") + " version "
                + entry.get("version") + " is listed twice");
          }
        } catch (Cells.BadCell e) {
          throw new IllegalArgumentException(where + e.getMessage());
        } catch (IllegalArgumentException e) {
          throw e.getMessage().startsWith(where) ? e : new IllegalArgumentException(where + e.getMessage(), e);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the Perceiver AR manifest " + name + ": " + e.getMessage(), e);
    }
    return new PerceiverArManifest(entries);
  }

  /** The manifest rows, in (experiment, version) order. */
  public List<Map<String, String>> entries() {
    return new ArrayList<>(entries.values());
  }

  /** The run an export belongs to, or why it belongs to none. */
  public RunDescription describe(String path) {
    String fileName = path.substring(path.lastIndexOf('/') + 1);
    Matcher name = LogFormat.PERCEIVER_AR_NAME.matcher(fileName);
    if (!name.matches()) {
      return RunDescription.unknown("file name '" + fileName
          + "' is not run-logs-<release>_<experiment>_version_<n>-tag-<tag>.csv");
    }
    Map<String, String> entry = entries.get(key(name.group("experiment"), name.group("version")));
    if (entry == null) {
      return RunDescription.unknown("no manifest entry for experiment '" + name.group("experiment")
          + "' version " + name.group("version") + "; the manifest has " + entries.keySet());
    }
    return new RunDescription(run(entry, path), name.group("tag"), PointRecord.NATS_PER_TOKEN, null);
  }

  private static RunRecord run(Map<String, String> e, String path) {
    PerceiverArFacts facts = PerceiverArFacts.of(e);
    Cells.count("num_steps", e.get("num_steps"));
    Cells.count("version", e.get("version"));
    RunRecord run = RunRecord.of(SOURCE, e.get("experiment") + "/version_" + e.get("version"), SOURCE, path)
        .with("experiment", e.get("experiment"))
        .with("d_model", Cells.smallCount("num_channels", e.get("num_channels")))
        .with("num_layers", Cells.smallCount("num_layers", e.get("num_layers")))
        .with("vocab_size", Cells.smallCount("vocab_size", e.get("vocab_size")))
        .with("seq_len", Cells.smallCount("max_seq_len", e.get("max_seq_len")))
        .with("batch_size", Cells.smallCount("batch_size", e.get("batch_size")))
        .with("tokenizer", Cells.text("tokenizer", e.get("tokenizer")))
        .with("dataset", Cells.text("dataset", e.get("dataset")))
        .with("params_total", facts.params())
        .with("params_dense", facts.params())
        .with("params_embedding", facts.embeddingParams())
        .with("params_non_embedding", facts.params() - facts.embeddingParams())
        .with("tokens_per_step", facts.tokensPerStep())
        .with("flops_per_step", facts.flopsPerStep());
    for (String key : List.of("version", "num_steps", "num_latents", "cross_attention_dropout",
        "optimizer", "learning_rate", "lr_schedule", "warmup_steps")) {
      run = run.withConfig(key, e.get(key));
    }
    return run.withConfig("params_self", Double.toString(facts.selfParams()))
        .withConfig("params_cross", Double.toString(facts.crossParams()))
        .withConfig("flops_self_per_step", Double.toString(facts.selfFlopsPerStep()))
        .withConfig("flops_cross_per_step", Double.toString(facts.crossFlopsPerStep()));
  }

  private static String key(String experiment, String version) {
    return experiment + "/" + version;
  }
}
