package org.scalingpipeline.core.laws;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A fitted or published neural scaling law: a closed-form relation between model size, data, compute
 * and loss. Each implementation names its parameters as its paper does, so that fit results, SQL
 * output and the papers can be compared column by column.
 */
public sealed interface ScalingLaw
        permits PowerLaw, OffsetPowerLaw, RoutedLaw, DataConstrainedLaw, KaplanStepsLaw, BrokenNeuralScalingLaw,
                RevisitingM2Law, RevisitingM3Law, RevisitingM4Law, ComputeOptimal {

    /** Registry name of the law (a name of {@code Laws.ALL}), e.g. {@code "chinchilla"}. */
    String name();

    /** The law's model: parameter names, column roles, construction and response at a point. */
    LawModel<? extends ScalingLaw> model();

    /** Parameter names in the order the paper writes them. */
    default List<String> parameterNames() {
        return model().parameterNames();
    }

    /** Parameter values in {@link #parameterNames()} order. */
    double[] values();

    /** Parameters keyed by name, in {@link #parameterNames()} order. */
    default Map<String, Double> parameters() {
        List<String> names = parameterNames();
        double[] values = values();
        Map<String, Double> map = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            map.put(names.get(i), values[i]);
        }
        return map;
    }
}
