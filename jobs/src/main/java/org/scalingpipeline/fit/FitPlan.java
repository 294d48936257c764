package org.scalingpipeline.fit;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.scalingpipeline.core.FitSpec;
import org.scalingpipeline.core.fit.HoldoutCut;
import org.scalingpipeline.json.JsonFields;
import org.scalingpipeline.views.PlanRoles;

/**
 * A declared fit plan ({@code data/fit-plan.json}, documented in {@code data/fit-plan.md}): which law
 * to fit to which groups of which input, so users change what is fitted without changing code, and
 * which entries play which part in the analysis views ({@link PlanRoles}; a plan of the user's own
 * may leave them out), and which studies {@code scaling backtest} ranks laws on ({@link Backtest}).
 */
public record FitPlan(String about, PlanRoles roles, List<Entry> fits, List<Backtest> backtests) {

  /** Where the bundled plan sits on the class path. */
  public static final String RESOURCE = PlanRoles.BUNDLED_PLAN;

  /** The field of an entry that copies an earlier entry's fields ({@link #parse}). */
  private static final String LIKE = "like";

  /** The fields of an entry that choose its points, which a backtest's {@code like} copies. */
  private static final List<String> SELECTION_FIELDS = List.of("input", "metric", "where", "group_by", "select");

  public FitPlan {
    fits = List.copyOf(fits);
    backtests = backtests == null ? List.of() : List.copyOf(backtests);
    Set<String> studies = new HashSet<>();
    for (Backtest backtest : backtests) {
      if (!studies.add(backtest.name())) {
        throw new IllegalArgumentException("fit plan: the backtest name '" + backtest.name() + "' is used twice");
      }
    }
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

  /** A plan of fits and no backtests. */
  public FitPlan(String about, PlanRoles roles, List<Entry> fits) {
    this(about, roles, fits, List.of());
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
   * @param groupBy SQL expressions whose values make a group, each named by its text or by an alias
   *     ({@code expression AS name}; see {@link #groupKeys()})
   * @param columns SQL expressions giving the law's column roles, in order
   * @param exponent for allocation laws, the exponent held fixed, or null to fit it
   * @param bootstrap bootstrap resamples for confidence intervals, or null for none
   * @param holdout a holdout backtest, or null
   * @param select how the entry picks its points from the input's rows ({@link PointSelection}), or null for all
   * @param maxPoints for chinchilla, the most points a group may have, or null for the default (10,000)
   * @param reference the name of a {@code reference_laws} row to record as published, instead of fitting
   * @param about what the entry reproduces
   */
  public record Entry(String name, String law, String input, String metric, String where, List<String> groupBy,
      List<String> columns, Double exponent, Integer bootstrap, Holdout holdout, PointSelection select,
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
      if (select != null && select.perRun() && !"curve_points".equals(input)) {
        throw new IllegalArgumentException("fit plan entry " + name + ": select.until_step, fraction_of_training and"
            + " last_point pick points within runs and need the input curve_points, got " + input);
      }
      if (select != null && !select.bestPer().isEmpty() && "allocation".equals(law)) {
        throw new IllegalArgumentException("fit plan entry " + name + ": select.best_per keeps the lowest loss, and the"
            + " law 'allocation' has no loss column");
      }
    }

    /** The rows of its input the entry fits: those of its metric meeting its where condition. */
    public Column rowFilter() {
      Column rows = lit(true);
      if (metric != null) {
        rows = rows.and(col("metric").equalTo(metric));
      }
      return where == null ? rows : rows.and(expr(where));
    }

    /** The fits this entry asks for: one, or one per holdout cut-off. */
    public List<FitSpec> specs() {
      int resamples = bootstrap == null ? 0 : bootstrap;
      if (holdout == null) {
        return List.of(new FitSpec(law, exponent, resamples, null, maxPoints));
      }
      return holdout.cuts().stream().map(cut -> new FitSpec(law, exponent, resamples, cut, maxPoints)).toList();
    }

    /** The entry's input rows after its metric and where filters and its point selection: the points it fits. */
    public Dataset<Row> selected(Dataset<Row> input) {
      Dataset<Row> rows = input.where(rowFilter());
      return select == null ? rows : select.apply(rows, groupKeys(), columns.get(columns.size() - 1));
    }

    /** The entry's column roles as columns over its input rows, in the law's order. */
    public Column[] roleColumns() {
      return columns.stream().map(c -> expr(c)).toArray(Column[]::new);
    }

    /** The group keys as columns over its input rows, each named by its key's name. */
    public Column[] groupColumns() {
      return groupKeys().stream().map(k -> k.value().as(k.name())).toArray(Column[]::new);
    }

    /** The group keys of {@code group_by}, in order. */
    public List<GroupKey> groupKeys() {
      return groupBy.stream().map(GroupKey::parse).toList();
    }

    /** Whether the entry fits other fits' results ({@code fits_latest}), after the entries that fit points. */
    public boolean readsFits() {
      return FitInputs.FITS_INPUT.equals(input);
    }
  }

  /**
   * A key of a group: its name in {@code fits.group_id} and {@code group_key}, and the SQL expression of its value.
   * A {@code group_by} item {@code expression AS name} is named by its alias, any other by its text.
   */
  public record GroupKey(String name, String expression) {

    private static final Pattern ALIASED = Pattern.compile("(?is)^(.*\\S)\\s+AS\\s+([A-Za-z_][A-Za-z0-9_]*)$");

    static GroupKey parse(String item) {
      Matcher aliased = ALIASED.matcher(item.trim());
      return aliased.matches() ? new GroupKey(aliased.group(2), aliased.group(1)) : new GroupKey(item, item);
    }

    /** The key's value over a row of the entry's input. */
    public Column value() {
      return expr(expression);
    }
  }

  /**
   * A holdout backtest ({@link HoldoutCut}): fit on the points whose {@code column} role is below a cut-off and predict
   * the rest, or predict the points holding the {@code largest} fraction of each group's distinct values of it (one
   * entry for any study). Several cut-offs make one fit per cut-off, each group's {@code group_id} then ending in
   * {@code holdout_below=<cut>}.
   */
  public record Holdout(String column,
      @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY) List<Double> below, Double largest) {

    public Holdout {
      if ((below == null) == (largest == null) || (below != null && (below.isEmpty() || below.contains(null)))) {
        throw new IllegalArgumentException("holdout: give below (a cut-off or a list of them) or largest (a fraction"
            + " of each group's values), got below " + below + ", largest " + largest);
      }
      below = below == null ? null : List.copyOf(below);
    }

    /** The cuts: one per cut-off, or the relative one. */
    public List<HoldoutCut> cuts() {
      return largest != null ? List.of(HoldoutCut.largest(column, largest))
          : below.stream().map(cut -> HoldoutCut.below(column, cut)).toList();
    }
  }

  /** The plan bundled with the project. */
  public static FitPlan bundled() {
    try (InputStream in = FitPlan.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is not on the class path");
      }
      return parse(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE + ": " + e.getMessage(), e);
    }
  }

  /** A plan from a file. */
  public static FitPlan fromFile(Path path) {
    try {
      return parse(Files.readAllBytes(path));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the fit plan " + path + ": " + e.getMessage(), e);
    }
  }

  /**
   * A plan from its JSON, an entry with {@code "like": NAME} first made a copy of the earlier entry NAME with the
   * entry's own fields in place of the copied ones (a backtest of an entry is its fields and a holdout), and a
   * {@code backtests} study with {@code "like": NAME} given the fit entry's choice of points where it has none.
   */
  private static FitPlan parse(byte[] json) throws IOException {
    JsonNode plan = JsonFields.mapper().readTree(json);
    Map<String, ObjectNode> earlier = new HashMap<>();
    if (plan != null && plan.get("fits") instanceof ArrayNode fits) {
      for (int i = 0; i < fits.size(); i++) {
        if (!(fits.get(i) instanceof ObjectNode entry)) {
          continue;
        }
        JsonNode like = entry.remove(LIKE);
        if (like != null) {
          ObjectNode base = earlier.get(like.asText());
          if (base == null) {
            throw new IllegalArgumentException("fit plan entry " + entry.get("name") + ": \"like\": " + like
                + " names no earlier entry");
          }
          ObjectNode copy = base.deepCopy();
          copy.setAll(entry);
          fits.set(i, copy);
          entry = copy;
        }
        if (entry.get("name") != null) {
          earlier.put(entry.get("name").asText(), entry);
        }
      }
    }
    if (plan != null && plan.get("backtests") instanceof ArrayNode backtests) {
      for (JsonNode backtest : backtests) {
        JsonNode like = backtest instanceof ObjectNode study ? study.remove(LIKE) : null;
        if (like != null) {
          copySelection((ObjectNode) backtest, like.asText(), earlier);
        }
      }
    }
    return JsonFields.mapper().treeToValue(plan, FitPlan.class);
  }

  /** A backtest's {@code "like": NAME}: the fit entry's choice of points, where the backtest gives none of its own. */
  private static void copySelection(ObjectNode backtest, String name, Map<String, ObjectNode> entries) {
    ObjectNode entry = entries.get(name);
    if (entry == null) {
      throw new IllegalArgumentException("fit plan backtest " + backtest.get("name") + ": \"like\": \"" + name
          + "\" names no fit entry");
    }
    for (String field : SELECTION_FIELDS) {
      if (!backtest.has(field) && entry.has(field)) {
        backtest.set(field, entry.get(field).deepCopy());
      }
    }
  }

  /** The entry with a name. */
  public Entry entry(String name) {
    return fits.stream().filter(e -> e.name().equals(name)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("the fit plan has no entry '" + name + "'"));
  }
}
