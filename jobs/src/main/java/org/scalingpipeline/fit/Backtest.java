package org.scalingpipeline.fit;

import com.fasterxml.jackson.annotation.JsonFormat;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.scalingpipeline.core.Laws;
import org.scalingpipeline.core.fit.HoldoutCut;
import org.scalingpipeline.sql.BacktestAggregator;

/**
 * A leaderboard study of the fit plan ({@code backtests} in {@code data/fit-plan.json}, documented in
 * {@code data/fit-plan.md}): the points of a study, chosen as a plan entry chooses them (input, metric, where,
 * group_by, select — or copied from a fit entry with {@code "like"}), every law that applies to them with its columns,
 * and one or more cuts in one column of the study (e.g. a run's compute). Each law is fitted on the same points below
 * each cut and scored on the same points above it, so laws with different predictors are ranked on one question: how
 * well each predicted the larger runs it was not shown (Hoffmann et al. 2022 §3 check their laws the same way).
 *
 * @param name the study's name, {@code law_backtests.study}
 * @param input the view or table to read, as a plan entry's
 * @param metric the metric to keep, or null
 * @param where an extra SQL filter, or null
 * @param groupBy SQL expressions whose values make a group (a study of its own), as a plan entry's
 * @param select how the points are picked from the input's rows, or null for all
 * @param cut the cuts
 * @param laws the laws ranked, each with the SQL expressions of its column roles
 * @param about what the study asks
 */
public record Backtest(String name, String input, String metric, String where, List<String> groupBy,
    PointSelection select, Cut cut, List<LawColumns> laws, String about) {

  public Backtest {
    if (name == null || cut == null || laws == null || laws.isEmpty()) {
      throw new IllegalArgumentException("fit plan backtest " + name + ": 'name', 'cut' and 'laws' are required");
    }
    laws = List.copyOf(laws);
    Set<String> seen = new HashSet<>();
    for (LawColumns law : laws) {
      if (!seen.add(law.law())) {
        throw new IllegalArgumentException("fit plan backtest " + name + ": the law '" + law.law() + "' is listed twice");
      }
    }
    entries(name, input, metric, where, groupBy, select, laws, about);
  }

  /**
   * Where the study's points are cut: an SQL expression over the input's rows, and the cuts in it — fractions of each
   * group's largest distinct values held out ({@link HoldoutCut#largest}) or absolute cut-offs ({@link HoldoutCut#below}).
   */
  public record Cut(String column,
      @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY) List<Double> largest,
      @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY) List<Double> below) {

    public Cut {
      if (column == null || (largest == null) == (below == null)) {
        throw new IllegalArgumentException("backtest cut: give a column and either largest (fractions of each group's"
            + " values) or below (cut-offs), got column " + column + ", largest " + largest + ", below " + below);
      }
      largest = largest == null ? null : List.copyOf(largest);
      below = below == null ? null : List.copyOf(below);
    }

    /** The cuts, each in the backtest's cut column. */
    public List<HoldoutCut> cuts() {
      return largest != null ? largest.stream().map(f -> HoldoutCut.largest(BacktestAggregator.CUT, f)).toList()
          : below.stream().map(c -> HoldoutCut.below(BacktestAggregator.CUT, c)).toList();
    }
  }

  /** A law of the leaderboard and the SQL expressions of its column roles, in the law's order. */
  public record LawColumns(String law, List<String> columns) {}

  /** One plan entry per law: the study's points in the law's columns (its point selection, filters and groups). */
  public List<FitPlan.Entry> entries() {
    return entries(name, input, metric, where, groupBy, select, laws, about);
  }

  private static List<FitPlan.Entry> entries(String name, String input, String metric, String where,
      List<String> groupBy, PointSelection select, List<LawColumns> laws, String about) {
    return laws.stream().map(law -> {
      List<String> roles = Laws.ALL.law(law.law()).columns();
      if (law.columns() == null || law.columns().size() != roles.size()) {
        throw new IllegalArgumentException("fit plan backtest " + name + ": the law '" + law.law() + "' takes the"
            + " columns " + roles + ", got " + law.columns());
      }
      return new FitPlan.Entry(name + ":" + law.law(), law.law(), input, metric, where, groupBy, law.columns(), null,
          null, null, select, null, null, about);
    }).toList();
  }
}
