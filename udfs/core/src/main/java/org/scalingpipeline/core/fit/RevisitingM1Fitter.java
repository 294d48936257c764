package org.scalingpipeline.core.fit;

import java.util.List;
import org.scalingpipeline.core.laws.RevisitingM1Law;

/**
 * Fits M1, {@code ε_x = β·x^c} ({@link RevisitingM1Law}; Alabdulmohsin et al. 2022, §2), in log space: the
 * published code ({@code methods/m1.py}, through {@code m2.py}'s {@code _update_c_and_beta}) regresses
 * {@code ln ε} on {@code ln x}, which is this fit's objective and its default start. Columns {@code x, y}.
 */
public final class RevisitingM1Fitter extends LawFitter<RevisitingM1Law> {

    private RevisitingM1Fitter(FitOptions options) {
        super(RevisitingM1Law.MODEL, options);
    }

    public static RevisitingM1Fitter create() {
        return new RevisitingM1Fitter(FitOptions.defaults(FitSpace.LOG));
    }

    public RevisitingM1Fitter withStart(double beta, double c) {
        return new RevisitingM1Fitter(options.withStart(beta, c));
    }

    public RevisitingM1Fitter withMaxIterations(int maxIterations) {
        return new RevisitingM1Fitter(options.withMaxIterations(maxIterations));
    }

    public RevisitingM1Fitter withSpace(FitSpace space) {
        return new RevisitingM1Fitter(options.withSpace(space));
    }

    public FitResult fit(double[] x, double[] y) {
        return fit(Observations.of("x", x, "y", y));
    }

    @Override
    FitResult solve(Points points) {
        double[] start = options.start() != null ? options.start()
                : Fits.logLogLine(points.predictors()[0], points.response());
        return leastSquares(points, List.of(start), null);
    }
}
