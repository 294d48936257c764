package org.scalingpipeline.ingest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.scalingpipeline.ingest.TensorBoardEventReader.HParam;
import org.yaml.snakeyaml.LoaderOptions;

/**
 * The hyperparameters in PyTorch Lightning's {@code hparams.yaml} (written beside the event files by {@code
 * TensorBoardLogger.save}, {@code save_hparams_to_yaml}): a YAML mapping, read key by key as text. A scalar keeps
 * the text the file holds ({@code 0.001}); a value PyYAML dumped as a Python object ({@code !!python/object:...},
 * a whole pickled module) is kept as its tag, not expanded; any other mapping or list as compact JSON. A key given
 * twice is a fault. The file was bounded by its reader ({@link InputFile#text()}).
 */
final class LightningHparamsYaml {

  /** The file's name. */
  static final String NAME = "hparams.yaml";

  private static final String YAML_TAG_PREFIX = "tag:yaml.org,2002:";

  private static final YAMLMapper YAML = new YAMLMapper(YAMLFactory.builder()
      .loaderOptions(unboundedCodePoints())
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .build());

  private LightningHparamsYaml() {}

  /** The file's top-level keys and their values, in file order; throws naming what is not a mapping of keys. */
  static Map<String, HParam> read(String text) throws IOException {
    Map<String, HParam> hparams = new LinkedHashMap<>();
    try (JsonParser yaml = YAML.createParser(text)) {
      JsonToken first = yaml.nextToken();
      if (first == null) {
        return hparams;
      }
      if (first != JsonToken.START_OBJECT) {
        throw new IOException("found " + first + " (" + yaml.getText() + "), expected a mapping of hyperparameters");
      }
      while (yaml.nextToken() == JsonToken.FIELD_NAME) {
        String key = yaml.currentName();
        JsonToken value = yaml.nextToken();
        if (value.isScalarValue()) {
          hparams.put(key, new HParam(yaml.getText(), value.isNumeric()));
        } else if (yaml.getTypeId() != null) {
          hparams.put(key, new HParam(shortTag(yaml.getTypeId().toString()), false));
          yaml.skipChildren();
        } else {
          hparams.put(key, new HParam(yaml.readValueAsTree().toString(), false));
        }
      }
    }
    return hparams;
  }

  /** A tag as the file writes it: {@code !!python/object:...} for the YAML namespace. */
  private static String shortTag(String tag) {
    return tag.startsWith(YAML_TAG_PREFIX) ? "!!" + tag.substring(YAML_TAG_PREFIX.length()) : "!" + tag;
  }

  /** The file was bounded when it was read: SnakeYAML's own 3 MB bound would refuse a large pickled module. */
  private static LoaderOptions unboundedCodePoints() {
    LoaderOptions options = new LoaderOptions();
    options.setCodePointLimit(Integer.MAX_VALUE);
    return options;
  }
}
