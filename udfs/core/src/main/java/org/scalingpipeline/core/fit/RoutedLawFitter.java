package org.scalingpipeline.core.fit;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.scalingpipeline.core.laws.RoutedLaw;

/**
 * Fits Clark et al. 2022's routed law ({@link RoutedLaw}, Eq. 1 with the saturating expert transform)
 * to (dense parameter count N, expert count E, loss), minimising squared log-loss residuals as the
 * reference colab does (google-deepmind/scaling_laws_for_routing, example.ipynb). The objective is
 * non-convex in E_start and E_max, so, like the colab, starts are the colab's initial vector multiplied
 * component-wise by standard normal draws (seeded); each start runs Levenberg–Marquardt, the best is
 * polished by a fresh LM run from its optimum. Columns {@code n, experts, loss}.
 */
public final class RoutedLawFitter extends LawFitter<RoutedLaw> {

    /** Initial (a, b, c, d, log2 E_start, log2 E_max) of the reference colab. */
    private static final double[] COLAB_START = {-0.01100865, 0.11597899, -0.08367467, 1.0, 1.0, 9.99978226};
    /** Random starts of {@link #create()}, as the fit plan and {@code fit_routed_law} run it. */
    public static final int DEFAULT_STARTS = 100;
    private static final int ITERATIONS_PER_START = 200;

    private RoutedLawFitter(FitOptions options) {
        super(RoutedLaw.MODEL, options);
    }

    public static RoutedLawFitter create() {
        return new RoutedLawFitter(FitOptions.defaults(FitSpace.LOG).withStarts(DEFAULT_STARTS)
                .withMaxIterations(ITERATIONS_PER_START));
    }

    /** The vector that random starts scale (a, b, c, d, log2 E_start, log2 E_max). */
    public RoutedLawFitter withStart(double a, double b, double c, double d, double log2EStart, double log2EMax) {
        return new RoutedLawFitter(options.withStart(a, b, c, d, log2EStart, log2EMax));
    }

    public RoutedLawFitter withStarts(int starts) {
        return new RoutedLawFitter(options.withStarts(starts));
    }

    public RoutedLawFitter withSeed(long seed) {
        return new RoutedLawFitter(options.withSeed(seed));
    }

    /** Iteration limit of each start's LM run. */
    public RoutedLawFitter withMaxIterations(int maxIterations) {
        return new RoutedLawFitter(options.withMaxIterations(maxIterations));
    }

    public FitResult fit(double[] n, double[] experts, double[] loss) {
        return fit(Observations.of("n", n, "experts", experts, "loss", loss));
    }

    @Override
    FitResult solve(Points points) {
        FitResult multiStart = leastSquares(points, randomStarts(), null);
        ParametricModel model = parametric(points, RoutedLaw.MODEL.fromValues());
        LeastSquares.Solution polished = LeastSquares.fit(model, points.response(), FitSpace.LOG,
                multiStart.law().values(), 10 * options.maxIterations());
        return Fits.result(model, points.response(), FitSpace.LOG, polished,
                multiStart.iterations() + polished.iterations(), RoutedLaw.MODEL.fromValues()::apply, null);
    }

    private List<double[]> randomStarts() {
        double[] scale = options.start() != null ? options.start() : COLAB_START;
        Random random = new Random(options.seed());
        List<double[]> starts = new ArrayList<>();
        for (int s = 0; s < options.starts(); s++) {
            double[] start = new double[scale.length];
            for (int j = 0; j < scale.length; j++) {
                start[j] = scale[j] * random.nextGaussian();
            }
            starts.add(start);
        }
        return starts;
    }
}
