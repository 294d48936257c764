package org.scalingpipeline.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The Python reference methods ({@link PythonReference#REFERENCE_FITS}) as the peer of the project's fits:
 * one Python process fits one group after another, as a notebook user would. The script times loading
 * and fitting separately and writes one JSON line per group, {@code group_id, ok, params, rmse_log}, with
 * the parameters named as in the project's fit struct.
 */
public final class ScipyPeer {

  /** A reference method, by its name in the script, and what it reads. */
  public enum Method {
    /** SciPy {@code curve_fit} of {@code E + A·step^(−α)} per run; reads a folder of JSONL logs. */
    LOSS_CURVE("loss-curve"),
    /** Hoffmann et al. 2022 approach 3, L-BFGS-B over the paper's grid; reads CSV groups of (n, d, loss). */
    CHINCHILLA("chinchilla"),
    /** Clark et al. 2022's law, L-BFGS-B multi-start with a Nelder–Mead polish; reads CSV groups of (n, experts, loss). */
    ROUTED("routed");

    private final String script;

    Method(String script) {
      this.script = script;
    }
  }

  /**
   * What the peer did.
   *
   * @param groups groups fitted
   * @param loadSeconds reading the input
   * @param fitSeconds fitting every group
   * @param startsFraction the fraction of the method's starts run (below 1 when only part of a grid was)
   * @param fits the JSON lines of the fits
   */
  public record Result(int groups, double loadSeconds, double fitSeconds, double startsFraction, Path fits) {

    /** The fitting time scaled to every start of the method, {@code fitSeconds / startsFraction}. */
    public double allStartsSeconds() {
      return fitSeconds / startsFraction;
    }
  }

  private ScipyPeer() {}

  /** Whether {@code python3} with numpy and scipy can be run here. */
  public static boolean available() {
    return PythonReference.available();
  }

  /**
   * Fits every group of {@code input} with {@code method}, writing the script and the fits to {@code workDir};
   * {@code option} is the method's optional argument (chinchilla: grid stride, routed: starts), or null.
   */
  public static Result run(Method method, Path input, Path workDir, Object option) {
    Path fits = workDir.resolve("scipy_" + method.script + ".jsonl");
    List<String> args = new ArrayList<>(List.of(method.script, input.toString(), fits.toString()));
    if (option != null) {
      args.add(option.toString());
    }
    List<String> lines = PythonReference.run(PythonReference.extract(workDir), PythonReference.REFERENCE_FITS,
        Duration.ofHours(2), args.toArray(String[]::new));
    String[] counts = lines.get(lines.size() - 1).trim().split(" ");
    return new Result(Integer.parseInt(counts[0]), Double.parseDouble(counts[1]), Double.parseDouble(counts[2]),
        Double.parseDouble(counts[3]), fits);
  }
}
