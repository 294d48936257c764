package org.scalingpipeline.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.scalingpipeline.warehouse.MetricUnit;

/**
 * Gives a metric that a reader took as the logger wrote it ({@link PointRecord#AS_LOGGED}) its canonical name and
 * unit, so that plans and views find the validation loss whatever the trainer called it: {@code val/loss},
 * {@code eval_loss}, {@code validation/epoch_loss} are all {@code loss_validation} in nats/token, {@code val_ppl}
 * is {@code loss_validation} logged as a perplexity. The defaults are {@code data/metric-map.json}; a user's map
 * (same shape, {@code --metric-map}) adds or overrides entries, for every source or for one. A name no entry
 * lists keeps its name, with unit {@link MetricUnit#SCALAR}: not known to be a loss.
 */
public final class MetricMap implements Serializable {

  private static final long serialVersionUID = 1L;

  /** Where the defaults sit on the class path. */
  public static final String BUNDLED = "data/metric-map.json";

  /** A canonical name and the unit the logged values are in. */
  public record Target(String metric, MetricUnit unit) implements Serializable {}

  /** Entries for every source, by lower-cased logged name. */
  private final Map<String, Target> names;
  /** Entries for one source: source, then lower-cased logged name. */
  private final Map<String, Map<String, Target>> bySource;

  private MetricMap(Map<String, Target> names, Map<String, Map<String, Target>> bySource) {
    this.names = names;
    this.bySource = bySource;
  }

  /** The bundled defaults. */
  public static MetricMap defaults() {
    try (InputStream in = MetricMap.class.getClassLoader().getResourceAsStream(BUNDLED)) {
      if (in == null) {
        throw new IllegalStateException(BUNDLED + " is not on the class path");
      }
      return new MetricMap(new HashMap<>(), new HashMap<>()).with(new String(in.readAllBytes(),
          java.nio.charset.StandardCharsets.UTF_8), BUNDLED);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + BUNDLED + ": " + e.getMessage(), e);
    }
  }

  /** The defaults with a user's map file over them; a fault of the file is one error naming the file and entry. */
  public MetricMap overriddenBy(Path file) {
    try {
      return with(Files.readString(file), file.toString());
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read the metric map " + file + ": " + e.getMessage(), e);
    }
  }

  private MetricMap with(String json, String where) {
    Map<String, Target> all = new HashMap<>(names);
    Map<String, Map<String, Target>> perSource = new HashMap<>();
    bySource.forEach((source, map) -> perSource.put(source, new HashMap<>(map)));
    JsonNode entries;
    try {
      entries = Json.readStrict(json).path("names");
    } catch (IOException e) {
      throw new IllegalArgumentException("metric map " + where + " is not JSON: " + e.getMessage(), e);
    }
    if (!entries.isArray()) {
      throw new IllegalArgumentException("metric map " + where + ": expected {\"names\": [ {metric, unit, logged_as}, ... ]}");
    }
    for (int i = 0; i < entries.size(); i++) {
      JsonNode entry = entries.get(i);
      String at = "metric map " + where + ", entry " + (i + 1);
      try {
        Target target = new Target(Cells.text("metric", Json.textOrNull(entry, "metric")),
            MetricUnit.of(Cells.text("unit", Json.textOrNull(entry, "unit"))));
        String source = Json.textOrNull(entry, "source");
        Map<String, Target> into = source == null ? all : perSource.computeIfAbsent(source, s -> new HashMap<>());
        JsonNode loggedAs = entry.path("logged_as");
        if (!loggedAs.isArray() || loggedAs.isEmpty()) {
          throw new Cells.BadCell("logged_as", loggedAs.toString(), "a list of logged names");
        }
        for (JsonNode name : loggedAs) {
          into.put(Cells.text("logged_as", name.isTextual() ? name.asText() : null).toLowerCase(Locale.ROOT), target);
        }
      } catch (IllegalArgumentException | Cells.BadCell e) {
        throw new IllegalArgumentException(at + ": " + e.getMessage(), e);
      }
    }
    return new MetricMap(all, perSource);
  }

  /** The canonical name and unit of a metric a run of {@code source} logged as {@code logged}. */
  public Target resolve(String source, String logged) {
    String key = logged.toLowerCase(Locale.ROOT);
    Target own = bySource.getOrDefault(source, Map.of()).get(key);
    if (own != null) {
      return own;
    }
    return names.getOrDefault(key, new Target(logged, MetricUnit.SCALAR));
  }
}
