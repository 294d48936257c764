package org.scalingpipeline.core.fit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.scalingpipeline.core.laws.RevisitingM2Law;

/**
 * Fits M2, {@code ε_x = ε_∞ + β·x^c} ({@link RevisitingM2Law}; Alabdulmohsin et al. 2022, §2), in log space.
 * The published code ({@code methods/m2.py}) starts ε_∞ just below the least observed error
 * ({@code min ε − 10⁻³}), solves β and c by the line of {@code ln(ε − ε_∞)} on {@code ln x}, and then alternates
 * that line with gradient and Newton steps on ε_∞, keeping {@code 0 ≤ ε_∞ ≤ min ε}. Here Levenberg–Marquardt
 * moves the three together on relative errors {@code ln ε − ln ε̂}, from that start and from ε_∞ = 0, ½ and
 * 0.9 of the least error (each with its line); the code minimises the log of the excess error instead, the same
 * optimum on data the law fits exactly. β and ε_∞ are kept at or above 0, as the code's projection keeps ε_∞.
 * Columns {@code x, y}.
 */
public final class RevisitingM2Fitter extends LawFitter<RevisitingM2Law> {

    /** The published code's margin below the least observed error for the start of ε_∞ ({@code base.ERR_MARGIN}). */
    static final double ERR_MARGIN = 1e-3;
    private static final double[] LOWER_BOUNDS = {0, Double.NEGATIVE_INFINITY, 0};

    private RevisitingM2Fitter(FitOptions options) {
        super(RevisitingM2Law.MODEL, options);
    }

    public static RevisitingM2Fitter create() {
        return new RevisitingM2Fitter(FitOptions.defaults(FitSpace.LOG));
    }

    public RevisitingM2Fitter withStart(double beta, double c, double epsInf) {
        return new RevisitingM2Fitter(options.withStart(beta, c, epsInf));
    }

    public RevisitingM2Fitter withMaxIterations(int maxIterations) {
        return new RevisitingM2Fitter(options.withMaxIterations(maxIterations));
    }

    public RevisitingM2Fitter withSpace(FitSpace space) {
        return new RevisitingM2Fitter(options.withSpace(space));
    }

    public FitResult fit(double[] x, double[] y) {
        return fit(Observations.of("x", x, "y", y));
    }

    @Override
    FitResult solve(Points points) {
        List<double[]> starts = new ArrayList<>();
        if (options.start() != null) {
            starts.add(options.start());
        } else {
            double[] x = points.predictors()[0];
            for (double epsInf : limitStarts(points.response())) {
                double[] line = Fits.excessLine(x, points.response(), epsInf);
                starts.add(new double[] {line[0], line[1], epsInf});
            }
        }
        return leastSquares(points, starts, LOWER_BOUNDS);
    }

    /**
     * Starts of the limiting error ε_∞: 0, ½ and 0.9 of the least observed error, and the published code's
     * {@code min ε − 10⁻³} when that is positive.
     */
    static List<Double> limitStarts(double[] y) {
        double minY = Arrays.stream(y).min().orElse(0);
        List<Double> limits = new ArrayList<>(Fits.offsetStarts(y));
        if (minY - ERR_MARGIN > 0.9 * minY) {
            limits.add(minY - ERR_MARGIN);
        }
        return limits;
    }
}
