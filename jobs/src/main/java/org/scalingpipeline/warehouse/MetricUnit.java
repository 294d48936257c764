package org.scalingpipeline.warehouse;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The one vocabulary of units a point may have ({@code data/schema.md}, "Units"). Loss-like values are stored in a
 * canonical unit, nats per token or bits per byte, and a value logged in another unit of the same kind is
 * converted, the value as logged being kept beside it ({@code points.logged_value}, {@code logged_unit}):
 * perplexity p is ln p nats/token (cross-entropy is the log of perplexity), bits/token are × ln 2 nats/token,
 * nats/byte are ÷ ln 2 bits/byte. A unit outside the vocabulary is a reject, never stored as free text.
 */
public enum MetricUnit {
  NATS_PER_TOKEN("nats/token", null, 1, "cross-entropy in natural-log units per token (PyTorch's and JAX's losses)"),
  BITS_PER_TOKEN("bits/token", NATS_PER_TOKEN, Math.log(2), "cross-entropy in bits per token; stored × ln 2"),
  PERPLEXITY("perplexity", NATS_PER_TOKEN, Double.NaN, "exp of the cross-entropy in nats/token; p is stored as ln p"),
  BITS_PER_BYTE("bits/byte", null, 1, "cross-entropy in bits per UTF-8 byte, independent of the tokenizer"),
  NATS_PER_BYTE("nats/byte", BITS_PER_BYTE, 1 / Math.log(2), "cross-entropy in nats per UTF-8 byte; stored ÷ ln 2"),
  ACCURACY("accuracy", null, 1, "a fraction of correct answers, 0 to 1"),
  ERROR_RATE("error-rate", null, 1, "a fraction of wrong answers, 0 to 1 (a rate, not a loss)"),
  SCALAR("scalar", null, 1, "a logged scalar that is not known to be a loss or a rate: learning rate, gradient norm,"
      + " epoch, throughput, or a metric the metric map does not list");

  private final String label;
  private final MetricUnit canonical;
  private final double factor;
  private final String meaning;

  MetricUnit(String label, MetricUnit canonical, double factor, String meaning) {
    this.label = label;
    this.canonical = canonical;
    this.factor = factor;
    this.meaning = meaning;
  }

  /**
   * A cross-entropy in nats/token as bits per UTF-8 byte, given the mean bytes per token of the tokenizer on the data
   * (a run's {@code config.bytes_per_token}): nats / (ln 2 × bytes per token), the unit in which studies with different
   * tokenizers compare.
   */
  public static double bitsPerByte(double natsPerToken, double bytesPerToken) {
    return natsPerToken / (Math.log(2) * bytesPerToken);
  }

  /** What a value in this unit is, for {@code data/schema.md}. */
  public String meaning() {
    return meaning;
  }

  /** The text stored in {@code points.unit}. */
  public String label() {
    return label;
  }

  /** The unit values of this unit are stored in: itself, or the canonical unit of its kind. */
  public MetricUnit stored() {
    return canonical == null ? this : canonical;
  }

  /**
   * A value of this unit in {@link #stored()} units; refused when it has no meaning there (a perplexity below 1),
   * the exception's message saying what was expected.
   */
  public double toStored(double value) {
    if (this == PERPLEXITY) {
      if (!(value >= 1)) {
        throw new IllegalArgumentException("a perplexity >= 1 (the exp of a cross-entropy, which is >= 0)");
      }
      return Math.log(value);
    }
    return value * factor;
  }

  /** The unit a text names (case and surrounding blanks aside); an unknown one is refused, naming the vocabulary. */
  public static MetricUnit of(String text) {
    String wanted = text.strip().toLowerCase(Locale.ROOT);
    for (MetricUnit unit : values()) {
      if (unit.label.equals(wanted)) {
        return unit;
      }
    }
    throw new IllegalArgumentException("unit: found '" + text + "', expected one of " + vocabulary());
  }

  /** The labels, comma-separated. */
  public static String vocabulary() {
    return Arrays.stream(values()).map(MetricUnit::label).collect(Collectors.joining(", "));
  }
}
