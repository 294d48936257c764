package org.scalingpipeline.synthetic;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.scalingpipeline.core.laws.ChinchillaLaw;
import org.scalingpipeline.core.laws.OffsetPowerLaw;

/**
 * Seeded synthetic training curves with a known truth, for tests and benchmarks at any scale.
 *
 * <p>Every run follows one Chinchilla law {@code L(N, D) = E + A/N^α + B/D^β} (by default the
 * paper's, {@link ChinchillaLaw#PAPER}). A run of {@code N} parameters and {@code T} tokens per
 * step has seen {@code D = T·step} tokens, so its loss-vs-step curve is the offset power law
 * {@code L(step) = E_run + A_run·step^(−α_run)} with {@code E_run = E + A·N^(−α)},
 * {@code A_run = B·T^(−β)} and {@code α_run = β}: per-run curve fits and grouped fits over
 * {@code (N, D)} both have a known answer. Values get multiplicative log-normal noise, and a small
 * fraction of points are loss spikes (the value times 1.5–3), so fitters meet realistic outliers.
 *
 * <p>Run {@code i} draws from its own random stream of the seed, so a run does not change when
 * more runs are generated.
 */
public final class SyntheticCurves {

  /**
   * What to generate.
   *
   * @param runs number of runs
   * @param pointsPerRun values logged per run
   * @param seed random seed
   * @param noiseSigma standard deviation of the log-normal noise (0.01 = about 1 %)
   * @param outlierFraction probability of a point being a loss spike
   * @param hugeRunPoints when positive, run 0 logs this many points instead (a skewed group)
   * @param law the generating law
   */
  public record Spec(int runs, int pointsPerRun, long seed, double noiseSigma, double outlierFraction,
      int hugeRunPoints, ChinchillaLaw law) {

    public Spec {
      if (runs <= 0 || pointsPerRun <= 0 || hugeRunPoints < 0) {
        throw new IllegalArgumentException("runs and points per run must be positive and the huge run's points"
            + " not negative, got runs=" + runs + ", points=" + pointsPerRun + ", huge run=" + hugeRunPoints);
      }
      if (!(noiseSigma >= 0) || !(outlierFraction >= 0 && outlierFraction < 1)) {
        throw new IllegalArgumentException("noise must be >= 0 and the outlier fraction in [0, 1), got noise="
            + noiseSigma + ", outliers=" + outlierFraction);
      }
    }

    /** {@code runs × pointsPerRun} points with the paper's law, 1 % noise and 0.2 % spikes. */
    public static Spec of(int runs, int pointsPerRun, long seed) {
      return new Spec(runs, pointsPerRun, seed, 0.01, 0.002, 0, ChinchillaLaw.PAPER);
    }

    /** A copy where run 0 logs {@code points} values. */
    public Spec withHugeRun(int points) {
      return new Spec(runs, pointsPerRun, seed, noiseSigma, outlierFraction, points, law);
    }

    /** All points generated. */
    public long totalPoints() {
      return hugeRunPoints > 0 ? (long) (runs - 1) * pointsPerRun + hugeRunPoints : (long) runs * pointsPerRun;
    }
  }

  /** One logged value. */
  public record Point(long step, double value, boolean outlier) {}

  private static final double MIN_PARAMS = 1e7;
  private static final double MAX_PARAMS = 1e10;
  private static final double MIN_TOKENS_PER_PARAM = 5;
  private static final double MAX_TOKENS_PER_PARAM = 100;
  private static final int MIN_LOG2_TOKENS_PER_STEP = 16;
  private static final int MAX_LOG2_TOKENS_PER_STEP = 21;

  private final Spec spec;

  public SyntheticCurves(Spec spec) {
    this.spec = spec;
  }

  /** What is generated. */
  public Spec spec() {
    return spec;
  }

  /** The runs, with their truth. */
  public List<SyntheticRun> runs() {
    List<SyntheticRun> runs = new ArrayList<>(spec.runs());
    for (int i = 0; i < spec.runs(); i++) {
      runs.add(run(i));
    }
    return runs;
  }

  /** Run {@code i}: N log-uniform in [1e7, 1e10], 5–100 tokens per parameter, 2^16–2^21 tokens per step. */
  public SyntheticRun run(int i) {
    SplittableRandom random = stream(i, 0);
    double params = logUniform(random, MIN_PARAMS, MAX_PARAMS);
    long tokensPerStep = 1L << random.nextInt(MIN_LOG2_TOKENS_PER_STEP, MAX_LOG2_TOKENS_PER_STEP + 1);
    double tokens = params * logUniform(random, MIN_TOKENS_PER_PARAM, MAX_TOKENS_PER_PARAM);
    int points = i == 0 && spec.hugeRunPoints() > 0 ? spec.hugeRunPoints() : spec.pointsPerRun();
    long maxStep = Math.max(Math.round(tokens / tokensPerStep), 2L * points);
    ChinchillaLaw law = spec.law();
    OffsetPowerLaw curve = new OffsetPowerLaw(law.e() + law.a() / Math.pow(params, law.alpha()),
        law.b() / Math.pow(tokensPerStep, law.beta()), law.beta());
    return new SyntheticRun(i, String.format("syn-s%d-r%06d", spec.seed(), i), params, tokensPerStep, maxStep, points, curve);
  }

  /** The logged values of a run, in step order. */
  public List<Point> points(SyntheticRun run) {
    SplittableRandom random = stream(run.index(), 1);
    List<Point> points = new ArrayList<>(run.points());
    for (int p = 0; p < run.points(); p++) {
      long step = run.step(p);
      double value = run.curve().loss(step) * Math.exp(spec.noiseSigma() * gaussian(random));
      boolean outlier = random.nextDouble() < spec.outlierFraction();
      points.add(new Point(step, outlier ? value * (1.5 + 1.5 * random.nextDouble()) : value, outlier));
    }
    return points;
  }

  private SplittableRandom stream(int run, int purpose) {
    return new SplittableRandom(spec.seed() * 0x9E3779B97F4A7C15L + run * 2L + purpose);
  }

  private static double logUniform(SplittableRandom random, double low, double high) {
    return Math.exp(Math.log(low) + random.nextDouble() * (Math.log(high) - Math.log(low)));
  }

  /** A standard normal draw (Box–Muller). */
  private static double gaussian(SplittableRandom random) {
    return Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
  }
}
