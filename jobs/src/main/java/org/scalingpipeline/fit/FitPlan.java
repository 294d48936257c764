package org.scalingpipeline.fit;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.scalingpipeline.core.FitSpec;
import org.scalingpipeline.json.JsonFields;
import org.scalingpipeline.views.PlanRoles;

/**
 * A declared fit plan ({@code data/fit-plan.json}, documented in {@code data/fit-plan.md}): which law
 * to fit to which groups of which input, so users change what is fitted without changing code, and
 * which entries play which part in the analysis views ({@link PlanRoles}; a plan of the user's own
 * may leave them out).
 */
public record FitPlan(String about, PlanRoles roles, List<Entry> fits) {

  /** Where the bundled plan sits on the class path. */
  public static final String RESOURCE = PlanRoles.BUNDLED_PLAN;

  public FitPlan {
    fits = List.copyOf(fits);
    Set<String> names = new HashSet<>();
    for (Entry entry : fits) {
      if (!names.add(entry.name())) {
        throw new IllegalArgumentException("fit plan: the name '" + entry.name() + "' is used twice");
      }
    }
    if (roles != null) {
      checkRoles(roles, fits);
    }
  }

  /** Every entry a role names is in the plan, and an allocation pair's free_exponent says what its entries fit. */
  private static void checkRoles(PlanRoles roles, List<Entry> fits) {
    for (String name : roles.entries()) {
      if (fits.stream().noneMatch(e -> e.name().equals(name))) {
        throw new IllegalArgumentException("fit plan roles: no entry '" + name + "'");
      }
    }
    for (PlanRoles.AllocationPair pair : roles.allocationPairs()) {
      for (String name : List.of(pair.n(), pair.d())) {
        Entry entry = fits.stream().filter(e -> e.name().equals(name)).findFirst().orElseThrow();
        if ((entry.exponent() == null) != pair.freeExponent()) {
          throw new IllegalArgumentException("fit plan roles: allocation pair '" + pair.name() + "' says free_exponent "
              + pair.freeExponent() + " but entry '" + name + "' has exponent " + entry.exponent());
        }
      }
    }
  }

  /**
   * One fit of the plan.
   *
   * @param name unique name, the {@code fits.fit_name}
   * @param law law name (a name of {@code Laws.ALL})
   * @param input the view or table to read: final_points, curve_points, routed_final, published_allocations
   * @param metric the metric to keep (points.metric), or null
   * @param where an extra SQL filter, or null
   * @param groupBy SQL expressions whose values make a group
   * @param columns SQL expressions giving the law's column roles, in order
   * @param exponent for allocation laws, the exponent held fixed, or null to fit it
   * @param bootstrap bootstrap resamples for confidence intervals, or null for none
   * @param holdout a holdout backtest, or null
   * @param maxPoints for chinchilla, the most points a group may have, or null for the default (10,000)
   * @param reference the name of a {@code reference_laws} row to record as published, instead of fitting
   * @param about what the entry reproduces
   */
  public record Entry(String name, String law, String input, String metric, String where, List<String> groupBy,
      List<String> columns, Double exponent, Integer bootstrap, Holdout holdout,
      Integer maxPoints, String reference, String about) {

    public Entry {
      if (name == null || law == null) {
        throw new IllegalArgumentException("fit plan entry " + name + ": 'name' and 'law' are required");
      }
      if (reference == null && (input == null || columns == null || columns.isEmpty())) {
        throw new IllegalArgumentException("fit plan entry " + name + ": give 'input' and 'columns', or a 'reference'");
      }
      groupBy = groupBy == null ? List.of() : List.copyOf(groupBy);
      columns = columns == null ? List.of() : List.copyOf(columns);
    }

    /** The rows of its input the entry fits: those of its metric meeting its where condition. */
    public Column rowFilter() {
      Column rows = lit(true);
      if (metric != null) {
        rows = rows.and(col("metric").equalTo(metric));
      }
      return where == null ? rows : rows.and(expr(where));
    }

    /** The fit this entry asks for. */
    public FitSpec spec() {
      return new FitSpec(law, exponent, bootstrap == null ? 0 : bootstrap,
          holdout == null ? null : holdout.column(), holdout == null ? null : holdout.below(), maxPoints);
    }
  }

  /** Fit on the points whose {@code column} role is below {@code below}; predict the rest. */
  public record Holdout(String column, Double below) {}

  /** The plan bundled with the project. */
  public static FitPlan bundled() {
    try (InputStream in = FitPlan.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is not on the class path");
      }
      return JsonFields.mapper().readValue(in, FitPlan.class);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE + ": " + e.getMessage(), e);
    }
  }

  /** A plan from a file. */
  public static FitPlan fromFile(Path path) {
    try {
      return JsonFields.mapper().readValue(Files.readAllBytes(path), FitPlan.class);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the fit plan " + path + ": " + e.getMessage(), e);
    }
  }

  /** The entry with a name. */
  public Entry entry(String name) {
    return fits.stream().filter(e -> e.name().equals(name)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("the fit plan has no entry '" + name + "'"));
  }
}
