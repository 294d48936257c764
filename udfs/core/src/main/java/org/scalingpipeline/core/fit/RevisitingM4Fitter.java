package org.scalingpipeline.core.fit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.scalingpipeline.core.laws.RevisitingM4Law;

/**
 * Fits M4, {@code (ε_x − ε_∞)/(ε_0 − ε_x)^α = β·x^c} ({@link RevisitingM4Law}; Alabdulmohsin et al. 2022, §3),
 * in log space. The published code ({@code methods/m4.py}) starts ε_∞ at {@code min ε − 10⁻³} and ε_0 at 1 (an
 * error rate's ceiling; never below {@code max ε + 10⁻³}), solves {@code ln β}, c and α by the linear regression
 * {@code ln(ε − ε_∞) = ln β + c·ln x + α·ln(ε_0 − ε)}, then alternates it with gradient and Newton steps on
 * ε_∞ and ε_0, keeping {@code 0 ≤ ε_∞ ≤ min ε} and {@code ε_0 ≥ max ε}. Here Levenberg–Marquardt moves all five
 * on relative errors {@code ln ε − ln ε̂} (ε̂ the root of the relation, {@link RevisitingM4Law#loss}), from that
 * regression at each of M2's starts of ε_∞ ({@link RevisitingM2Fitter#limitStarts}) and the code's
 * ε_0 = max(1, max ε + 10⁻³) (a regression that asks for α &lt; 0 starts at α = 0, which is M2). β, α and ε_∞ are
 * kept at or above 0 and ε_0 at or above the largest observed error. Columns {@code x, y}.
 */
public final class RevisitingM4Fitter extends LawFitter<RevisitingM4Law> {

    private RevisitingM4Fitter(FitOptions options) {
        super(RevisitingM4Law.MODEL, options);
    }

    public static RevisitingM4Fitter create() {
        return new RevisitingM4Fitter(FitOptions.defaults(FitSpace.LOG));
    }

    public RevisitingM4Fitter withStart(double beta, double c, double alpha, double epsInf, double eps0) {
        return new RevisitingM4Fitter(options.withStart(beta, c, alpha, epsInf, eps0));
    }

    /** One start at the fitted law's parameters instead of the regressions of the default starts. */
    @Override
    public RevisitingM4Fitter startingAt(FitResult fitted) {
        RevisitingM4Law law = (RevisitingM4Law) fitted.law();
        return withStart(law.beta(), law.c(), law.alpha(), law.epsInf(), law.eps0());
    }

    public RevisitingM4Fitter withMaxIterations(int maxIterations) {
        return new RevisitingM4Fitter(options.withMaxIterations(maxIterations));
    }

    public RevisitingM4Fitter withSpace(FitSpace space) {
        return new RevisitingM4Fitter(options.withSpace(space));
    }

    public FitResult fit(double[] x, double[] y) {
        return fit(Observations.of("x", x, "y", y));
    }

    @Override
    FitResult solve(Points points) {
        double[] x = points.predictors()[0];
        double[] y = points.response();
        double maxY = Arrays.stream(y).max().orElse(0);
        double[] lower = {0, Double.NEGATIVE_INFINITY, 0, 0, maxY};
        List<double[]> starts = options.start() != null ? List.of(options.start()) : defaultStarts(x, y, maxY);
        return leastSquares(points, starts, lower);
    }

    private static List<double[]> defaultStarts(double[] x, double[] y, double maxY) {
        List<double[]> starts = new ArrayList<>();
        double eps0 = Math.max(1, maxY + RevisitingM2Fitter.ERR_MARGIN);
        for (double epsInf : RevisitingM2Fitter.limitStarts(y)) {
            starts.add(regression(x, y, epsInf, eps0));
        }
        return starts;
    }

    /**
     * {β, c, α, ε_∞, ε_0} from the regression of {@code ln(ε − ε_∞)} on {@code [1, ln x, ln(ε_0 − ε)]}; with α = 0
     * (M2's line) when the regression's α is negative or undefined.
     */
    private static double[] regression(double[] x, double[] y, double epsInf, double eps0) {
        double[][] design = new double[y.length][];
        double[] target = new double[y.length];
        for (int i = 0; i < y.length; i++) {
            design[i] = new double[] {1, Math.log(x[i]), Math.log(eps0 - y[i])};
            target[i] = Math.log(Math.max(y[i] - epsInf, 1e-12));
        }
        double[] p = LeastSquares.linear(design, target).point();
        if (p[2] > 0 && Double.isFinite(p[0]) && Double.isFinite(p[1])) {
            return new double[] {Math.exp(p[0]), p[1], p[2], epsInf, eps0};
        }
        double[] line = Fits.excessLine(x, y, epsInf);
        return new double[] {line[0], line[1], 0, epsInf, eps0};
    }
}
