package org.scalingpipeline.report;

import java.util.List;
import java.util.Set;
import org.scalingpipeline.fit.FitPlan;

/**
 * The entries of the fit plan the report draws (the bundled one or the user's {@code --plan}), chosen by their law
 * and input rather than by name, so a plan of the user's own is drawn as the bundled one is.
 */
public record PlanEntries(FitPlan plan) {

  /** The inputs whose rows are runs' points, with the runs' columns ({@code source}, {@code unit}, ...). */
  private static final Set<String> RUN_INPUTS = Set.of("curve_points", "final_points");

  /** The entries fitting one of these laws to runs' points, without a holdout backtest. */
  public List<FitPlan.Entry> fittingRuns(Set<String> laws) {
    return plan.fits().stream().filter(e -> laws.contains(e.law()) && RUN_INPUTS.contains(e.input())
        && e.holdout() == null).toList();
  }

  /** The entries with a holdout backtest whose points the report can select again: every input but fits. */
  public List<FitPlan.Entry> backtests() {
    return plan.fits().stream().filter(e -> e.holdout() != null && !e.readsFits()).toList();
  }

  /** Names of the entries, for the text that says what was looked for. */
  static String names(List<FitPlan.Entry> entries) {
    return entries.isEmpty() ? "none" : String.join(", ", entries.stream().map(FitPlan.Entry::name).toList());
  }
}
