package org.scalingpipeline.ingest;

import java.math.BigDecimal;
import java.util.regex.Pattern;

/**
 * Parses text cells into numbers, rejecting with messages that name the column, the value found and
 * what was expected. A number in a CSV cell is written as JSON writes one (RFC 8259 §6: an optional minus,
 * digits without leading zeros, an optional fraction and exponent; {@code 1e3}, {@code -0.5}, {@code 2.5E-7}),
 * with white space around it allowed; {@code NaN}, {@code Infinity}, {@code 0x1p12}, {@code 3.1f} or
 * {@code +1} are not numbers.
 */
final class Cells {

  private static final Pattern JSON_NUMBER = Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?");

  private static final BigDecimal MAX_LONG = BigDecimal.valueOf(Long.MAX_VALUE);

  private Cells() {}

  /** A finite number. */
  static double finite(String column, String cell) {
    double value = number(column, cell, "a finite number");
    if (!Double.isFinite(value)) {
      throw new BadCell(column, cell, "a finite number");
    }
    return value;
  }

  /** A finite number that is zero or more. */
  static double nonNegative(String column, String cell) {
    double value = finite(column, cell);
    if (value < 0) {
      throw new BadCell(column, cell, "a number >= 0");
    }
    return value;
  }

  /** A finite number that is more than zero. */
  static double positive(String column, String cell) {
    double value = finite(column, cell);
    if (value <= 0) {
      throw new BadCell(column, cell, "a number > 0");
    }
    return value;
  }

  /** A whole number that is zero or more, exactly as written (12, 12.0 or 1.2e1). */
  static long count(String column, String cell) {
    number(column, cell, "a whole number >= 0");
    return count(column, new BigDecimal(cell.strip()), cell);
  }

  /** A whole number that is zero or more, from its exact decimal value; {@code shown} is what the file holds. */
  static long count(String column, BigDecimal exact, String shown) {
    if (exact.signum() < 0) {
      throw new BadCell(column, shown, "a number >= 0");
    }
    if (exact.compareTo(MAX_LONG) > 0) {
      throw new BadCell(column, shown, "a whole number <= " + Long.MAX_VALUE);
    }
    try {
      return exact.toBigIntegerExact().longValueExact();
    } catch (ArithmeticException e) {
      throw new BadCell(column, shown, "a whole number >= 0");
    }
  }

  /** A whole number of at most int range, zero or more. */
  static int smallCount(String column, String cell) {
    long value = count(column, cell);
    if (value > Integer.MAX_VALUE) {
      throw new BadCell(column, cell, "a whole number <= " + Integer.MAX_VALUE);
    }
    return (int) value;
  }

  /** Non-empty text. */
  static String text(String column, String cell) {
    if (cell == null || cell.isBlank()) {
      throw new BadCell(column, cell, "a non-empty value");
    }
    return cell.strip();
  }

  private static double number(String column, String cell, String expected) {
    if (cell == null || cell.isBlank()) {
      throw new BadCell(column, cell, expected);
    }
    String number = cell.strip();
    if (!JSON_NUMBER.matcher(number).matches()) {
      throw new BadCell(column, cell, expected);
    }
    return Double.parseDouble(number);
  }

  /** A cell that does not hold what its column expects. */
  static final class BadCell extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BadCell(String column, String cell, String expected) {
      super("column '" + column + "': found " + (cell == null ? "nothing" : "'" + cell + "'")
          + ", expected " + expected);
    }
  }
}
