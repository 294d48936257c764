package org.scalingpipeline.core.laws;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A kind of law as it meets data, written once and used for fitting, for prediction and by SQL: its
 * parameter names (as its paper writes them), its column roles (predictors first, the response last),
 * how to build the law from a parameter vector, and its response at one point. The fitters'
 * least-squares models and {@code predict} both go through {@link #evaluation}, so the formula lives in
 * the law record alone.
 *
 * @param type the law's record class
 * @param parameterNames parameter names in the order of {@code values()}
 * @param columns column roles, predictors first and the response last, e.g. {@code [n, d, loss]}
 * @param fromValues builds the law from values in {@code parameterNames} order
 * @param evaluation the law's response at row {@code i} of the predictor columns
 * @param <L> the law
 */
public record LawModel<L extends ScalingLaw>(Class<L> type, List<String> parameterNames, List<String> columns,
        Function<double[], L> fromValues, Evaluation<L> evaluation) {

    /** The response of a law at row {@code i} of its predictor columns (in {@link #columns()} order). */
    @FunctionalInterface
    public interface Evaluation<L> {
        double at(L law, double[][] predictors, int i);
    }

    public LawModel {
        parameterNames = List.copyOf(parameterNames);
        columns = List.copyOf(columns);
    }

    /** Number of parameters. */
    public int parameterCount() {
        return parameterNames.size();
    }

    /** The predictor roles (every column but the response). */
    public List<String> predictors() {
        return columns.subList(0, columns.size() - 1);
    }

    /** The response role (the last column). */
    public String response() {
        return columns.get(columns.size() - 1);
    }

    /** The law from values in {@link #parameterNames()} order; throws naming the count found and expected. */
    public L law(double... values) {
        if (values.length != parameterCount()) {
            throw new IllegalArgumentException(type.getSimpleName() + " takes " + parameterCount() + " parameters "
                    + parameterNames + ", got " + values.length);
        }
        return fromValues.apply(values);
    }

    /**
     * The law from a parameter map (a fit result's or a SQL {@code params} map); throws naming the
     * missing names and the map found.
     */
    public L law(Map<String, Double> parameters) {
        List<String> missing = new ArrayList<>();
        double[] values = new double[parameterCount()];
        for (int i = 0; i < values.length; i++) {
            Double value = parameters.get(parameterNames.get(i));
            if (value == null) {
                missing.add(parameterNames.get(i));
            } else {
                values[i] = value;
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("params " + parameters + " lack " + missing + "; expected "
                    + parameterNames);
        }
        return fromValues.apply(values);
    }

    /** {@code law} as this model's type; throws naming the law found and the one expected. */
    public L cast(ScalingLaw law) {
        if (!type.isInstance(law)) {
            throw new IllegalArgumentException("expected a " + type.getSimpleName() + ", got "
                    + (law == null ? "null" : law.getClass().getSimpleName() + " '" + law.name() + "'"));
        }
        return type.cast(law);
    }

    /** The response of {@code law} at every row of the predictor columns. */
    public double[] predict(L law, double[][] predictors) {
        int rows = predictors.length == 0 ? 0 : predictors[0].length;
        double[] out = new double[rows];
        for (int i = 0; i < rows; i++) {
            out[i] = evaluation.at(law, predictors, i);
        }
        return out;
    }
}
