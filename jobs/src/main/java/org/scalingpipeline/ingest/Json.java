package org.scalingpipeline.ingest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;

/**
 * The one way log content is read as JSON: JSON's own grammar (RFC 8259: no {@code NaN}, hex or suffixed
 * numbers), a key at most once per object, nothing after the value (so two objects on one line are a fault,
 * not a silently dropped second object), and numbers kept as written ({@link BigDecimal}) until a field
 * says what it needs, so that {@code 1e309} is reported as written and a step is read exactly.
 */
final class Json {

  private static final ObjectReader STRICT = JsonMapper.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .build().readerFor(JsonNode.class);
  /** {@link #STRICT} for values inside a document read as a stream, where more follows each value. */
  private static final ObjectReader STREAMED = STRICT.without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private Json() {}

  /** One JSON value; throws naming what is wrong and where. */
  static JsonNode readStrict(String text) throws JsonProcessingException {
    return STRICT.readValue(text);
  }

  /**
   * A streaming parser over one JSON document with the same rules (a key at most once per object, numbers as
   * written), for a document too large to hold as one string: read its values one by one with {@link #read}.
   */
  static JsonParser streamStrict(InputStream in) throws IOException {
    return STREAMED.createParser(in);
  }

  /** The value at a {@link #streamStrict} parser's current token, read whole; the document goes on after it. */
  static JsonNode read(JsonParser parser) throws IOException {
    return STREAMED.readValue(parser);
  }

  /** What is wrong with a text {@link #readStrict} refused, in one line. */
  static String problem(JsonProcessingException e) {
    String message = e.getOriginalMessage();
    String at = e.getLocation() == null ? "" : " at column " + e.getLocation().getColumnNr();
    if (message.startsWith("Trailing token")) {
      return "text after the JSON value" + at + ", expected one JSON object per line";
    }
    return message.lines().findFirst().orElse(message) + at;
  }

  /** A field's text (a number or boolean as written), or null when absent; an object or array is refused, shown. */
  static String textOrNull(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? null : text(field, value);
  }

  /** A scalar value as text; an object or array is refused, showing what the file holds. */
  static String text(String field, JsonNode value) {
    if (value.isContainerNode()) {
      throw new Cells.BadCell(field, value.toString(), "text, not a JSON " + (value.isObject() ? "object" : "array"));
    }
    return value.asText();
  }

  /** A field as a finite number, or null when absent; a string, a non-number or an overflow is refused. */
  static Double finiteOrNull(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isNumber()) {
      throw new Cells.BadCell(field, value.toString(), "a finite number" + (value.isTextual() ? ", not a string" : ""));
    }
    double number = value.asDouble();
    if (!Double.isFinite(number)) {
      throw new Cells.BadCell(field, value.asText(), "a finite number (at most " + Double.MAX_VALUE + ")");
    }
    return number;
  }

  /** A whole number ≥ 0, exactly as written ({@code 12}, {@code 1.2e1}); a fraction, string or overflow is refused. */
  static long count(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      throw new Cells.BadCell(field, null, "a whole number >= 0");
    }
    if (!value.isNumber()) {
      throw new Cells.BadCell(field, value.toString(), "a whole number >= 0" + (value.isTextual() ? ", not a string" : ""));
    }
    return Cells.count(field, value.decimalValue(), value.asText());
  }
}
