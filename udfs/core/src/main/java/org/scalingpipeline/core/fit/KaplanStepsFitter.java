package org.scalingpipeline.core.fit;

import java.util.List;
import org.scalingpipeline.core.laws.KaplanStepsLaw;

/**
 * Fits Kaplan et al. 2020's learning-curve law {@code L(N, S_min) = (N_c/N)^α_N + (S_c/S_min)^α_S}
 * ({@link KaplanStepsLaw}, Eq. 1.6 / 5.6) by Levenberg–Marquardt in log space, as {@link KaplanFitter} fits
 * L(N, D): the paper fits relative errors of curves over five decades of N. Columns {@code n, s_min, loss}
 * (S_min from the steps of a run by {@code CriticalBatch.minSteps}, Eq. 5.4). Default starts: the Table 3
 * constants with α_N, α_S each in {½, 1, 2}× the paper's value; best residual wins.
 */
public final class KaplanStepsFitter extends LawFitter<KaplanStepsLaw> {

    private static final double[] EXPONENT_SCALES = {0.5, 1, 2};

    private KaplanStepsFitter(FitOptions options) {
        super(KaplanStepsLaw.MODEL, options);
    }

    public static KaplanStepsFitter create() {
        return new KaplanStepsFitter(FitOptions.defaults(FitSpace.LOG));
    }

    public KaplanStepsFitter withStart(double nc, double sc, double alphaN, double alphaS) {
        return new KaplanStepsFitter(options.withStart(nc, sc, alphaN, alphaS));
    }

    /** One start at the fitted law's parameters instead of the nine of the exponent grid. */
    @Override
    public KaplanStepsFitter startingAt(FitResult fitted) {
        KaplanStepsLaw law = (KaplanStepsLaw) fitted.law();
        return withStart(law.nc(), law.sc(), law.alphaN(), law.alphaS());
    }

    public KaplanStepsFitter withMaxIterations(int maxIterations) {
        return new KaplanStepsFitter(options.withMaxIterations(maxIterations));
    }

    public KaplanStepsFitter withSpace(FitSpace space) {
        return new KaplanStepsFitter(options.withSpace(space));
    }

    public FitResult fit(double[] n, double[] sMin, double[] loss) {
        return fit(Observations.of("n", n, "s_min", sMin, "loss", loss));
    }

    @Override
    FitResult solve(Points points) {
        return leastSquares(points, starts(), null);
    }

    private List<double[]> starts() {
        if (options.start() != null) {
            return List.of(options.start());
        }
        return Fits.scaledGrid(KaplanStepsLaw.PAPER.values(), 2, 3, EXPONENT_SCALES);
    }
}
