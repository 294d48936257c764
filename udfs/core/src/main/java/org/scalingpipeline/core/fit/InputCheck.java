package org.scalingpipeline.core.fit;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ToIntFunction;

/**
 * Validation shared by all fitters. Returns a reason naming the value found, or null when the input
 * can be fitted: columns present with equal lengths, more points than parameters (as many would be an
 * interpolation, with no residual left to judge the fit or its errors by), finite values, positive values
 * where the law takes logarithms or powers, a non-constant response, and predictors with as many distinct
 * values as the law needs to identify its parameters.
 */
final class InputCheck {

    private InputCheck() {
    }

    /** Columns keyed by role, in role order. */
    static Map<String, double[]> columns(List<String> roles, double[]... values) {
        Map<String, double[]> map = new LinkedHashMap<>();
        for (int i = 0; i < roles.size(); i++) {
            map.put(roles.get(i), values[i]);
        }
        return map;
    }

    /**
     * @param columns columns in role order, response last
     * @param positive roles that must be strictly positive
     * @param parameterCount number of free parameters
     */
    static String reason(Map<String, double[]> columns, Set<String> positive, int parameterCount) {
        String first = null;
        String response = null;
        for (Map.Entry<String, double[]> column : columns.entrySet()) {
            double[] values = column.getValue();
            String name = column.getKey();
            if (values == null) {
                return "column '" + name + "' is missing";
            }
            if (first == null) {
                first = name;
            } else if (values.length != columns.get(first).length) {
                return "column '" + name + "' has " + values.length + " values but '" + first + "' has "
                        + columns.get(first).length;
            }
            for (int i = 0; i < values.length; i++) {
                if (!Double.isFinite(values[i])) {
                    return name + "[" + i + "] = " + values[i] + " is not finite";
                }
                if (positive.contains(name) && values[i] <= 0) {
                    return name + "[" + i + "] = " + values[i] + " must be > 0 for this law";
                }
            }
            response = name;
        }
        int n = first == null ? 0 : columns.get(first).length;
        if (n < parameterCount) {
            return n + " points for " + parameterCount + " parameters: need at least " + (parameterCount + 1);
        }
        double[] y = columns.get(response);
        if (n > 1 && isConstant(y)) {
            return "'" + response + "' is constant (" + y[0] + " at all " + n + " points)";
        }
        return null;
    }

    /**
     * Null when the data can identify the law's parameters, otherwise a reason naming what was found and
     * what is needed. First every predictor needs at least {@code needed} distinct values: with fewer the
     * law is not identified whatever the number of points (a constant x leaves the exponent of
     * {@code k·x^m} free, two distinct N leave an IsoFLOP parabola free), so an optimum found on them is
     * arbitrary. Then there must be more points than parameters: as many are matched exactly by an
     * interpolation, whose zero residual says nothing of the law or of its errors.
     *
     * @param predictors predictor columns by role, already checked by {@link #reason}
     * @param needed distinct values each role needs
     * @param parameterCount number of free parameters
     * @param calibration whether one point per parameter fixes the law by design ({@link LawFitter#calibration})
     */
    static String identification(Map<String, double[]> predictors, ToIntFunction<String> needed, int parameterCount,
            boolean calibration) {
        int n = 0;
        for (Map.Entry<String, double[]> column : predictors.entrySet()) {
            String name = column.getKey();
            double[] values = column.getValue();
            n = values.length;
            int required = needed.applyAsInt(name);
            Set<Double> distinct = new HashSet<>();
            for (int i = 0; i < values.length && distinct.size() < required; i++) {
                distinct.add(values[i]);
            }
            if (distinct.size() < required) {
                String constant = distinct.size() == 1
                        ? " (all " + values.length + " values are " + values[0] + ")" : "";
                return "needs " + required + " distinct " + name + ", got " + distinct.size() + constant
                        + ": the data do not identify the law's parameters";
            }
        }
        if (n == parameterCount && !calibration) {
            return n + " points for " + parameterCount + " parameters: an interpolation, not a fit; need at least "
                    + (parameterCount + 1);
        }
        return null;
    }

    private static boolean isConstant(double[] y) {
        for (double v : y) {
            if (v != y[0]) {
                return false;
            }
        }
        return true;
    }
}
