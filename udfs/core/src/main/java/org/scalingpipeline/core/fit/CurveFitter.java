package org.scalingpipeline.core.fit;

import java.util.List;
import org.scalingpipeline.core.laws.ScalingLaw;

/**
 * A fitter driven by named columns, so that the Spark layer and the CLI can fit any law by name
 * (see {@link org.scalingpipeline.core.Law#newFitter()}). The fitters of this package extend {@link LawFitter};
 * {@link Bootstrap} wraps any of them. Implementations are immutable.
 */
public interface CurveFitter {

    /** Column roles the fitter reads, predictors first and the response last, e.g. {@code [n, d, loss]}. */
    List<String> columns();

    /** Fits the law; never throws, degenerate input gives a non-converged result with a reason. */
    FitResult fit(Observations observations);

    /** The response predicted by a law this fitter produced, for every row of the observations. */
    double[] predict(ScalingLaw law, Observations observations);

    /**
     * This fitter started at an earlier fit's optimum instead of its own starts, for refits of data close to that
     * fit's, such as {@link Bootstrap}'s resamples, whose optima lie near it. A fitter whose starts are cheap keeps
     * them (this default); one with a costly grid of starts (Chinchilla's 4,500) starts once, there.
     */
    default CurveFitter startingAt(FitResult fitted) {
        return this;
    }

    /** The response column (the last role). */
    default String response() {
        return columns().get(columns().size() - 1);
    }
}
