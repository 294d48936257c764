package org.scalingpipeline.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The Python reference method for per-run curves, run on the same generated logs: SciPy's
 * {@code curve_fit} of {@code E + A·step^(−α)} per run, one run after another (what a notebook user
 * does). The script reads the JSONL logs itself, times loading and fitting separately, and writes
 * {@code run_id,E,A,alpha,ok} to a CSV the benchmark compares with the project's fits.
 */
public final class ScipyPeer {

  private static final String SCRIPT = """
      import csv, glob, json, math, os, sys, time
      import numpy as np
      from scipy.optimize import curve_fit

      logs, out = sys.argv[1], sys.argv[2]
      t0 = time.perf_counter()
      runs = {}
      for path in sorted(glob.glob(os.path.join(logs, "*.jsonl"))):
          with open(path) as f:
              header = json.loads(f.readline())
              steps, values = [], []
              for line in f:
                  p = json.loads(line)
                  steps.append(p["step"]); values.append(p["value"])
          runs[header.get("source", "jsonl") + ":" + header["run_name"]] = (np.array(steps, float), np.array(values, float))
      t1 = time.perf_counter()

      def law(x, e, a, alpha):
          return e + a * np.power(x, -alpha)

      rows = []
      for run_id, (x, y) in runs.items():
          try:
              e0 = 0.9 * y.min()
              p0 = (e0, max(y[0] - e0, 1e-3) * x[0] ** 0.3, 0.3)
              p, _ = curve_fit(law, x, y, p0=p0, bounds=([0, 0, 0.01], [y.min(), np.inf, 3]), maxfev=10000)
              rows.append((run_id, *p, 1))
          except Exception:
              rows.append((run_id, math.nan, math.nan, math.nan, 0))
      t2 = time.perf_counter()
      with open(out, "w", newline="") as f:
          w = csv.writer(f)
          w.writerow(["run_id", "E", "A", "alpha", "ok"])
          w.writerows(rows)
      print(f"{len(runs)} {t1 - t0:.3f} {t2 - t1:.3f}")
      """;

  private ScipyPeer() {}

  /** What the peer did: runs fitted and seconds spent loading the logs and fitting. */
  public record Result(int runs, double loadSeconds, double fitSeconds, Path fits) {}

  /** Whether {@code python3} with numpy and scipy can be run here. */
  public static boolean available() {
    try {
      Process p = new ProcessBuilder("python3", "-c", "import numpy, scipy").redirectErrorStream(true).start();
      return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Fits every run of the logs in {@code logs}, writing the fits to {@code workDir/scipy_fits.csv}. */
  public static Result run(Path logs, Path workDir) {
    try {
      Path script = Files.writeString(workDir.resolve("scipy_peer.py"), SCRIPT);
      Path fits = workDir.resolve("scipy_fits.csv");
      Path output = workDir.resolve("scipy_peer.out");
      Process p = new ProcessBuilder("python3", script.toString(), logs.toString(), fits.toString())
          .redirectErrorStream(true).redirectOutput(output.toFile()).start();
      if (!p.waitFor(2, TimeUnit.HOURS) || p.exitValue() != 0) {
        p.destroyForcibly();
        throw new IllegalStateException("the SciPy peer failed: " + Files.readString(output));
      }
      List<String> lines = Files.readAllLines(output);
      String[] counts = lines.get(lines.size() - 1).trim().split(" ");
      return new Result(Integer.parseInt(counts[0]), Double.parseDouble(counts[1]), Double.parseDouble(counts[2]), fits);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run the SciPy peer: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
