package org.scalingpipeline.core.fit;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.scalingpipeline.core.laws.ScalingLaw;

/**
 * Outcome of fitting a scaling law, shaped like Commons Math's {@code Optimum}: the fitted law, its
 * parameters and standard errors, goodness of fit, iterations and convergence. A failed fit (degenerate
 * input, divergence) is a value too, with {@code converged == false} and a {@code reason} naming what was
 * found, so that no exception escapes into a Spark task.
 *
 * @param law the fitted law, null when the fit failed before producing one
 * @param parameters fitted parameters by name, in the law's order (empty when failed)
 * @param standardErrors asymptotic standard errors from the Jacobian at the optimum,
 *     {@code sqrt(diag((JᵀJ)⁻¹)·SSR/(n−p))} in the fit space (NaN for a parameter the data do not fix, 0 for a
 *     parameter held fixed)
 * @param nPoints number of observations used
 * @param rmse root mean square of the residuals {@code y − ŷ} in linear space (units of y)
 * @param rmseLog root mean square of natural-log residuals {@code ln y − ln ŷ}; see {@link #rmseLog10()}
 * @param r2 coefficient of determination in the fit space
 * @param space the space the fit minimised
 * @param iterations optimiser iterations (summed over starts for multi-start fits)
 * @param converged whether the optimiser met its convergence criterion and the data identify the parameters
 *     (more points than parameters, every standard error finite; see {@link LawFitter})
 * @param reason why the fit failed or did not converge, null when it is fine
 * @param intervals bootstrap confidence intervals by parameter name (empty unless bootstrapped)
 * @param atBound names of the parameters the optimiser left on a bound of the law (e.g. a loss floor
 *     {@code E = 0}): the data would push them beyond it, so their value is the bound's, not the data's
 * @param draws the parameters of each bootstrap resample's converged fit (empty unless bootstrapped), from
 *     which any function of the parameters, such as N_opt(C), gets its own percentile interval
 */
public record FitResult(
        ScalingLaw law,
        Map<String, Double> parameters,
        Map<String, Double> standardErrors,
        int nPoints,
        double rmse,
        double rmseLog,
        double r2,
        FitSpace space,
        int iterations,
        boolean converged,
        String reason,
        Map<String, Interval> intervals,
        List<String> atBound,
        List<Map<String, Double>> draws) {

    public FitResult {
        parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
        standardErrors = Collections.unmodifiableMap(new LinkedHashMap<>(standardErrors));
        intervals = Collections.unmodifiableMap(new LinkedHashMap<>(intervals));
        atBound = List.copyOf(atBound);
        draws = draws.stream().map(d -> Collections.unmodifiableMap(new LinkedHashMap<>(d))).toList();
    }

    /** A fit that produced no law, with the reason (which names the offending value). */
    public static FitResult failed(int nPoints, String reason) {
        return new FitResult(null, Map.of(), Map.of(), nPoints, Double.NaN, Double.NaN, Double.NaN, null, 0,
                false, reason, Map.of(), List.of(), List.of());
    }

    /**
     * A fitted law with its residual statistics computed from observed y and predictions.
     *
     * @param standardErrors errors of the fitted parameters, in order; a law parameter beyond them was held
     *     fixed (e.g. a fixed allocation exponent) and gets standard error 0
     * @param reason null when the optimiser converged, otherwise why it did not
     * @param atBound names of the parameters on a bound
     */
    static FitResult of(ScalingLaw law, double[] y, double[] predicted, FitSpace space, double[] standardErrors,
            int iterations, String reason, List<String> atBound) {
        GoodnessOfFit goodness = GoodnessOfFit.of(y, predicted, space);
        List<String> names = law.parameterNames();
        Map<String, Double> errors = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            errors.put(names.get(i), i < standardErrors.length ? standardErrors[i] : 0.0);
        }
        return new FitResult(law, law.parameters(), errors, y.length, goodness.rmse(), goodness.rmseLog(),
                goodness.r2(), space, iterations, reason == null, reason, Map.of(), atBound, List.of());
    }

    /** Base-10 log RMSE, {@code rmseLog / ln 10}: the metric of Clark et al. 2022's routed-law fits. */
    public double rmseLog10() {
        return rmseLog / Math.log(10);
    }

    /** This fit with the percentile intervals of its parameters and the resamples' parameters they come from. */
    public FitResult withBootstrap(Map<String, Interval> bootstrapIntervals, List<Map<String, Double>> resampleDraws) {
        return new FitResult(law, parameters, standardErrors, nPoints, rmse, rmseLog, r2, space, iterations,
                converged, reason, bootstrapIntervals, atBound, resampleDraws);
    }

    /** This fit, law and statistics kept, marked not converged for {@code why}. */
    FitResult notConverged(String why) {
        return new FitResult(law, parameters, standardErrors, nPoints, rmse, rmseLog, r2, space, iterations, false,
                why, intervals, atBound, draws);
    }

    /** Parameter value by name; throws when the law has no such parameter. */
    public double parameter(String name) {
        Double value = parameters.get(name);
        if (value == null) {
            throw new IllegalArgumentException("no parameter '" + name + "' in " + parameters.keySet());
        }
        return value;
    }
}
