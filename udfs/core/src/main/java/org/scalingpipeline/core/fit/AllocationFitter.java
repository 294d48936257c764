package org.scalingpipeline.core.fit;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.scalingpipeline.core.laws.AllocationLaw;
import org.scalingpipeline.core.laws.ScalingLaw;

/**
 * Fits a compute-optimal allocation {@code X_opt = k·C^exponent} ({@link AllocationLaw}; Hoffmann et al.
 * 2022 approaches 1 and 2). With a fixed exponent it reproduces the perceiver-io article's
 * {@code curve_fit(k·C^a)}: one parameter, linear space, start k = 0.5 (krasserm/perceiver-io,
 * examples/scaling/clm/scaling/laws.py). With a free exponent it fits k and the exponent in log space.
 * Columns {@code c, n_or_d}: compute budgets and optimal parameter (or token) counts.
 */
public final class AllocationFitter implements CurveFitter {

    private static final List<String> COLUMNS = List.of("c", "n_or_d");
    private static final double REFERENCE_START = 0.5;
    private final FitOptions options;
    private final Double exponent;

    private AllocationFitter(FitOptions options, Double exponent) {
        this.options = options;
        this.exponent = exponent;
    }

    /** Free exponent, fitted in log space. */
    public static AllocationFitter create() {
        return new AllocationFitter(FitOptions.defaults(FitSpace.LOG), null);
    }

    /** Fixes the exponent (a or b) and fits only k, in linear space from k = 0.5 as the reference does. */
    public AllocationFitter withExponent(double fixedExponent) {
        return new AllocationFitter(options.withSpace(FitSpace.LINEAR), fixedExponent);
    }

    /** Start: {@code k} alone with a fixed exponent, {@code k, exponent} otherwise. */
    public AllocationFitter withStart(double... start) {
        return new AllocationFitter(options.withStart(start), exponent);
    }

    public AllocationFitter withMaxIterations(int maxIterations) {
        return new AllocationFitter(options.withMaxIterations(maxIterations), exponent);
    }

    public AllocationFitter withSpace(FitSpace space) {
        return new AllocationFitter(options.withSpace(space), exponent);
    }

    public FitResult fit(double[] c, double[] nOrD) {
        int parameters = exponent == null ? 2 : 1;
        Set<String> positive = options.space() == FitSpace.LOG ? Set.copyOf(COLUMNS) : Set.of("c");
        String problem = InputCheck.reason(InputCheck.columns(COLUMNS, c, nOrD), positive, parameters);
        if (problem != null) {
            return FitResult.failed(c == null ? 0 : c.length, problem);
        }
        if (exponent == null) {
            PowerLawFitter powerLaw = PowerLawFitter.create().withSpace(options.space())
                    .withMaxIterations(options.maxIterations());
            if (options.start() != null) {
                powerLaw = powerLaw.withStart(options.start()[0], options.start()[1]);
            }
            FitResult free = powerLaw.fit(c, nOrD);
            return free.law() == null ? free : Fits.guarded(c.length, () -> relabel(free, nOrD, c));
        }
        return Fits.guarded(c.length, () -> {
            double[] start = options.start() != null ? options.start() : new double[] {REFERENCE_START};
            ParametricModel model = (p, i) -> p[0] * Math.pow(c[i], exponent);
            return Fits.leastSquares(model, nOrD, options.space(), List.of(start), options.maxIterations(),
                    p -> new AllocationLaw(p[0], exponent));
        });
    }

    /** A free-exponent power-law fit reported as an allocation law (k, exponent); standard errors carry over. */
    private FitResult relabel(FitResult powerLawFit, double[] nOrD, double[] c) {
        AllocationLaw law = new AllocationLaw(powerLawFit.parameter("k"), powerLawFit.parameter("m"));
        double[] predicted = Arrays.stream(c).map(law::optimum).toArray();
        double[] errors = {powerLawFit.standardErrors().get("k"), powerLawFit.standardErrors().get("m")};
        return FitResult.of(law, nOrD, predicted, powerLawFit.space(), errors, powerLawFit.iterations(),
                powerLawFit.reason());
    }

    @Override
    public List<String> columns() {
        return COLUMNS;
    }

    @Override
    public FitResult fit(Observations observations) {
        return fit(observations.column("c"), observations.column("n_or_d"));
    }

    @Override
    public double[] predict(ScalingLaw law, Observations observations) {
        AllocationLaw allocation = (AllocationLaw) law;
        return Arrays.stream(observations.column("c")).map(allocation::optimum).toArray();
    }
}
