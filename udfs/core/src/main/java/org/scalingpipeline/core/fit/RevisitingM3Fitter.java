package org.scalingpipeline.core.fit;

import java.util.ArrayList;
import java.util.List;
import org.scalingpipeline.core.laws.RevisitingM3Law;

/**
 * Fits M3, {@code ε_x = β·(x^(−1) + γ)^(−c)} ({@link RevisitingM3Law}; Alabdulmohsin et al. 2022, §2), in log
 * space, the published code's objective ({@code methods/m3.py}: {@code ln ε} against {@code ln ε̂}). That code
 * alternates the line of {@code ln ε} on {@code ln(1/x + γ)} (β and c for a given γ) with a grid search of γ,
 * whose grid solves the law exactly at each observed point; it starts at γ = 0 (M1). Here Levenberg–Marquardt
 * starts from γ = 0 with its line and from the best γ of that grid with its line, and moves the three
 * parameters together; β and γ are kept at or above 0 (the code takes only γ ≥ 0). Columns {@code x, y}.
 */
public final class RevisitingM3Fitter extends LawFitter<RevisitingM3Law> {

    private static final double[] LOWER_BOUNDS = {0, Double.NEGATIVE_INFINITY, 0};

    private RevisitingM3Fitter(FitOptions options) {
        super(RevisitingM3Law.MODEL, options);
    }

    public static RevisitingM3Fitter create() {
        return new RevisitingM3Fitter(FitOptions.defaults(FitSpace.LOG));
    }

    public RevisitingM3Fitter withStart(double beta, double c, double gamma) {
        return new RevisitingM3Fitter(options.withStart(beta, c, gamma));
    }

    public RevisitingM3Fitter withMaxIterations(int maxIterations) {
        return new RevisitingM3Fitter(options.withMaxIterations(maxIterations));
    }

    public RevisitingM3Fitter withSpace(FitSpace space) {
        return new RevisitingM3Fitter(options.withSpace(space));
    }

    public FitResult fit(double[] x, double[] y) {
        return fit(Observations.of("x", x, "y", y));
    }

    @Override
    FitResult solve(Points points) {
        List<double[]> starts = options.start() != null ? List.of(options.start())
                : defaultStarts(points.predictors()[0], points.response());
        return leastSquares(points, starts, LOWER_BOUNDS);
    }

    /** The γ = 0 start and, when the grid holds a γ > 0, the grid's best. */
    private static List<double[]> defaultStarts(double[] x, double[] y) {
        double[] logY = Fits.log(y);
        double[] m1 = lineAt(x, logY, 0);
        List<double[]> starts = new ArrayList<>(List.of(m1));
        double[] best = null;
        double bestSquares = sumOfSquares(x, logY, m1);
        for (int i = 0; i < x.length; i++) {
            double gamma = Math.pow(y[i] / m1[0], -1 / m1[1]) - 1 / x[i];
            if (gamma > 0 && Double.isFinite(gamma)) {
                double[] candidate = lineAt(x, logY, gamma);
                double squares = sumOfSquares(x, logY, candidate);
                if (squares < bestSquares) {
                    best = candidate;
                    bestSquares = squares;
                }
            }
        }
        if (best != null) {
            starts.add(best);
        }
        return starts;
    }

    /** {β, c, γ} with β and c from the line of {@code ln ε} on {@code ln(1/x + γ)}, whose slope is −c. */
    private static double[] lineAt(double[] x, double[] logY, double gamma) {
        double[] u = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            u[i] = Math.log(1 / x[i] + gamma);
        }
        double[] line = Fits.line(u, logY);
        return new double[] {Math.exp(line[0]), -line[1], gamma};
    }

    private static double sumOfSquares(double[] x, double[] logY, double[] p) {
        RevisitingM3Law law = new RevisitingM3Law(p[0], p[1], p[2]);
        double sum = 0;
        for (int i = 0; i < x.length; i++) {
            double r = logY[i] - Math.log(law.loss(x[i]));
            sum += r * r;
        }
        return sum;
    }
}
