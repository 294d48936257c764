package org.scalingpipeline.sql;

import java.util.function.DoublePredicate;

/**
 * What a numeric argument of a scalar SQL function accepts, checked row by row by {@link LawFunction}
 * (the one place, for every scalar function). A measure outside its domain — a size, budget or token
 * count at or below 0, NaN, an infinity — is a point where the law has no value, and gives NULL, as
 * Spark's own {@code ln(0)} and {@code sqrt(-1)} do. A {@link #COUNT} is a size of a model configuration;
 * anything but a whole number is a malformed configuration, not a point outside a law, and is an error
 * naming the argument, the value and what was expected (as {@code CAST('512.9' AS INT)} is in ANSI mode).
 */
enum Domain {
  /** Any finite number, e.g. a law's coefficient or exponent. */
  FINITE("a finite number", Double::isFinite, false),
  /** A finite number above 0: parameter counts, token counts, FLOP budgets, widths. */
  POSITIVE("a finite number > 0", v -> v > 0 && Double.isFinite(v), false),
  /** A finite number at or above 0: a loss in nats. */
  NON_NEGATIVE("a finite number >= 0", v -> v >= 0 && Double.isFinite(v), false),
  /** A finite number at or above 1: an expert count (1 is the dense model). */
  AT_LEAST_ONE("a finite number >= 1", v -> v >= 1 && Double.isFinite(v), false),
  /** A whole number that fits a Java int and is at least 1: a size of a model configuration. */
  COUNT("a whole number from 1 to " + Integer.MAX_VALUE, v -> v >= 1 && v <= Integer.MAX_VALUE && v == Math.rint(v),
      true);

  private final String description;
  private final DoublePredicate contains;
  private final boolean errorOutside;

  Domain(String description, DoublePredicate contains, boolean errorOutside) {
    this.description = description;
    this.contains = contains;
    this.errorOutside = errorOutside;
  }

  /** What the domain holds, e.g. {@code a finite number > 0}. */
  String description() {
    return description;
  }

  boolean contains(double value) {
    return contains.test(value);
  }

  /** Whether a value outside the domain is an error rather than NULL. */
  boolean errorOutside() {
    return errorOutside;
  }
}
