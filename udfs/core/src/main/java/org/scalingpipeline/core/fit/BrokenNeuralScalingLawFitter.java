package org.scalingpipeline.core.fit;

import static org.scalingpipeline.core.laws.BrokenNeuralScalingLaw.LEADING;
import static org.scalingpipeline.core.laws.BrokenNeuralScalingLaw.PER_BREAK;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import org.scalingpipeline.core.laws.BrokenNeuralScalingLaw;
import org.scalingpipeline.core.laws.LawModel;

/**
 * What the fitters of Caballero et al. 2022's broken neural scaling laws ({@link BrokenNeuralScalingLaw}, Eq. 1)
 * share. The paper's code ({@code fit_bnsl_and_extrapolate__4_digit_addition__dataset_size_x-axis.py},
 * github.com/ethancaballero/broken_neural_scaling_laws) brute-forces a grid over all six parameters of the
 * one-break law, its break locations d1 spanning the data's x, minimising the mean squared log error, and
 * polishes the best grid point with {@code curve_fit} on the logarithm of y. This does the same with fewer
 * evaluations: a grid over the parameters that enter non-linearly — the limit a, each break's location dᵢ
 * (log-spaced inside the range of x) and sharpness fᵢ — on which {@code ln(y − a)} is linear in
 * {@code ln b, c0, c1, …}, so those are solved exactly at every grid point; the {@link #STARTS} grid points of
 * least residual start Levenberg–Marquardt in log space. The paper's objective is {@code ln(y + 1)}
 * (scikit-learn's mean squared log error); this one fits {@code ln y}, the relative error, as the project's
 * other log-space fits do.
 *
 * <p>Bounds: {@code a, b ≥ 0} (a loss has no negative floor or scale), {@code dᵢ, fᵢ ≥ 0} (the law is undefined
 * below, and a step onto 0 gives no prediction, so LM steps back); c0 and the cᵢ are free (a break can steepen or
 * flatten the curve). The breaks of a fit are ordered by location ({@code d1 < d2}), the law being the same under
 * any order. A fit whose break lies outside the range of x is converged only when the data fix its location (its
 * standard error less than the location itself): the data see one side of the break only, its location trades
 * off against its sharpness and slope change, and unless the onset they see pins it down the law beyond the data
 * is a guess. The grid of starts reaches a quarter of the range of ln x past each end, for a break just outside
 * whose onset the data show (the paper's Figure 4 right extrapolates one such).
 *
 * @param <L> the law, by number of breaks
 */
abstract class BrokenNeuralScalingLawFitter<L extends BrokenNeuralScalingLaw> extends LawFitter<L> {

    /** Grid points that start LM, those of least residual. */
    static final int STARTS = 4;
    /** Limits a of the grid, as shares of the least y. */
    private static final double[] LIMIT_SHARES = {0, 0.5, 0.9};
    /** Sharpness f of the grid, from a break of a few hundredths of a decade to one spread over a decade or two. */
    private static final double[] SHARPNESS = {0.05, 0.2, 0.5, 1};

    /** The grid's break locations reach this share of the range of ln x beyond each end of it. */
    private static final double OUTSIDE_SHARE = 0.25;

    /**
     * A break outside the range of x counts as fixed by the data when its location's standard error is below this
     * share of it (the location known to better than a factor of about e).
     */
    private static final double OUTSIDE_RELATIVE_ERROR = 1;

    private final int locations;

    /**
     * @param locations break locations of the grid, log-spaced inside the range of x
     */
    BrokenNeuralScalingLawFitter(LawModel<L> model, FitOptions options, int locations) {
        super(model, options);
        this.locations = locations;
    }

    /** y takes logarithms in either space: the grid solves for {@code ln(y − a)}, and a ≥ 0, b ≥ 0 make y ≥ 0. */
    @Override
    Set<String> positiveRoles() {
        return Set.copyOf(model.columns());
    }

    @Override
    FitResult solve(Points points) {
        double[] x = points.predictors()[0];
        List<double[]> starts = options.start() != null ? List.of(options.start()) : grid(x, points.response());
        double[] lower = lowerBounds();
        FitResult fit = leastSquares(points, starts, lower);
        if (fit.law() == null) {
            return fit;
        }
        double[] ordered = byLocation(fit.law().values());
        if (!Arrays.equals(ordered, fit.law().values())) {
            fit = leastSquares(points, List.of(ordered), lower);
        }
        return fit.converged() ? withinRange(fit, x) : fit;
    }

    private int breakCount() {
        return (model.parameterCount() - LEADING) / PER_BREAK;
    }

    private double[] lowerBounds() {
        double[] lower = new double[model.parameterCount()];
        lower[2] = Double.NEGATIVE_INFINITY;
        for (int i = LEADING; i < lower.length; i += PER_BREAK) {
            lower[i] = Double.NEGATIVE_INFINITY;
        }
        return lower;
    }

    /**
     * The starts: for every a, every increasing choice of break locations from the grid and every sharpness of
     * each break, the least-squares {@code ln b, c0, cᵢ} of {@code ln(y − a)}; the {@link #STARTS} of least residual
     * in the fit space.
     */
    private List<double[]> grid(double[] x, double[] y) {
        double[] logX = Fits.log(x);
        double lo = Arrays.stream(logX).min().orElseThrow();
        double hi = Arrays.stream(logX).max().orElseThrow();
        double margin = (hi - lo) * OUTSIDE_SHARE;
        double[] logD = new double[locations];
        for (int k = 0; k < locations; k++) {
            logD[k] = lo - margin + (hi - lo + 2 * margin) * k / (locations - 1);
        }
        double minY = Arrays.stream(y).min().orElseThrow();
        List<Candidate> candidates = new ArrayList<>();
        for (double share : LIMIT_SHARES) {
            double a = share * minY;
            double[] logExcess = Arrays.stream(y).map(v -> Math.log(v - a)).toArray();
            for (int[] at : choices(locations, breakCount(), false)) {
                for (int[] sharp : choices(SHARPNESS.length, breakCount(), true)) {
                    double[] start = linearStart(logX, logExcess, a, at, logD, sharp);
                    candidates.add(new Candidate(start, residual(x, y, start)));
                }
            }
        }
        return candidates.stream().filter(c -> Double.isFinite(c.residual()))
                .sorted(Comparator.comparingDouble(Candidate::residual)).limit(STARTS).map(Candidate::start).toList();
    }

    private record Candidate(double[] start, double residual) {
    }

    /** a, b, c0 and (c, d, f) per break, with ln b, c0 and the c solved from {@code ln(y − a)} by least squares. */
    private static double[] linearStart(double[] logX, double[] logExcess, double a, int[] at, double[] logD,
            int[] sharp) {
        int breaks = at.length;
        double[][] design = new double[logX.length][2 + breaks];
        for (int r = 0; r < logX.length; r++) {
            design[r][0] = 1;
            design[r][1] = -logX[r];
            for (int i = 0; i < breaks; i++) {
                design[r][2 + i] = BrokenNeuralScalingLaw.logBreak(logX[r], Math.exp(logD[at[i]]), SHARPNESS[sharp[i]]);
            }
        }
        double[] solved = LeastSquares.linear(design, logExcess).point();
        double[] start = new double[LEADING + PER_BREAK * breaks];
        start[0] = a;
        start[1] = Math.exp(solved[0]);
        start[2] = solved[1];
        for (int i = 0; i < breaks; i++) {
            start[LEADING + PER_BREAK * i] = solved[2 + i];
            start[LEADING + PER_BREAK * i + 1] = Math.exp(logD[at[i]]);
            start[LEADING + PER_BREAK * i + 2] = SHARPNESS[sharp[i]];
        }
        return start;
    }

    private double residual(double[] x, double[] y, double[] p) {
        double[] predicted = model.predict(model.law(p), new double[][] {x});
        double sum = 0;
        for (int i = 0; i < y.length; i++) {
            double r = options.space().transform(y[i]) - options.space().transform(predicted[i]);
            sum += r * r;
        }
        return sum;
    }

    /** Choices of {@code k} of {@code 0..n−1}: every tuple when {@code repeated}, else the strictly increasing ones. */
    private static List<int[]> choices(int n, int k, boolean repeated) {
        List<int[]> out = new ArrayList<>();
        collect(new int[k], 0, 0, n, repeated, out);
        return out;
    }

    private static void collect(int[] chosen, int position, int from, int n, boolean repeated, List<int[]> out) {
        if (position == chosen.length) {
            out.add(chosen.clone());
            return;
        }
        for (int v = repeated ? 0 : from; v < n; v++) {
            chosen[position] = v;
            collect(chosen, position + 1, v + 1, n, repeated, out);
        }
    }

    /** The parameters with the breaks' (c, d, f) in increasing order of d. */
    private static double[] byLocation(double[] p) {
        int breaks = (p.length - LEADING) / PER_BREAK;
        Integer[] order = new Integer[breaks];
        for (int i = 0; i < breaks; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingDouble(i -> p[LEADING + PER_BREAK * i + 1]));
        double[] out = Arrays.copyOf(p, p.length);
        for (int i = 0; i < breaks; i++) {
            System.arraycopy(p, LEADING + PER_BREAK * order[i], out, LEADING + PER_BREAK * i, PER_BREAK);
        }
        return out;
    }

    /**
     * The fit, not converged when a break lies outside the range of x and its location's standard error is not
     * below {@link #OUTSIDE_RELATIVE_ERROR} of it (see the class comment).
     */
    private FitResult withinRange(FitResult fit, double[] x) {
        double lo = Arrays.stream(x).min().orElseThrow();
        double hi = Arrays.stream(x).max().orElseThrow();
        for (int i = 1; i <= breakCount(); i++) {
            String name = "d" + i;
            double d = fit.parameter(name);
            double error = fit.standardErrors().get(name);
            if ((d < lo || d > hi) && !(error < OUTSIDE_RELATIVE_ERROR * d)) {
                return fit.notConverged("break " + name + " = " + d + " lies outside the data's x range [" + lo
                        + ", " + hi + "] and the data do not fix it (standard error " + error + ")");
            }
        }
        return fit;
    }
}
