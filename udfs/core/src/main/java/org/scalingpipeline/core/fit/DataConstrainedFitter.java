package org.scalingpipeline.core.fit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.scalingpipeline.core.laws.DataConstrainedLaw;

/**
 * Fits Muennighoff et al. 2023's data-constrained law ({@link DataConstrainedLaw}, §3 Eq. 5) to runs of
 * (parameters N, tokens D, unique tokens U_D, loss) by multi-start Levenberg–Marquardt on log-loss residuals.
 * Columns {@code n, d, unique_tokens, loss}.
 *
 * <p>The authors fit in two stages (huggingface/datablations, utils/parametric_fit.ipynb): E, A, B, α = β by
 * Chinchilla's approach 3 (Huber loss, δ = 10⁻³, on log loss, from a grid of starts) on single-epoch C4
 * IsoFLOP points, then R*_D and R*_N with those held fixed, from starts R*_D, R*_N ∈ {0, 6.67, 13.3, 20}, on
 * every run. This fitter fits all seven parameters jointly instead, because a group of runs need not hold a
 * separate single-epoch set that fixes the first stage, and because a joint fit states plainly what the data
 * fix: when no run repeats data (D ≤ U_D throughout) R*_D does not change any prediction, its Jacobian
 * column is zero, and the fit is not converged ("not identified: the data do not fix R_D_star", {@link LawFitter});
 * the same holds for R*_N when no run has more parameters than its unique data can use (N ≤ U_N throughout).
 * Its residuals are least squares in log space, the quadratic part of the paper's Huber loss (which is linear
 * only beyond a 0.1 % residual), so it is less robust to outlying runs than the paper's fit.
 *
 * <p>Default starts: E at half the smallest loss, A and B at the published fit's, α = β at {½, 1, 2}× its
 * 0.353, and R*_D, R*_N each in the paper's grid without its 0 (at R* = 0 neither has a derivative): 27 LM
 * runs, the lowest sum of squares winning. Every parameter is bounded below by 0.
 */
public final class DataConstrainedFitter extends LawFitter<DataConstrainedLaw> {

    private static final double[] EXPONENT_SCALES = {0.5, 1, 2};
    private static final double[] DECAY_STARTS = {20.0 / 3, 40.0 / 3, 20};
    private static final double[] LOWER_BOUNDS = new double[DataConstrainedLaw.MODEL.parameterCount()];

    private DataConstrainedFitter(FitOptions options) {
        super(DataConstrainedLaw.MODEL, options);
    }

    public static DataConstrainedFitter create() {
        return new DataConstrainedFitter(FitOptions.defaults(FitSpace.LOG));
    }

    public DataConstrainedFitter withStart(double e, double a, double b, double alpha, double beta, double rDStar,
            double rNStar) {
        return new DataConstrainedFitter(options.withStart(e, a, b, alpha, beta, rDStar, rNStar));
    }

    /** One start at the fitted law's parameters instead of the 27 of the grid. */
    @Override
    public DataConstrainedFitter startingAt(FitResult fitted) {
        return new DataConstrainedFitter(options.withStart(fitted.law().values()));
    }

    public DataConstrainedFitter withMaxIterations(int maxIterations) {
        return new DataConstrainedFitter(options.withMaxIterations(maxIterations));
    }

    public DataConstrainedFitter withSpace(FitSpace space) {
        return new DataConstrainedFitter(options.withSpace(space));
    }

    public FitResult fit(double[] n, double[] d, double[] uniqueTokens, double[] loss) {
        return fit(Observations.of("n", n, "d", d, "unique_tokens", uniqueTokens, "loss", loss));
    }

    @Override
    FitResult solve(Points points) {
        return leastSquares(points, starts(points.response()), LOWER_BOUNDS);
    }

    private List<double[]> starts(double[] loss) {
        if (options.start() != null) {
            return List.of(options.start());
        }
        DataConstrainedLaw paper = DataConstrainedLaw.PAPER;
        double e = 0.5 * Arrays.stream(loss).min().orElse(0);
        List<double[]> starts = new ArrayList<>();
        for (double scale : EXPONENT_SCALES) {
            for (double rDStar : DECAY_STARTS) {
                for (double rNStar : DECAY_STARTS) {
                    starts.add(new double[] {e, paper.a(), paper.b(), scale * paper.alpha(), scale * paper.beta(),
                            rDStar, rNStar});
                }
            }
        }
        return starts;
    }
}
