package org.scalingpipeline.sql;

import java.io.Serializable;
import org.scalingpipeline.core.Laws;
import org.scalingpipeline.core.fit.AllocationFitter;
import org.scalingpipeline.core.fit.Bootstrap;
import org.scalingpipeline.core.fit.CurveFitter;

/**
 * What a group fit does: which law, an allocation exponent held fixed, bootstrap resamples for
 * confidence intervals, and a holdout cut (fit below it, report the prediction error above it).
 *
 * @param law a law name of {@link Laws#names()}
 * @param fixedExponent for {@code allocation}, the exponent held fixed; null to fit it
 * @param bootstrap resamples for percentile intervals; 0 for none
 * @param holdoutColumn the column role the holdout cut applies to; null for no holdout
 * @param holdoutBelow points with {@code holdoutColumn} below this are fitted, the rest predicted
 */
public record FitSpec(String law, Double fixedExponent, int bootstrap, String holdoutColumn, Double holdoutBelow)
    implements Serializable {

  /** Seed of the bootstrap resampling, fixed so that a refit of the same points gives the same intervals. */
  public static final long BOOTSTRAP_SEED = 42;

  public FitSpec {
    Laws.fitterFor(law);
    if (bootstrap < 0) {
      throw new IllegalArgumentException("bootstrap resamples must be >= 0, got " + bootstrap);
    }
    if ((holdoutColumn == null) != (holdoutBelow == null)) {
      throw new IllegalArgumentException("a holdout needs both a column and a cut, got " + holdoutColumn + " < " + holdoutBelow);
    }
  }

  /** A plain fit of a law. */
  public static FitSpec of(String law) {
    return new FitSpec(law, null, 0, null, null);
  }

  /** The fitter this spec describes. */
  public CurveFitter fitter() {
    CurveFitter base = fixedExponent == null ? Laws.fitterFor(law) : AllocationFitter.create().withExponent(fixedExponent);
    return bootstrap > 0 ? Bootstrap.of(base).withResamples(bootstrap).withSeed(BOOTSTRAP_SEED) : base;
  }
}
