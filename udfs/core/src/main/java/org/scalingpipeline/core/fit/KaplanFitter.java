package org.scalingpipeline.core.fit;

import java.util.List;
import java.util.Set;
import org.scalingpipeline.core.laws.KaplanLaw;

/**
 * Fits Kaplan et al. 2020's {@code L(N, D) = [(N_c/N)^(α_N/α_D) + D_c/D]^α_D} ({@link KaplanLaw}, Eq. 1.5)
 * by Levenberg–Marquardt in log space (the paper fits relative errors over five decades of N). Columns
 * {@code n, d, loss}. Default starts: the Table 2 constants with α_N, α_D each in {½, 1, 2}× the paper's
 * value; best residual wins.
 */
public final class KaplanFitter extends LawFitter<KaplanLaw> {

    private static final double[] EXPONENT_SCALES = {0.5, 1, 2};

    private KaplanFitter(FitOptions options) {
        super(KaplanLaw.MODEL, options);
    }

    public static KaplanFitter create() {
        return new KaplanFitter(FitOptions.defaults(FitSpace.LOG));
    }

    public KaplanFitter withStart(double nc, double dc, double alphaN, double alphaD) {
        return new KaplanFitter(options.withStart(nc, dc, alphaN, alphaD));
    }

    /** One start at the fitted law's parameters instead of the nine of the exponent grid. */
    @Override
    public KaplanFitter startingAt(FitResult fitted) {
        KaplanLaw law = (KaplanLaw) fitted.law();
        return withStart(law.nc(), law.dc(), law.alphaN(), law.alphaD());
    }

    public KaplanFitter withMaxIterations(int maxIterations) {
        return new KaplanFitter(options.withMaxIterations(maxIterations));
    }

    public KaplanFitter withSpace(FitSpace space) {
        return new KaplanFitter(options.withSpace(space));
    }

    public FitResult fit(double[] n, double[] d, double[] loss) {
        return fit(Observations.of("n", n, "d", d, "loss", loss));
    }

    /** The loss is a power of a sum and must be positive in either space. */
    @Override
    Set<String> positiveRoles() {
        return Set.copyOf(model.columns());
    }

    @Override
    FitResult solve(Points points) {
        return leastSquares(points, starts(), null);
    }

    private List<double[]> starts() {
        if (options.start() != null) {
            return List.of(options.start());
        }
        return Fits.scaledGrid(KaplanLaw.PAPER.values(), 2, 3, EXPONENT_SCALES);
    }
}
