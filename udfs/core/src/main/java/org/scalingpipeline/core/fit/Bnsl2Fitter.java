package org.scalingpipeline.core.fit;

import org.scalingpipeline.core.laws.Bnsl2Law;

/**
 * Fits the two-break law of Caballero et al. 2022, "Broken Neural Scaling Laws", Eq. 1 ({@link Bnsl2Law}) in log
 * space, from a grid of starts over a, the break locations d1 &lt; d2 (two of 8 places inside the range of x) and
 * their sharpness f1, f2, as {@link BrokenNeuralScalingLawFitter} describes. Columns {@code x, y}; at least 9
 * distinct x and 10 points.
 */
public final class Bnsl2Fitter extends BrokenNeuralScalingLawFitter<Bnsl2Law> {

    private static final int LOCATIONS = 8;

    Bnsl2Fitter(FitOptions options) {
        super(Bnsl2Law.MODEL, options, LOCATIONS);
    }

    public static Bnsl2Fitter create() {
        return new Bnsl2Fitter(FitOptions.defaults(FitSpace.LOG));
    }

    /** One start instead of the grid. */
    public Bnsl2Fitter withStart(double a, double b, double c0, double c1, double d1, double f1, double c2, double d2,
            double f2) {
        return new Bnsl2Fitter(options.withStart(a, b, c0, c1, d1, f1, c2, d2, f2));
    }

    /** One start at the fitted law's parameters instead of the grid. */
    @Override
    public Bnsl2Fitter startingAt(FitResult fitted) {
        return new Bnsl2Fitter(options.withStart(fitted.law().values()));
    }

    public Bnsl2Fitter withMaxIterations(int maxIterations) {
        return new Bnsl2Fitter(options.withMaxIterations(maxIterations));
    }

    public Bnsl2Fitter withSpace(FitSpace space) {
        return new Bnsl2Fitter(options.withSpace(space));
    }

    public FitResult fit(double[] x, double[] y) {
        return fit(Observations.of("x", x, "y", y));
    }
}
