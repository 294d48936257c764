package org.scalingpipeline.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.StreamSupport;

/**
 * The fields of a JSON config file (a sweep plan, a fit plan, a run sidecar), read one way: with
 * Jackson, required or optional (an absent field takes its default; a present one, zero included,
 * is checked), typed, and with errors that name where (the file and the section), the field, the
 * value found and what was expected.
 */
public final class JsonFields {

  /** The numbers a field accepts, besides being finite. */
  public enum Range {
    POSITIVE("a positive number"), NON_NEGATIVE("a number >= 0");

    private final String expected;

    Range(String expected) {
      this.expected = expected;
    }

    boolean accepts(double value) {
      return this == POSITIVE ? value > 0 : value >= 0;
    }
  }

  private JsonFields() {}

  /**
   * The one configuration of Jackson for config files: snake_case names, an unknown field is an error. A plan
   * read into records ({@code FitPlan}, {@code PlanRoles}) and one read field by field both use it.
   */
  public static ObjectMapper mapper() {
    return new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
        .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);
  }

  /** Parses a JSON file; {@code what} names it in the error, e.g. "sweep". */
  public static JsonNode read(Path file, String what) {
    try {
      return mapper().readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + what + " " + file + ": " + e.getMessage(), e);
    }
  }

  /** Checks that {@code node} is absent (an optional section) or an object holding no key but {@code allowed}. */
  public static void allowOnly(JsonNode node, Set<String> allowed, String where) {
    if (!node.isMissingNode() && !node.isObject()) {
      throw new IllegalArgumentException(where + " must be a JSON object, got " + node);
    }
    for (Iterator<String> keys = node.fieldNames(); keys.hasNext(); ) {
      String key = keys.next();
      if (!allowed.contains(key)) {
        throw new IllegalArgumentException(where + " has unknown key '" + key + "'; expected one of "
            + new TreeSet<>(allowed));
      }
    }
  }

  /** A required text field. */
  public static String text(JsonNode node, String key, String where) {
    JsonNode value = required(node, key, "a text", where);
    if (!value.isTextual() || value.asText().isBlank()) {
      throw new IllegalArgumentException(where + " " + key + " must be a non-empty text, got " + value);
    }
    return value.asText();
  }

  /** A required non-empty array field's elements. */
  public static List<JsonNode> array(JsonNode node, String key, String where) {
    JsonNode value = required(node, key, "a non-empty array", where);
    if (!value.isArray() || value.isEmpty()) {
      throw new IllegalArgumentException(where + " " + key + " must be a non-empty array, got " + value);
    }
    return StreamSupport.stream(value.spliterator(), false).toList();
  }

  /** A required integer field. */
  public static int integer(JsonNode node, String key, String where) {
    return integer(required(node, key, "an integer", where), where + " " + key);
  }

  /** An optional integer field, {@code fallback} when absent. */
  public static int integer(JsonNode node, String key, int fallback, String where) {
    return node.has(key) ? integer(node, key, where) : fallback;
  }

  /** A required number field in a range. */
  public static double number(JsonNode node, String key, Range range, String where) {
    return number(required(node, key, range.expected, where), range, where + " " + key);
  }

  /** An optional number field in a range, {@code fallback} when absent. */
  public static double number(JsonNode node, String key, double fallback, Range range, String where) {
    return node.has(key) ? number(node, key, range, where) : fallback;
  }

  /** An integer value (an array element); {@code where} names it. */
  public static int integer(JsonNode value, String where) {
    if (!value.isIntegralNumber() || !value.canConvertToInt()) {
      throw new IllegalArgumentException(where + " must be an integer, got " + value);
    }
    return value.intValue();
  }

  /** A number value in a range (an array element); {@code where} names it. */
  public static double number(JsonNode value, Range range, String where) {
    if (!value.isNumber() || !Double.isFinite(value.doubleValue()) || !range.accepts(value.doubleValue())) {
      throw new IllegalArgumentException(where + " must be " + range.expected + ", got " + value);
    }
    return value.doubleValue();
  }

  private static JsonNode required(JsonNode node, String key, String expected, String where) {
    JsonNode value = node.get(key);
    if (value == null || value.isNull()) {
      throw new IllegalArgumentException(where + " needs " + expected + " '" + key + "'");
    }
    return value;
  }
}
