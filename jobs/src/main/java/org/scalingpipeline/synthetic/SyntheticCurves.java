package org.scalingpipeline.synthetic;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.scalingpipeline.core.laws.ChinchillaLaw;
import org.scalingpipeline.core.laws.OffsetPowerLaw;

/**
 * Seeded synthetic training curves with a known truth, for tests and benchmarks at any scale.
 *
 * <p>Every run follows one law of the registry ({@link GeneratingLaw}); by default the Chinchilla law
 * {@code L(N, D) = E + A/N^α + B/D^β} with the paper's constants ({@link ChinchillaLaw#PAPER}). A run
 * of {@code N} parameters and {@code T} tokens per step has seen {@code D = T·step} tokens and
 * {@code C = 6·N·T·step} FLOPs, so its loss at a step is the law there. Under Chinchilla's law its
 * loss-vs-step curve is the offset power law {@code L(step) = E_run + A_run·step^(−α_run)} with
 * {@code E_run = E + A·N^(−α)}, {@code A_run = B·T^(−β)} and {@code α_run = β}: per-run curve fits and
 * grouped fits over {@code (N, D)} both have a known answer. Values get multiplicative log-normal
 * noise, and a small fraction of points are loss spikes (the value times 1.5–3), so fitters meet
 * realistic outliers.
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
   * @param dataset the runs' {@code dataset}: a study is a source and dataset, so studies of several laws
   *     ingested together are told apart by it
   * @param design the ranges the runs' sizes and data are drawn from
   */
  public record Spec(int runs, int pointsPerRun, long seed, double noiseSigma, double outlierFraction,
      int hugeRunPoints, GeneratingLaw law, String dataset, Design design) {

    public Spec {
      if (runs <= 0 || pointsPerRun <= 0 || hugeRunPoints < 0) {
        throw new IllegalArgumentException("runs and points per run must be positive and the huge run's points"
            + " not negative, got runs=" + runs + ", points=" + pointsPerRun + ", huge run=" + hugeRunPoints);
      }
      if (!(noiseSigma >= 0) || !(outlierFraction >= 0 && outlierFraction < 1)) {
        throw new IllegalArgumentException("noise must be >= 0 and the outlier fraction in [0, 1), got noise="
            + noiseSigma + ", outliers=" + outlierFraction);
      }
      if (dataset == null || dataset.isBlank()) {
        throw new IllegalArgumentException("the dataset must be named, got '" + dataset + "'");
      }
    }

    /** A spec over the default design's ranges. */
    public Spec(int runs, int pointsPerRun, long seed, double noiseSigma, double outlierFraction, int hugeRunPoints,
        GeneratingLaw law, String dataset) {
      this(runs, pointsPerRun, seed, noiseSigma, outlierFraction, hugeRunPoints, law, dataset, Design.DEFAULT);
    }

    /** {@code runs × pointsPerRun} points with the paper's law, 1 % noise and 0.2 % spikes. */
    public static Spec of(int runs, int pointsPerRun, long seed) {
      return new Spec(runs, pointsPerRun, seed, 0.01, 0.002, 0, GeneratingLaw.CHINCHILLA, DATASET);
    }

    /** A copy where run 0 logs {@code points} values. */
    public Spec withHugeRun(int points) {
      return new Spec(runs, pointsPerRun, seed, noiseSigma, outlierFraction, points, law, dataset, design);
    }

    /** All points generated. */
    public long totalPoints() {
      return hugeRunPoints > 0 ? (long) (runs - 1) * pointsPerRun + hugeRunPoints : (long) runs * pointsPerRun;
    }
  }

  /** The {@code dataset} of generated runs unless another is asked for. */
  public static final String DATASET = "synthetic";

  /**
   * The ranges a study's runs are drawn from, each log-uniformly and independently: N, and the tokens per
   * parameter {@code D/N} a run trains for. A wider tokens-per-parameter range sets N and D further apart, where
   * laws that agree along {@code D ∝ N} differ.
   *
   * @param minParams smallest N
   * @param maxParams largest N
   * @param minTokensPerParam fewest tokens per parameter
   * @param maxTokensPerParam most tokens per parameter
   */
  public record Design(double minParams, double maxParams, double minTokensPerParam, double maxTokensPerParam) {

    /** N in [1e7, 1e10] at 5–100 tokens per parameter (Hoffmann et al.'s compute-optimal 20 inside). */
    public static final Design DEFAULT = new Design(1e7, 1e10, 5, 100);

    public Design {
      if (!(minParams >= 1 && maxParams >= minParams && minTokensPerParam > 0
          && maxTokensPerParam >= minTokensPerParam) || !Double.isFinite(maxParams * maxTokensPerParam)) {
        throw new IllegalArgumentException("a design needs 1 <= min N <= max N and 0 < min tokens per parameter <="
            + " max, got N in [" + minParams + ", " + maxParams + "], tokens per parameter in [" + minTokensPerParam
            + ", " + maxTokensPerParam + "]");
      }
    }
  }

  /** One logged value. */
  public record Point(long step, double value, boolean outlier) {}

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

  /** Run {@code i}: N and tokens per parameter log-uniform in the design's ranges, 2^16–2^21 tokens per step. */
  public SyntheticRun run(int i) {
    SplittableRandom random = stream(i, 0);
    Design design = spec.design();
    double params = logUniform(random, design.minParams(), design.maxParams());
    long tokensPerStep = 1L << random.nextInt(MIN_LOG2_TOKENS_PER_STEP, MAX_LOG2_TOKENS_PER_STEP + 1);
    double tokens = params * logUniform(random, design.minTokensPerParam(), design.maxTokensPerParam());
    int points = i == 0 && spec.hugeRunPoints() > 0 ? spec.hugeRunPoints() : spec.pointsPerRun();
    long maxStep = Math.max(Math.round(tokens / tokensPerStep), 2L * points);
    Optional<OffsetPowerLaw> curve = spec.law().runCurve(params, tokensPerStep);
    return new SyntheticRun(i, String.format("syn-s%d-r%06d", spec.seed(), i), params, tokensPerStep, maxStep, points, curve);
  }

  /** The logged values of a run, in step order. */
  public List<Point> points(SyntheticRun run) {
    SplittableRandom random = stream(run.index(), 1);
    List<Point> points = new ArrayList<>(run.points());
    double[] truth = truth(run);
    for (int p = 0; p < run.points(); p++) {
      long step = run.step(p);
      double value = truth[p] * Math.exp(spec.noiseSigma() * gaussian(random));
      boolean outlier = random.nextDouble() < spec.outlierFraction();
      points.add(new Point(step, outlier ? value * (1.5 + 1.5 * random.nextDouble()) : value, outlier));
    }
    return points;
  }

  /**
   * The loss of a run at each of its steps before noise: its closed-form curve where the law gives one, else the
   * law through the registry. Throws naming the run, step and law when the law gives no positive finite loss there.
   */
  public double[] truth(SyntheticRun run) {
    long[] steps = IntStream.range(0, run.points()).mapToLong(run::step).toArray();
    double[] losses = run.curve().map(curve -> Arrays.stream(steps).mapToDouble(curve::loss).toArray())
        .orElseGet(() -> spec.law().losses(run.paramsDense(), run.tokensPerStep(), steps));
    for (int p = 0; p < losses.length; p++) {
      if (!(losses[p] > 0) || !Double.isFinite(losses[p])) {
        throw new IllegalArgumentException(String.format("law '%s' %s gives loss %s for run %s (N=%.4g, D=%.4g);"
            + " a generated loss must be positive and finite", spec.law().name(), spec.law().law().parameters(),
            losses[p], run.runName(), run.paramsDense(), (double) run.tokensPerStep() * steps[p]));
      }
    }
    return losses;
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
