package org.scalingpipeline.core.fit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.scalingpipeline.core.laws.ChinchillaLaw;

/**
 * Hoffmann et al. 2022 approach 3 (§3.3, Appendix D.2): fits {@code L(N, D) = E + A/N^α + B/D^β}
 * ({@link ChinchillaLaw}) by minimising {@code Σ Huber_δ(LSE(a − α ln N, b − β ln D, e) − ln L)} with
 * {@code A = e^a, B = e^b, E = e^e} and δ = 10⁻³, from the paper's grid of starts (α, β ∈ {0, .5, …, 2},
 * e ∈ {−1, −.5, …, 1}, a, b ∈ {0, 5, …, 25}), each stopped by scipy L-BFGS-B's default rule; the lowest
 * objective wins and is polished to a vanishing gradient. The Huber loss makes the fit
 * ignore outliers. The paper uses L-BFGS; Commons Math 3 has none, so this uses {@link Bfgs} with the
 * analytic gradient (BFGS is L-BFGS with unlimited memory, identical in five dimensions). The test
 * {@code ChinchillaFitterTest} shows it reaches scipy's L-BFGS-B optimum on the same data and grid.
 * Columns {@code n, d, loss}.
 *
 * <p>The grid makes a fit cost about 20 ms per point on a 2-core machine (4,500 BFGS runs, each some
 * tens of objective and gradient evaluations over every point; measured for 300 to 10,000 points),
 * so a group above {@link #DEFAULT_MAX_POINTS} points is refused with a reason naming its size and
 * the limit rather than running for hours; {@link #withMaxPoints} raises it (in SQL the fourth argument of
 * {@code fit_chinchilla}, in a fit plan {@code max_points}, in {@code fit-file} {@code --max-points}). A single user start
 * ({@link #withStart}) costs 1/4,500 of the grid and has no limit.
 */
public final class ChinchillaFitter extends LawFitter<ChinchillaLaw> {

    /** Largest group the grid of starts fits by default: about 200 s at 20 ms per point. */
    public static final int DEFAULT_MAX_POINTS = 10_000;
    private static final double PAPER_DELTA = 1e-3;
    private final double delta;
    private final int maxPoints;

    private ChinchillaFitter(FitOptions options, double delta, int maxPoints) {
        super(ChinchillaLaw.MODEL, options);
        this.delta = delta;
        this.maxPoints = maxPoints;
    }

    public static ChinchillaFitter create() {
        return new ChinchillaFitter(FitOptions.defaults(FitSpace.LOG).withMaxIterations(500), PAPER_DELTA,
                DEFAULT_MAX_POINTS);
    }

    /** The largest group the grid of starts fits (default {@link #DEFAULT_MAX_POINTS}); a larger one is refused. */
    public ChinchillaFitter withMaxPoints(int newMaxPoints) {
        if (newMaxPoints < 1) {
            throw new IllegalArgumentException("maxPoints = " + newMaxPoints + ", expected >= 1");
        }
        return new ChinchillaFitter(options, delta, newMaxPoints);
    }

    /** A single start instead of the paper's grid, in natural parameters. */
    public ChinchillaFitter withStart(double e, double a, double b, double alpha, double beta) {
        return new ChinchillaFitter(options.withStart(Math.log(a), Math.log(b), Math.log(e), alpha, beta), delta,
                maxPoints);
    }

    /** One start at the fitted law's parameters instead of the paper's grid (its 4,500 starts cost 4,500 fits). */
    @Override
    public ChinchillaFitter startingAt(FitResult fitted) {
        ChinchillaLaw law = (ChinchillaLaw) fitted.law();
        return withStart(law.e(), law.a(), law.b(), law.alpha(), law.beta());
    }

    /** BFGS iteration limit per start. */
    public ChinchillaFitter withMaxIterations(int maxIterations) {
        return new ChinchillaFitter(options.withMaxIterations(maxIterations), delta, maxPoints);
    }

    /** Huber threshold δ on log-loss residuals (paper: 10⁻³). */
    public ChinchillaFitter withDelta(double newDelta) {
        if (!(newDelta > 0)) {
            throw new IllegalArgumentException("delta = " + newDelta + ", expected > 0");
        }
        return new ChinchillaFitter(options, newDelta, maxPoints);
    }

    public FitResult fit(double[] n, double[] d, double[] loss) {
        return fit(Observations.of("n", n, "d", d, "loss", loss));
    }

    @Override
    FitResult solve(Points points) {
        double[] n = points.predictors()[0];
        double[] d = points.predictors()[1];
        double[] loss = points.response();
        if (options.start() == null && points.size() > maxPoints) {
            return FitResult.failed(points.size(), points.size() + " points exceed the limit of " + maxPoints
                    + " for one chinchilla fit (4,500 BFGS starts cost about 20 ms per point); fit a sample of the"
                    + " group or raise the limit (SQL: fit_chinchilla(n, d, loss, max_points); fit plan: \"max_points\";"
                    + " fit-file: --max-points)");
        }
        HuberObjective objective = new HuberObjective(Fits.log(n), Fits.log(d), Fits.log(loss), delta);
        Bfgs.Minimum best = null;
        int iterations = 0;
        for (double[] start : starts()) {
            Bfgs.Minimum minimum = Bfgs.minimize(objective, start, options.maxIterations(),
                    Bfgs.Tolerance.SCIPY_DEFAULT);
            iterations += minimum.iterations();
            if (best == null || minimum.value() < best.value()) {
                best = minimum;
            }
        }
        Bfgs.Minimum polished = Bfgs.minimize(objective, best.point(), options.maxIterations(), Bfgs.Tolerance.TIGHT);
        if (polished.value() <= best.value()) {
            iterations += polished.iterations();
            best = polished;
        }
        ChinchillaLaw law = law(best.point());
        ParametricModel model = parametric(points, ChinchillaLaw.MODEL.fromValues());
        double[] errors = LeastSquares.standardErrors(model, loss, FitSpace.LOG, law.values());
        String reason = best.converged() ? null
                : "BFGS did not converge within " + options.maxIterations() + " iterations";
        return FitResult.of(law, loss, model.values(law.values(), loss.length), FitSpace.LOG, errors,
                iterations, reason, List.of());
    }

    /** The paper's grid of (a, b, e, α, β) starts, or the single user start. */
    private List<double[]> starts() {
        if (options.start() != null) {
            return List.of(options.start());
        }
        List<double[]> grid = new ArrayList<>();
        for (double alpha = 0; alpha <= 2; alpha += 0.5) {
            for (double beta = 0; beta <= 2; beta += 0.5) {
                for (double e = -1; e <= 1; e += 0.5) {
                    for (double a = 0; a <= 25; a += 5) {
                        for (double b = 0; b <= 25; b += 5) {
                            grid.add(new double[] {a, b, e, alpha, beta});
                        }
                    }
                }
            }
        }
        return grid;
    }

    private static ChinchillaLaw law(double[] p) {
        return new ChinchillaLaw(Math.exp(p[2]), Math.exp(p[0]), Math.exp(p[1]), p[3], p[4]);
    }

    /** Huber loss of log-sum-exp predictions against log L, with its analytic gradient in (a, b, e, α, β). */
    private record HuberObjective(double[] logN, double[] logD, double[] logLoss, double delta)
            implements Bfgs.Objective {

        @Override
        public double valueAndGradient(double[] p, double[] gradient) {
            Arrays.fill(gradient, 0);
            double sum = 0;
            for (int i = 0; i < logN.length; i++) {
                double t1 = p[0] - p[3] * logN[i];
                double t2 = p[1] - p[4] * logD[i];
                double t3 = p[2];
                double max = Math.max(t1, Math.max(t2, t3));
                double w1 = Math.exp(t1 - max);
                double w2 = Math.exp(t2 - max);
                double w3 = Math.exp(t3 - max);
                double total = w1 + w2 + w3;
                double r = max + Math.log(total) - logLoss[i];
                double slope;
                if (Math.abs(r) <= delta) {
                    sum += 0.5 * r * r;
                    slope = r;
                } else {
                    sum += delta * (Math.abs(r) - 0.5 * delta);
                    slope = Math.copySign(delta, r);
                }
                gradient[0] += slope * w1 / total;
                gradient[1] += slope * w2 / total;
                gradient[2] += slope * w3 / total;
                gradient[3] -= slope * w1 / total * logN[i];
                gradient[4] -= slope * w2 / total * logD[i];
            }
            return sum;
        }
    }
}
