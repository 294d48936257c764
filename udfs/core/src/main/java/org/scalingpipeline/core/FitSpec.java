package org.scalingpipeline.core;

import java.io.Serializable;
import org.scalingpipeline.core.fit.AllocationFitter;
import org.scalingpipeline.core.fit.Bootstrap;
import org.scalingpipeline.core.fit.ChinchillaFitter;
import org.scalingpipeline.core.fit.CurveFitter;
import org.scalingpipeline.core.fit.HoldoutCut;

/**
 * What a group fit does, for SQL, the fit plan and {@code fit-file} alike: which law, an allocation
 * exponent held fixed, bootstrap resamples for confidence intervals, a holdout cut (fit below it,
 * report the prediction error above it: {@link HoldoutCut}), and for {@code chinchilla} the most points a group may have.
 *
 * @param law a law name of {@link Laws#ALL}
 * @param fixedExponent for {@code allocation}, the exponent held fixed; null to fit it
 * @param bootstrap resamples for percentile intervals; 0 for none
 * @param holdout where a holdout backtest splits the points, in a column role of the law; null for no holdout
 * @param maxPoints for {@code chinchilla}, the most points a group may have (its Huber fit from a grid of starts
 *     costs time linear in the points: {@link ChinchillaFitter#DEFAULT_MAX_POINTS} by default); null for the default
 */
public record FitSpec(String law, Double fixedExponent, int bootstrap, HoldoutCut holdout, Integer maxPoints)
        implements Serializable {

    /** Seed of the bootstrap resampling, fixed so that a refit of the same points gives the same intervals. */
    public static final long BOOTSTRAP_SEED = 42;

    public FitSpec {
        Law entry = Laws.ALL.law(law);
        if (fixedExponent != null && !"allocation".equals(law)) {
            throw new IllegalArgumentException("a fixed exponent (" + fixedExponent + ") applies to the law"
                    + " 'allocation' only, got the law '" + law + "'");
        }
        if (maxPoints != null && !"chinchilla".equals(law)) {
            throw new IllegalArgumentException("a limit on points (" + maxPoints + ") applies to the law 'chinchilla'"
                    + " only, got the law '" + law + "'");
        }
        if (maxPoints != null && maxPoints < 1) {
            throw new IllegalArgumentException("max points must be >= 1, got " + maxPoints);
        }
        if (bootstrap < 0) {
            throw new IllegalArgumentException("bootstrap resamples must be >= 0, got " + bootstrap);
        }
        if (holdout != null && !entry.columns().contains(holdout.column())) {
            throw new IllegalArgumentException("holdout column '" + holdout.column() + "' is not a role of the law '"
                    + law + "', expected one of " + entry.columns());
        }
    }

    /** A fit with the law's default limits. */
    public FitSpec(String law, Double fixedExponent, int bootstrap, HoldoutCut holdout) {
        this(law, fixedExponent, bootstrap, holdout, null);
    }

    /** A plain fit of a law. */
    public static FitSpec of(String law) {
        return new FitSpec(law, null, 0, null);
    }

    /** The law's registry entry. */
    public Law entry() {
        return Laws.ALL.law(law);
    }

    /** The fitter this spec describes. */
    public CurveFitter fitter() {
        CurveFitter base = fixedExponent != null ? AllocationFitter.create().withExponent(fixedExponent)
                : maxPoints != null ? ChinchillaFitter.create().withMaxPoints(maxPoints) : entry().newFitter();
        return bootstrap > 0 ? Bootstrap.of(base).withResamples(bootstrap).withSeed(BOOTSTRAP_SEED) : base;
    }
}
