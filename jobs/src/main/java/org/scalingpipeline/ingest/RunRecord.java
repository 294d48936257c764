package org.scalingpipeline.ingest;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One training run as a source describes it, before it becomes a row of {@code runs}. Besides its
 * identity, a run carries optional attributes named exactly like the {@code runs} columns
 * ({@link #ATTRIBUTES}), a free-form text {@code config}, and for the attributes and config entries that did not
 * come from the log itself, where they came from ({@code provenance}: a run manifest's line, a derivation).
 */
public record RunRecord(String runId, String source, String family, String sourceFile,
    Map<String, Object> attributes, Map<String, String> config, Map<String, String> provenance) implements Serializable {

  /** What {@code runs.provenance} says of a value the log itself gave. */
  public static final String FROM_LOG = "log";

  /** Names of the optional typed attributes: the {@code runs} columns a source may fill. */
  public static final Set<String> ATTRIBUTES = Set.of(
      "router_type", "num_experts", "k", "routing_frequency", "model_size_label", "experiment",
      "d_model", "num_layers", "num_heads", "vocab_size", "seq_len", "batch_size", "params_total",
      "params_dense", "params_embedding", "params_non_embedding", "flops_per_step",
      "tokens_per_step", "tokenizer", "seed", "dataset");

  public RunRecord {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(family, "family");
    Objects.requireNonNull(sourceFile, "sourceFile");
    for (String name : attributes.keySet()) {
      if (!ATTRIBUTES.contains(name)) {
        throw new IllegalArgumentException("'" + name + "' is not a run attribute; expected one of " + ATTRIBUTES);
      }
    }
    attributes = Map.copyOf(attributes);
    config = Map.copyOf(config);
    provenance = Map.copyOf(provenance);
  }

  /** A run whose every value came from its log. */
  public RunRecord(String runId, String source, String family, String sourceFile, Map<String, Object> attributes,
      Map<String, String> config) {
    this(runId, source, family, sourceFile, attributes, config, Map.of());
  }

  /** Starts a run with the given identity and no attributes. */
  public static RunRecord of(String source, String runName, String family, String sourceFile) {
    return new RunRecord(runId(source, runName), source, family, sourceFile, Map.of(), Map.of());
  }

  /**
   * The stable id of a run: {@code <source>:<run name>}, with every {@code %} and {@code :} of the source
   * percent-encoded ({@code %25}, {@code %3A}), so the id splits into source and run name at its first
   * {@code :} and two different (source, run name) pairs never share an id: source {@code hcol:b} with run
   * {@code c} is {@code hcol%3Ab:c}, source {@code hcol} with run {@code b:c} is {@code hcol:b:c}. A source
   * without either character keeps its plain name ({@code routing:7}).
   */
  public static String runId(String source, String runName) {
    return source.replace("%", "%25").replace(":", "%3A") + ":" + runName;
  }

  /** A copy with one more attribute; a null value leaves the attribute unset. */
  public RunRecord with(String name, Object value) {
    if (value == null) {
      return this;
    }
    Map<String, Object> copy = new LinkedHashMap<>(attributes);
    copy.put(name, value);
    return new RunRecord(runId, source, family, sourceFile, copy, config, provenance);
  }

  /** A copy with one more config entry. */
  public RunRecord withConfig(String key, String value) {
    Map<String, String> copy = new LinkedHashMap<>(config);
    copy.put(key, value);
    return new RunRecord(runId, source, family, sourceFile, attributes, copy, provenance);
  }

  /** A copy recording that the attribute or config entry {@code key} came from {@code where}, not from the log. */
  public RunRecord from(String key, String where) {
    Map<String, String> copy = new LinkedHashMap<>(provenance);
    copy.put(key, where);
    return new RunRecord(runId, source, family, sourceFile, attributes, config, copy);
  }

  /** Where each attribute and config entry came from: {@link #FROM_LOG} unless {@link #provenance()} says otherwise. */
  public Map<String, String> origins() {
    Map<String, String> all = new java.util.TreeMap<>();
    attributes.keySet().forEach(k -> all.put(k, FROM_LOG));
    config.keySet().forEach(k -> all.put(k, FROM_LOG));
    all.putAll(provenance);
    return all;
  }

  /** A numeric attribute as a double, or null when unset. */
  public Double number(String name) {
    Object value = attributes.get(name);
    return value == null ? null : ((Number) value).doubleValue();
  }
}
