package org.scalingpipeline.core.fit;

import org.scalingpipeline.core.laws.Bnsl1Law;

/**
 * Fits the one-break law of Caballero et al. 2022, "Broken Neural Scaling Laws", Eq. 1
 * ({@link Bnsl1Law}: {@code y = a + b·x^(−c0)·(1 + (x/d1)^(1/f1))^(−c1·f1)}) in log space, from a grid of starts
 * over a, the break location d1 (12 places inside the range of x) and its sharpness f1, as
 * {@link BrokenNeuralScalingLawFitter} describes. Columns {@code x, y}; at least 6 distinct x and 7 points.
 */
public final class Bnsl1Fitter extends BrokenNeuralScalingLawFitter<Bnsl1Law> {

    private static final int LOCATIONS = 12;

    Bnsl1Fitter(FitOptions options) {
        super(Bnsl1Law.MODEL, options, LOCATIONS);
    }

    public static Bnsl1Fitter create() {
        return new Bnsl1Fitter(FitOptions.defaults(FitSpace.LOG));
    }

    /** One start instead of the grid. */
    public Bnsl1Fitter withStart(double a, double b, double c0, double c1, double d1, double f1) {
        return new Bnsl1Fitter(options.withStart(a, b, c0, c1, d1, f1));
    }

    /** One start at the fitted law's parameters instead of the grid. */
    @Override
    public Bnsl1Fitter startingAt(FitResult fitted) {
        return new Bnsl1Fitter(options.withStart(fitted.law().values()));
    }

    public Bnsl1Fitter withMaxIterations(int maxIterations) {
        return new Bnsl1Fitter(options.withMaxIterations(maxIterations));
    }

    public Bnsl1Fitter withSpace(FitSpace space) {
        return new Bnsl1Fitter(options.withSpace(space));
    }

    public FitResult fit(double[] x, double[] y) {
        return fit(Observations.of("x", x, "y", y));
    }
}
