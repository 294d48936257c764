package org.scalingpipeline.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.scalingpipeline.core.flops.TransformerShape;

/**
 * A Hugging Face model's {@code config.json} (the {@code PretrainedConfig} a {@code Trainer} saves with its
 * checkpoints) as run attributes: the width, depth, heads, vocabulary and context under the names the model
 * families use ({@code d_model} / {@code hidden_size} / {@code n_embd}, {@code n_layer} /
 * {@code num_hidden_layers} / {@code num_layers}, {@code n_head} / {@code num_attention_heads},
 * {@code vocab_size}, {@code n_positions} / {@code max_position_embeddings}), and Kaplan's non-embedding
 * parameter count ({@link TransformerShape#nonEmbeddingParams()}) when the feed-forward width is given too
 * ({@code intermediate_size} / {@code n_inner} / {@code ffn_dim} / {@code d_ff}). Every other key is config text.
 */
final class HfModelConfig {

  private static final Map<String, List<String>> ATTRIBUTES = Map.of(
      "d_model", List.of("d_model", "hidden_size", "n_embd"),
      "num_layers", List.of("n_layer", "num_hidden_layers", "num_layers"),
      "num_heads", List.of("n_head", "num_attention_heads"),
      "vocab_size", List.of("vocab_size"),
      "seq_len", List.of("n_positions", "max_position_embeddings"));
  private static final List<String> FFN_WIDTH = List.of("intermediate_size", "n_inner", "ffn_dim", "d_ff");

  private HfModelConfig() {}

  /**
   * The run with the config of {@code folder/config.json}, else of {@code runFolder/config.json}, when either
   * exists; a config that is not a JSON object throws naming the fault.
   */
  static RunRecord describe(RunRecord run, String folder, String runFolder, LogFiles logFiles) throws IOException {
    String location = folder + "/config.json";
    InputFile file = logFiles.companion(location);
    if (file == null && !runFolder.equals(folder)) {
      location = runFolder + "/config.json";
      file = logFiles.companion(location);
    }
    if (file == null) {
      return run;
    }
    JsonNode config;
    try {
      config = Json.readStrict(file.text());
    } catch (JsonProcessingException e) {
      throw new IOException(location + " is not JSON: " + Json.problem(e), e);
    }
    if (!config.isObject()) {
      throw new IOException(location + " holds " + config.getNodeType() + ", expected a JSON object");
    }
    Set<String> typed = new HashSet<>();
    for (Map.Entry<String, List<String>> attribute : ATTRIBUTES.entrySet()) {
      for (String key : attribute.getValue()) {
        if (config.hasNonNull(key) && run.attributes().get(attribute.getKey()) == null) {
          run = run.with(attribute.getKey(), RunHeaders.typed(attribute.getKey(), config.get(key)));
          typed.add(key);
        }
      }
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = config.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!typed.contains(e.getKey())) {
        run = run.withConfig(e.getKey(), WandbConfig.text(e.getValue()));
      }
    }
    return withNonEmbeddingParams(run, config);
  }

  private static RunRecord withNonEmbeddingParams(RunRecord run, JsonNode config) {
    Integer ffn = null;
    for (String key : FFN_WIDTH) {
      if (ffn == null && config.hasNonNull(key)) {
        ffn = Cells.smallCount(key, Json.text(key, config.get(key)));
      }
    }
    Object d = run.attributes().get("d_model");
    Object layers = run.attributes().get("num_layers");
    Object heads = run.attributes().get("num_heads");
    Object vocab = run.attributes().get("vocab_size");
    Object ctx = run.attributes().get("seq_len");
    if (ffn == null || d == null || layers == null || heads == null || vocab == null || ctx == null) {
      return run;
    }
    try {
      TransformerShape shape = new TransformerShape((Integer) d, (Integer) layers, (Integer) heads, ffn,
          (Integer) ctx, (Integer) vocab);
      return run.with("params_non_embedding", (double) shape.nonEmbeddingParams());
    } catch (IllegalArgumentException e) {
      throw new Cells.BadCell("config.json", e.getMessage(), "a transformer shape");
    }
  }
}
