package org.scalingpipeline.ingest;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
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

  private static PerceiverArManifest read(InputStream in, String name) {
    Map<String, Map<String, String>> entries = new TreeMap<>();
    try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String[] header = reader.readLine().split(",", -1);
      String line;
      int lineNo = 1;
      while ((line = reader.readLine()) != null) {
        lineNo++;
        if (line.isBlank()) {
          continue;
        }
        String[] cells = line.split(",", -1);
        if (cells.length != header.length) {
          throw new IllegalArgumentException(name + " line " + lineNo + ": found " + cells.length
              + " fields, expected " + header.length);
        }
        Map<String, String> entry = new LinkedHashMap<>();
        for (int i = 0; i < header.length; i++) {
          entry.put(header[i], cells[i].strip());
        }
        entries.put(key(entry.get("experiment"), entry.get("version")), entry);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the Perceiver AR manifest " + name, e);
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
    RunRecord run = RunRecord.of(SOURCE, e.get("experiment") + "/version_" + e.get("version"), SOURCE, path)
        .with("experiment", e.get("experiment"))
        .with("d_model", Integer.parseInt(e.get("num_channels")))
        .with("num_layers", Integer.parseInt(e.get("num_layers")))
        .with("vocab_size", Integer.parseInt(e.get("vocab_size")))
        .with("seq_len", Integer.parseInt(e.get("max_seq_len")))
        .with("batch_size", Integer.parseInt(e.get("batch_size")))
        .with("tokenizer", e.get("tokenizer"))
        .with("dataset", e.get("dataset"))
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
