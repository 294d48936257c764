package org.scalingpipeline.core.fit;

import java.util.List;
import org.scalingpipeline.core.laws.AllocationLaw;

/**
 * Fits a compute-optimal allocation {@code X_opt = k·C^exponent} ({@link AllocationLaw}; Hoffmann et al.
 * 2022 approaches 1 and 2). With a fixed exponent it reproduces the perceiver-io article's
 * {@code curve_fit(k·C^a)}: one parameter, linear space, start k = 0.5 (krasserm/perceiver-io,
 * examples/scaling/clm/scaling/laws.py). With a free exponent it fits k and the exponent in log space
 * from the log-log line, as {@link PowerLawFitter} does. Columns {@code c, n_or_d}: compute budgets and
 * optimal parameter (or token) counts.
 */
public final class AllocationFitter extends LawFitter<AllocationLaw> {

    private static final double REFERENCE_START = 0.5;
    private final Double exponent;

    private AllocationFitter(FitOptions options, Double exponent) {
        super(AllocationLaw.MODEL, options);
        this.exponent = exponent;
    }

    /** Free exponent, fitted in log space. */
    public static AllocationFitter create() {
        return new AllocationFitter(FitOptions.defaults(FitSpace.LOG), null);
    }

    /** Fixes the exponent (a or b) and fits only k, in linear space from k = 0.5 as the reference does. */
    public AllocationFitter withExponent(double fixedExponent) {
        return new AllocationFitter(options.withSpace(FitSpace.LINEAR), fixedExponent);
    }

    /** Start: {@code k} alone with a fixed exponent, {@code k, exponent} otherwise. */
    public AllocationFitter withStart(double... start) {
        return new AllocationFitter(options.withStart(start), exponent);
    }

    public AllocationFitter withMaxIterations(int maxIterations) {
        return new AllocationFitter(options.withMaxIterations(maxIterations), exponent);
    }

    public AllocationFitter withSpace(FitSpace space) {
        return new AllocationFitter(options.withSpace(space), exponent);
    }

    public FitResult fit(double[] c, double[] nOrD) {
        return fit(Observations.of("c", c, "n_or_d", nOrD));
    }

    /** With a fixed exponent, k is calibrated: one reference point fixes it (the Perceiver AR article's k_N C^0.5). */
    @Override
    boolean calibration() {
        return exponent != null;
    }

    /** With a fixed exponent only k is fitted. */
    @Override
    int freeParameters() {
        return exponent == null ? model.parameterCount() : 1;
    }

    @Override
    FitResult solve(Points points) {
        if (exponent == null) {
            double[] start = options.start() != null ? options.start()
                    : Fits.logLogLine(points.predictors()[0], points.response());
            return leastSquares(points, List.of(start), null);
        }
        double[] start = options.start() != null ? options.start() : new double[] {REFERENCE_START};
        return leastSquares(points, p -> new AllocationLaw(p[0], exponent), List.of(start), null);
    }
}
