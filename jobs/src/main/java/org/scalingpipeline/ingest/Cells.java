package org.scalingpipeline.ingest;

/**
 * Parses text cells into numbers, rejecting with messages that name the column, the value found and
 * what was expected.
 */
final class Cells {

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

  /** A whole number that is zero or more (written as 12, 12.0 or 1.2e1). */
  static long count(String column, String cell) {
    double value = nonNegative(column, cell);
    if (value != Math.rint(value) || value > Long.MAX_VALUE) {
      throw new BadCell(column, cell, "a whole number >= 0");
    }
    return (long) value;
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
    try {
      return Double.parseDouble(cell.strip());
    } catch (NumberFormatException e) {
      throw new BadCell(column, cell, expected);
    }
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
