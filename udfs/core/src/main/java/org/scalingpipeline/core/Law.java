package org.scalingpipeline.core;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.scalingpipeline.core.fit.CurveFitter;
import org.scalingpipeline.core.fit.Observations;
import org.scalingpipeline.core.laws.ComputeOptimal;
import org.scalingpipeline.core.laws.LawModel;
import org.scalingpipeline.core.laws.ScalingLaw;

/**
 * One entry of the law registry ({@link Laws}): the name SQL, the fit plan and {@code fit-file} use,
 * the law's model (parameter names as in its paper, column roles, construction, response) and its
 * default fitter. Whether the law has a compute-optimal size ({@code nOpt(c)}, {@code dOpt(c)}) follows
 * from its type: it is one when the law is a {@link ComputeOptimal}.
 *
 * @param name registry name, e.g. {@code chinchilla}
 * @param model the law's model
 * @param fitter the default fitter of the law
 */
public record Law(String name, LawModel<?> model, Supplier<? extends CurveFitter> fitter) {

    /** Parameter names, as the law's paper writes them. */
    public List<String> parameterNames() {
        return model.parameterNames();
    }

    /** Column roles, predictors first and the response last. */
    public List<String> columns() {
        return model.columns();
    }

    /** A new default fitter. */
    public CurveFitter newFitter() {
        return fitter.get();
    }

    /** The law from a parameter map; throws naming the law, the missing names and the map found. */
    public ScalingLaw law(Map<String, Double> parameters) {
        try {
            return model.law(parameters);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("law '" + name + "': " + e.getMessage(), e);
        }
    }

    /** The response {@code law} predicts at every row of the observations (read in this law's roles). */
    public double[] predict(ScalingLaw law, Observations observations) {
        return newFitter().predict(law, observations);
    }

    /** Whether the law defines {@code nOpt(c)} and {@code dOpt(c)}. */
    public boolean hasComputeOptimum() {
        return ComputeOptimal.class.isAssignableFrom(model.type());
    }
}
