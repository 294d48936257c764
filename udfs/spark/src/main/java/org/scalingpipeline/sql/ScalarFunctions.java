package org.scalingpipeline.sql;

import java.util.HashMap;
import java.util.Map;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.sql.catalyst.util.MapData;
import org.apache.spark.unsafe.types.UTF8String;
import org.scalingpipeline.core.flops.PerceiverArConfig;
import org.scalingpipeline.core.flops.TransformerShape;
import org.scalingpipeline.core.laws.AllocationLaw;
import org.scalingpipeline.core.laws.ChinchillaLaw;
import org.scalingpipeline.core.laws.IsoFlopParabola;
import org.scalingpipeline.core.laws.KaplanLaw;
import org.scalingpipeline.core.laws.RoutedLaw;

/**
 * The static methods behind the scalar SQL functions. Spark calls them through generated code
 * ({@code StaticInvoke}) with NULL in giving NULL out; all the math is in the core.
 */
public final class ScalarFunctions {

  /** The law a law argument names when it is omitted. */
  public static final String DEFAULT_LAW = "chinchilla-approach-3";

  private ScalarFunctions() {}

  /** {@code power_law(x, k, m)} = k·x^m. */
  public static double powerLaw(double x, double k, double m) {
    return k * Math.pow(x, m);
  }

  /** {@code chinchilla_loss(n, d)} under Hoffmann et al. 2022's fitted law (§3.3, Eq. 10). */
  public static double chinchillaLoss(double n, double d) {
    return ChinchillaLaw.PAPER.loss(n, d);
  }

  /** {@code chinchilla_loss(n, d, law)} under a named law. */
  public static double chinchillaLossNamed(double n, double d, UTF8String law) {
    return namedChinchilla(law).loss(n, d);
  }

  /** {@code chinchilla_loss(n, d, params)} under a fitted law's parameters (E, A, B, alpha, beta). */
  public static double chinchillaLossFitted(double n, double d, MapData params) {
    return chinchilla(javaMap(params), "chinchilla_loss").loss(n, d);
  }

  /** {@code kaplan_loss(n, d)}: Kaplan et al. 2020's L(N, D) (Eq. 1.5, Table 2). */
  public static double kaplanLoss(double n, double d) {
    return KaplanLaw.PAPER.loss(n, d);
  }

  /** {@code n_opt(c)} under Chinchilla approach 3. */
  public static double nOpt(double c) {
    return ChinchillaLaw.PAPER.nOpt(c);
  }

  /** {@code n_opt(c, law)} under a named law. */
  public static double nOptNamed(double c, UTF8String law) {
    return namedChinchilla(law).nOpt(c);
  }

  /**
   * {@code n_opt(c, params)}: a Chinchilla law's closed form, an allocation law k·C^a for N, or the
   * vertex of an IsoFLOP parabola (a, b, c), which was fitted at one budget: {@code c} should be that budget.
   */
  public static double nOptFitted(double c, MapData params) {
    Map<String, Double> p = javaMap(params);
    if (p.containsKey("exponent")) {
      return allocation(p).optimum(c);
    }
    return isIsoFlop(p) ? isoFlop(p).nOpt() : chinchilla(p, "n_opt").nOpt(c);
  }

  /** {@code d_opt(c)} under Chinchilla approach 3. */
  public static double dOpt(double c) {
    return ChinchillaLaw.PAPER.dOpt(c);
  }

  /** {@code d_opt(c, law)} under a named law. */
  public static double dOptNamed(double c, UTF8String law) {
    return namedChinchilla(law).dOpt(c);
  }

  /** {@code d_opt(c, params)}: a Chinchilla law's closed form, or C / (6·N_opt) for an allocation law or an IsoFLOP parabola. */
  public static double dOptFitted(double c, MapData params) {
    Map<String, Double> p = javaMap(params);
    return p.containsKey("exponent") || isIsoFlop(p) ? c / (6 * nOptFitted(c, params)) : chinchilla(p, "d_opt").dOpt(c);
  }

  /** {@code perceiver_ar_params(d, layers, vocab, max_seq_len, latents)}: N of perceiver-io's causal LM. */
  public static double perceiverArParams(double d, double layers, double vocab, double maxSeqLen, double latents) {
    return new PerceiverArConfig((int) d, (int) layers, (int) vocab, (int) maxSeqLen, (int) latents, 0.5).params();
  }

  /** {@code flops_per_token(n, n_layer, n_ctx, d_attn)}: forward FLOPs per token, 2N + 2·n_layer·n_ctx·d_attn (Kaplan Table 1). */
  public static double flopsPerToken(double n, double nLayer, double nCtx, double dAttn) {
    return TransformerShape.kaplanForwardFlopsPerToken(n, nLayer, nCtx, dAttn);
  }

  /** {@code effective_params(n, experts, fit)}: the dense N with the loss of a routed model (Clark et al. 2022, §4). */
  public static double effectiveParamsFitted(double n, double experts, MapData params) {
    Map<String, Double> p = javaMap(params);
    require(p, "effective_params", "a", "b", "c", "d", "log2_e_start", "log2_e_max");
    return new RoutedLaw(p.get("a"), p.get("b"), p.get("c"), p.get("d"), p.get("log2_e_start"), p.get("log2_e_max"))
        .effectiveParams(n, experts);
  }

  /** {@code bits_per_byte(nats_per_token, bytes_per_token)} = nats / (ln 2 · bytes per token). */
  public static double bitsPerByte(double natsPerToken, double bytesPerToken) {
    return natsPerToken / (Math.log(2) * bytesPerToken);
  }

  private static ChinchillaLaw namedChinchilla(UTF8String law) {
    String name = law.toString();
    if (!DEFAULT_LAW.equals(name)) {
      throw new IllegalArgumentException("unknown law '" + name + "': the named law is " + DEFAULT_LAW
          + "; for approaches 1 and 2 or your own fit pass the params of a row of the fits table");
    }
    return ChinchillaLaw.PAPER;
  }

  private static ChinchillaLaw chinchilla(Map<String, Double> p, String function) {
    require(p, function, "E", "A", "B", "alpha", "beta");
    return new ChinchillaLaw(p.get("E"), p.get("A"), p.get("B"), p.get("alpha"), p.get("beta"));
  }

  /** IsoFLOP parabola parameters are a, b, c; a Chinchilla law's are E, A, B, alpha, beta. */
  private static boolean isIsoFlop(Map<String, Double> p) {
    return p.containsKey("a") && !p.containsKey("E");
  }

  private static IsoFlopParabola isoFlop(Map<String, Double> p) {
    require(p, "n_opt", "a", "b", "c");
    return new IsoFlopParabola(p.get("a"), p.get("b"), p.get("c"));
  }

  private static AllocationLaw allocation(Map<String, Double> p) {
    require(p, "n_opt", "k", "exponent");
    return new AllocationLaw(p.get("k"), p.get("exponent"));
  }

  private static void require(Map<String, Double> p, String function, String... names) {
    for (String name : names) {
      if (p.get(name) == null) {
        throw new IllegalArgumentException(function + ": params " + p + " lack '" + name + "'; expected "
            + String.join(", ", names));
      }
    }
  }

  private static Map<String, Double> javaMap(MapData data) {
    Map<String, Double> map = new HashMap<>();
    ArrayData keys = data.keyArray();
    ArrayData values = data.valueArray();
    for (int i = 0; i < data.numElements(); i++) {
      map.put(keys.getUTF8String(i).toString(), values.isNullAt(i) ? null : values.getDouble(i));
    }
    return map;
  }
}
