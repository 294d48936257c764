package org.scalingpipeline.core.fit;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.scalingpipeline.core.laws.KaplanLaw;
import org.scalingpipeline.core.laws.ScalingLaw;

/**
 * Fits Kaplan et al. 2020's {@code L(N, D) = [(N_c/N)^(α_N/α_D) + D_c/D]^α_D} ({@link KaplanLaw}, Eq. 1.5)
 * by Levenberg–Marquardt in log space (the paper fits relative errors over five decades of N). Columns
 * {@code n, d, loss}. Default starts: the Table 2 constants with α_N, α_D each in {½, 1, 2}× the paper's
 * value; best residual wins.
 */
public final class KaplanFitter implements CurveFitter {

    private static final List<String> COLUMNS = List.of("n", "d", "loss");
    private static final double[] EXPONENT_SCALES = {0.5, 1, 2};
    private final FitOptions options;

    private KaplanFitter(FitOptions options) {
        this.options = options;
    }

    public static KaplanFitter create() {
        return new KaplanFitter(FitOptions.defaults(FitSpace.LOG));
    }

    public KaplanFitter withStart(double nc, double dc, double alphaN, double alphaD) {
        return new KaplanFitter(options.withStart(nc, dc, alphaN, alphaD));
    }

    public KaplanFitter withMaxIterations(int maxIterations) {
        return new KaplanFitter(options.withMaxIterations(maxIterations));
    }

    public KaplanFitter withSpace(FitSpace space) {
        return new KaplanFitter(options.withSpace(space));
    }

    public FitResult fit(double[] n, double[] d, double[] loss) {
        String problem = InputCheck.reason(InputCheck.columns(COLUMNS, n, d, loss), Set.copyOf(COLUMNS), 4);
        if (problem != null) {
            return FitResult.failed(n == null ? 0 : n.length, problem);
        }
        return Fits.guarded(n.length, () -> {
            ParametricModel model = (p, i) -> new KaplanLaw(p[0], p[1], p[2], p[3]).loss(n[i], d[i]);
            return Fits.leastSquares(model, loss, options.space(), starts(), options.maxIterations(),
                    p -> new KaplanLaw(p[0], p[1], p[2], p[3]));
        });
    }

    private List<double[]> starts() {
        if (options.start() != null) {
            return List.of(options.start());
        }
        KaplanLaw paper = KaplanLaw.PAPER;
        List<double[]> starts = new ArrayList<>();
        for (double scaleN : EXPONENT_SCALES) {
            for (double scaleD : EXPONENT_SCALES) {
                starts.add(new double[] {paper.nc(), paper.dc(), scaleN * paper.alphaN(), scaleD * paper.alphaD()});
            }
        }
        return starts;
    }

    @Override
    public List<String> columns() {
        return COLUMNS;
    }

    @Override
    public FitResult fit(Observations observations) {
        return fit(observations.column("n"), observations.column("d"), observations.column("loss"));
    }

    @Override
    public double[] predict(ScalingLaw law, Observations observations) {
        KaplanLaw kaplan = (KaplanLaw) law;
        double[] n = observations.column("n");
        double[] d = observations.column("d");
        double[] out = new double[n.length];
        for (int i = 0; i < n.length; i++) {
            out[i] = kaplan.loss(n[i], d[i]);
        }
        return out;
    }
}
