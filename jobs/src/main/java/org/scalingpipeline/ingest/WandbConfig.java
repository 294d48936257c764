package org.scalingpipeline.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A W&amp;B run's {@code config.yaml} (in the run folder's {@code files/}, or in the run folder itself for old
 * clients), as the SDK writes it ({@code wandb/sdk/wandb_config.py}): {@code wandb_version: 1}, then one
 * entry per config key, {@code key: {desc: ..., value: ...}}. The SDK's own {@code _wandb} entry (versions,
 * telemetry) is not part of the user's config and is left out. A key's text is its value as written for a
 * scalar, or as JSON for a list or map.
 */
final class WandbConfig {

  private static final ObjectReader YAML = YAMLMapper.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .build().readerFor(JsonNode.class);

  private WandbConfig() {}

  /**
   * The config of the file, key to text; throws naming the fault when the file is not YAML or not a map of
   * {@code {desc, value}} entries.
   */
  static Map<String, String> read(InputFile file) throws IOException {
    JsonNode root;
    try {
      root = YAML.readValue(file.text());
    } catch (JsonProcessingException e) {
      throw new IOException("not YAML: " + e.getOriginalMessage().lines().findFirst().orElse(""), e);
    }
    Map<String, String> config = new LinkedHashMap<>();
    if (root == null || root.isMissingNode() || root.isNull()) {
      return config;
    }
    if (!root.isObject()) {
      throw new IOException("found a YAML " + root.getNodeType().toString().toLowerCase() + ", expected a map of"
          + " key: {desc: ..., value: ...}");
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      String key = entry.getKey();
      if (key.equals("_wandb") || key.equals("wandb_version")) {
        continue;
      }
      JsonNode value = entry.getValue().isObject() ? entry.getValue().get("value") : null;
      if (value == null) {
        throw new IOException("key '" + key + "' holds " + entry.getValue() + ", expected {desc: ..., value: ...}");
      }
      config.put(key, text(value));
    }
    return config;
  }

  /** A value's text: a scalar as written, a list or map as JSON, null as "null". */
  static String text(JsonNode value) {
    return value.isContainerNode() || value.isNull() ? value.toString() : value.asText();
  }
}
