package org.scalingpipeline.core.fit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.scalingpipeline.core.laws.LawModel;
import org.scalingpipeline.core.laws.ScalingLaw;

/**
 * The template every fitter of this package extends, shaped like Commons Math's
 * {@code AbstractCurveFitter}: {@link #fit(Observations)} reads the law's column roles, checks the
 * input (columns present, finite, positive where the law needs it, each predictor with the
 * {@link #distinctValuesNeeded distinct values} that identify the law, more points than the law has
 * parameters), guards against any exception, and only then asks the subclass to {@link #solve} the
 * problem, on the points in their {@link Observations#sorted canonical order}. A solved fit is converged only if the data fix every parameter: a standard error that is
 * undefined or infinite (a parameter in the null space of the Jacobian, e.g. B and β when D hardly
 * varies) makes it not converged, with a reason naming those parameters. Data that do not identify the
 * law thus give a failed fit, never a "converged" optimum that is one of infinitely many. The law's {@link LawModel} is the single model: the least-squares model
 * of {@link #leastSquares} and {@link #predict} both evaluate {@link LawModel#evaluation()}.
 *
 * @param <L> the law fitted
 */
public abstract class LawFitter<L extends ScalingLaw> implements CurveFitter {

    final LawModel<L> model;
    final FitOptions options;

    LawFitter(LawModel<L> model, FitOptions options) {
        this.model = model;
        this.options = options;
    }

    /**
     * The checked points in the law's roles.
     *
     * @param predictors predictor columns in role order
     * @param response the response column
     */
    record Points(double[][] predictors, double[] response) {

        int size() {
            return response.length;
        }
    }

    /** Fits checked, finite points; may throw, {@link #fit(Observations)} turns that into a failed result. */
    abstract FitResult solve(Points points);

    /** Number of parameters the fit adjusts: the law's, unless the fitter holds some fixed. */
    int freeParameters() {
        return model.parameterCount();
    }

    /**
     * True for a calibration rather than a fit: a law whose free parameters one point each fixes exactly, by
     * design (a fixed-exponent allocation law's k from one reference run, the Perceiver AR article's k_N C^0.5).
     * Then as many points as parameters are enough, and their zero residual leaves no standard error to give.
     */
    boolean calibration() {
        return false;
    }

    /**
     * Distinct values predictor {@code role} needs for the data to identify the law: for a law of one
     * predictor its free parameters (a curve of p parameters needs p distinct x, e.g. 2 for
     * {@code k·x^m}, 3 for an IsoFLOP parabola), for a law of several predictors 2 each (a constant
     * predictor leaves its exponent free). A lower bound, not a guarantee of identification.
     */
    int distinctValuesNeeded(String role) {
        return model.predictors().size() == 1 ? freeParameters() : 2;
    }

    /** Roles that must be strictly positive: the predictors, and the response when fitting in log space. */
    Set<String> positiveRoles() {
        return options.space() == FitSpace.LOG ? Set.copyOf(model.columns()) : Set.copyOf(model.predictors());
    }

    @Override
    public final List<String> columns() {
        return model.columns();
    }

    @Override
    public final FitResult fit(Observations observations) {
        Map<String, double[]> columns = new LinkedHashMap<>();
        model.columns().forEach(role -> columns.put(role, observations.column(role)));
        String problem = InputCheck.reason(columns, positiveRoles(), freeParameters());
        if (problem == null) {
            Map<String, double[]> predictors = new LinkedHashMap<>();
            model.predictors().forEach(role -> predictors.put(role, columns.get(role)));
            problem = InputCheck.identification(predictors, this::distinctValuesNeeded, freeParameters(),
                    calibration());
        }
        if (problem != null) {
            double[] first = columns.values().iterator().next();
            return FitResult.failed(first == null ? 0 : first.length, problem);
        }
        Observations ordered = new Observations(columns).sorted();
        Points points = new Points(model.predictors().stream().map(ordered::column).toArray(double[][]::new),
                ordered.column(model.response()));
        boolean exact = calibration() && points.size() == freeParameters();
        return Fits.guarded(points.size(), () -> exact ? solve(points) : identified(solve(points)));
    }

    /**
     * The fit, marked not converged when a parameter's standard error is undefined or infinite: the data
     * do not fix it (it trades off against others along a flat direction of the objective), so its value
     * is one of many equally good ones.
     */
    private static FitResult identified(FitResult fit) {
        if (!fit.converged()) {
            return fit;
        }
        List<String> free = new ArrayList<>();
        fit.standardErrors().forEach((name, error) -> {
            if (!Double.isFinite(error)) {
                free.add(name);
            }
        });
        if (free.isEmpty()) {
            return fit;
        }
        return fit.notConverged("not identified: the data do not fix " + String.join(", ", free)
                + (free.size() == 1 ? " (its standard error is undefined)" : " (their standard errors are undefined)"));
    }

    @Override
    public final double[] predict(ScalingLaw law, Observations observations) {
        double[][] predictors = model.predictors().stream().map(observations::column).toArray(double[][]::new);
        return model.predict(model.cast(law), predictors);
    }

    /** The least-squares model: the law built from parameter vector {@code p}, at row {@code i}. */
    ParametricModel parametric(Points points, Function<double[], L> law) {
        return (p, i) -> model.evaluation().at(law.apply(p), points.predictors(), i);
    }

    /** Multi-start Levenberg–Marquardt of the law's model; each parameter at or above {@code lower} (null: free). */
    FitResult leastSquares(Points points, List<double[]> starts, double[] lower) {
        return leastSquares(points, model.fromValues(), starts, lower);
    }

    /** As above, building the law from the free parameters with {@code law} (some may be held fixed). */
    FitResult leastSquares(Points points, Function<double[], L> law, List<double[]> starts, double[] lower) {
        return Fits.leastSquares(parametric(points, law), points.response(), options.space(), starts,
                options.maxIterations(), lower, law::apply);
    }
}
