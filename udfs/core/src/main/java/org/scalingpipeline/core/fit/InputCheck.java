package org.scalingpipeline.core.fit;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ToIntFunction;

/**
 * Validation shared by all fitters. Returns a reason naming the value found, or null when the input
 * can be fitted: columns present with equal lengths, at least as many points as parameters, finite
 * values, positive values where the law takes logarithms or powers, a non-constant response, and
 * predictors with as many distinct values as the law needs to identify its parameters.
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
            return n + " points for " + parameterCount + " parameters: need at least " + parameterCount;
        }
        double[] y = columns.get(response);
        if (n > 1 && isConstant(y)) {
            return "'" + response + "' is constant (" + y[0] + " at all " + n + " points)";
        }
        return null;
    }

    /**
     * Null when every predictor has at least {@code needed} distinct values, otherwise a reason naming
     * the column, its distinct values and the number needed: data with fewer do not identify the law
     * (a constant x leaves the exponent of {@code k·x^m} free), so an optimum found on them is arbitrary.
     *
     * @param predictors predictor columns by role, already checked by {@link #reason}
     * @param needed distinct values each role needs
     */
    static String identification(Map<String, double[]> predictors, ToIntFunction<String> needed) {
        for (Map.Entry<String, double[]> column : predictors.entrySet()) {
            String name = column.getKey();
            double[] values = column.getValue();
            int required = needed.applyAsInt(name);
            Set<Double> distinct = new HashSet<>();
            for (int i = 0; i < values.length && distinct.size() < required; i++) {
                distinct.add(values[i]);
            }
            if (distinct.size() < required) {
                String found = distinct.size() == 1
                        ? " is constant (all " + values.length + " values are " + values[0] + ")"
                        : " has " + distinct.size() + " distinct values";
                return name + found + ": the law needs " + required + " distinct " + name
                        + " to identify its parameters";
            }
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
