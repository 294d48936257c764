package org.scalingpipeline.ingest;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.scalingpipeline.ingest.TensorBoardEventReader.HParam;

/**
 * A run's hyperparameters (Lightning's {@code hparams.yaml}, the {@code hparams} plugin's session start) as its
 * config: every value as text under its own key, and the few well-known names ({@link #ATTRIBUTE_OF}) as typed
 * attributes too, when the value is a whole number and no other name of the same attribute says otherwise.
 */
final class HyperParameters {

  /** Names writers use for a {@code runs} attribute (nanoGPT's {@code n_layer}, {@code n_head}, ...). */
  static final Map<String, String> ATTRIBUTE_OF = Map.ofEntries(
      Map.entry("num_layers", "num_layers"), Map.entry("n_layer", "num_layers"), Map.entry("n_layers", "num_layers"),
      Map.entry("d_model", "d_model"),
      Map.entry("num_heads", "num_heads"), Map.entry("n_head", "num_heads"), Map.entry("n_heads", "num_heads"),
      Map.entry("vocab_size", "vocab_size"), Map.entry("seq_len", "seq_len"), Map.entry("batch_size", "batch_size"),
      Map.entry("seed", "seed"));

  private HyperParameters() {}

  /** The run with the hyperparameters as config entries and, where unambiguous, typed attributes. */
  static RunRecord apply(RunRecord run, Map<String, HParam> hparams) {
    Map<String, Integer> typed = new LinkedHashMap<>();
    Set<String> ambiguous = new HashSet<>();
    for (Map.Entry<String, HParam> entry : hparams.entrySet()) {
      HParam value = entry.getValue();
      run = run.withConfig(entry.getKey(), value.text());
      String attribute = ATTRIBUTE_OF.get(entry.getKey());
      Integer number = attribute == null || !value.number() ? null : wholeNumber(attribute, value.text());
      Integer earlier = number == null ? null : typed.putIfAbsent(attribute, number);
      if (earlier != null && !earlier.equals(number)) {
        ambiguous.add(attribute);
      }
    }
    for (Map.Entry<String, Integer> attribute : typed.entrySet()) {
      if (!ambiguous.contains(attribute.getKey())) {
        run = run.with(attribute.getKey(), attribute.getValue());
      }
    }
    return run;
  }

  /** A whole number >= 0 of int range, or null: anything else stays config text only. */
  private static Integer wholeNumber(String attribute, String text) {
    try {
      return Cells.smallCount(attribute, text);
    } catch (Cells.BadCell e) {
      return null;
    }
  }
}
