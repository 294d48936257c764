package org.scalingpipeline.synthetic;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.scalingpipeline.core.Law;
import org.scalingpipeline.core.Laws;
import org.scalingpipeline.core.fit.Observations;
import org.scalingpipeline.core.laws.ChinchillaLaw;
import org.scalingpipeline.core.laws.KaplanLaw;
import org.scalingpipeline.core.laws.OffsetPowerLaw;
import org.scalingpipeline.core.laws.ScalingLaw;

/**
 * The law a synthetic study's runs follow: a law of the registry ({@link Laws#ALL}) with given parameters, read
 * either at a run's size and data, {@code loss(N, D)} (laws of roles {@code n, d, loss}: Hoffmann et al. 2022's
 * Eq. 10, Kaplan et al. 2020's Eq. 1.5), or at its compute, {@code y(C)} with {@code C = 6·N·D} (Kaplan et al.
 * 2020, §2.1; laws of one variable, roles {@code x, y}: a power law with or without an offset, a broken neural
 * scaling law, Alabdulmohsin et al. 2022's estimators). A run of N parameters at T tokens per step has seen
 * {@code D = T·step} tokens, so its loss at a step is the law at {@code (N, T·step)} or at {@code 6·N·T·step}, as
 * the registry's {@link Law#predict} gives it.
 *
 * <p>Chinchilla's law also has a closed-form loss-vs-step curve per run ({@link #runCurve}), which the generator
 * uses for it, so its output stays what it always was.
 *
 * @param name registry name of the law, e.g. {@code kaplan}
 * @param law the law with its parameters
 */
public record GeneratingLaw(String name, ScalingLaw law) {

  /** Roles of a law of size and data. */
  private static final List<String> SIZE_AND_DATA = List.of("n", "d", "loss");
  /** Roles of a law of one variable, read here as compute. */
  private static final List<String> ONE_VARIABLE = List.of("x", "y");

  /**
   * Published constants a law defaults to: only laws of loss against N and D in tokens have constants on the
   * scale a generated run lives on. A one-variable law's constants (e.g. Caballero et al.'s 4-digit-addition fit)
   * are of another axis, so those laws take every parameter from the caller.
   */
  private static final Map<String, ScalingLaw> PUBLISHED = Map.of("chinchilla", ChinchillaLaw.PAPER,
      "kaplan", KaplanLaw.PAPER);

  /** Hoffmann et al. 2022, Eq. 10: the default. */
  public static final GeneratingLaw CHINCHILLA = new GeneratingLaw("chinchilla", ChinchillaLaw.PAPER);

  public GeneratingLaw {
    generatable(name).model().cast(law);
    for (double value : law.values()) {
      if (!Double.isFinite(value)) {
        throw new IllegalArgumentException("law '" + name + "': every parameter must be finite, got "
            + law.parameters());
      }
    }
  }

  /**
   * The law of this name with these parameters, each overriding the law's published constant; throws naming the
   * law's parameters when one is unknown, and the missing ones when the law has no published constants for them.
   */
  public static GeneratingLaw of(String name, Map<String, Double> parameters) {
    Law entry = generatable(name);
    List<String> unknown = parameters.keySet().stream().filter(p -> !entry.parameterNames().contains(p)).toList();
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException("law '" + name + "' has no parameter " + unknown + "; its parameters are "
          + entry.parameterNames());
    }
    Map<String, Double> values = new LinkedHashMap<>();
    Optional.ofNullable(PUBLISHED.get(name)).ifPresent(published -> values.putAll(published.parameters()));
    values.putAll(parameters);
    List<String> missing = entry.parameterNames().stream().filter(p -> !values.containsKey(p)).toList();
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException("law '" + name + "' has no published constants for generated runs; give"
          + " --param for " + missing + " (its parameters are " + entry.parameterNames() + ")");
    }
    return new GeneratingLaw(name, entry.law(values));
  }

  /** The registry's law of this name; throws naming its roles when runs cannot follow it. */
  private static Law generatable(String name) {
    Law entry = Laws.ALL.law(name);
    if (!entry.columns().equals(SIZE_AND_DATA) && !entry.columns().equals(ONE_VARIABLE)) {
      throw new IllegalArgumentException("law '" + name + "' has roles " + entry.columns() + "; synthetic runs follow"
          + " a law of " + SIZE_AND_DATA + " or of one variable " + ONE_VARIABLE + " read at compute C = 6*N*D");
    }
    return entry;
  }

  /** Whether the law is read at compute {@code C = 6·N·D} rather than at {@code (N, D)}. */
  public boolean ofCompute() {
    return Laws.ALL.law(name).columns().equals(ONE_VARIABLE);
  }

  /** What the law is read at, for the truth file: {@code n d} or {@code C = 6*N*D}. */
  public String predictors() {
    return ofCompute() ? "C = 6*N*D" : "n d";
  }

  /**
   * The loss of a run of {@code params} parameters at {@code tokensPerStep} tokens per step at each of
   * {@code steps}, before noise, through the registry's prediction of the law.
   */
  public double[] losses(double params, long tokensPerStep, long[] steps) {
    double[] n = new double[steps.length];
    double[] d = new double[steps.length];
    double[] c = new double[steps.length];
    for (int i = 0; i < steps.length; i++) {
      n[i] = params;
      d[i] = (double) tokensPerStep * steps[i];
      c[i] = 6 * params * d[i];
    }
    Observations at = ofCompute() ? Observations.of("x", c) : Observations.of("n", n, "d", d);
    return Laws.ALL.law(name).predict(law, at);
  }

  /**
   * The run's loss-vs-step curve in closed form where the law gives one: for Chinchilla's
   * {@code E + A/N^α + B/D^β} at {@code D = T·step}, {@code E_run + A_run·step^(−α_run)} with
   * {@code E_run = E + A·N^(−α)}, {@code A_run = B·T^(−β)} and {@code α_run = β}; empty for every other law.
   */
  public Optional<OffsetPowerLaw> runCurve(double params, long tokensPerStep) {
    if (!(law instanceof ChinchillaLaw chinchilla)) {
      return Optional.empty();
    }
    return Optional.of(new OffsetPowerLaw(chinchilla.e() + chinchilla.a() / Math.pow(params, chinchilla.alpha()),
        chinchilla.b() / Math.pow(tokensPerStep, chinchilla.beta()), chinchilla.beta()));
  }
}
