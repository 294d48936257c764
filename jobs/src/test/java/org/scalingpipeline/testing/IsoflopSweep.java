package org.scalingpipeline.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.scalingpipeline.core.laws.ChinchillaLaw;

/**
 * Runs of an IsoFLOP sweep on a Chinchilla law without noise, in the project's JSONL format: per budget C, sizes a
 * factor 2 apart around the law's N_opt(C), each trained on D = C / (6 N) tokens, logged at four steps, with
 * {@code config.compute_budget} set as a sweep's runs carry it (Hoffmann et al. 2022 approach 2).
 *
 * @param source the runs' source
 * @param budgets the compute budgets, FLOPs
 * @param sizes the sizes per budget
 * @param unit the loss unit logged
 * @param lossScale the factor from the law's nats/token to the unit logged (1 for nats/token)
 * @param bytesPerToken the runs' {@code config.bytes_per_token}, or NaN for none
 */
public record IsoflopSweep(String source, double[] budgets, int sizes, String unit, double lossScale,
    double bytesPerToken) {

  private static final long TOKENS_PER_STEP = 1 << 14;

  /** A sweep in nats/token. */
  public static IsoflopSweep of(String source, double[] budgets, int sizes) {
    return new IsoflopSweep(source, budgets, sizes, "nats/token", 1, Double.NaN);
  }

  /** The sweep with its runs giving their tokenizer's bytes per token. */
  public IsoflopSweep withBytesPerToken(double bytes) {
    return new IsoflopSweep(source, budgets, sizes, unit, lossScale, bytes);
  }

  /** The number of runs. */
  public int runs() {
    return budgets.length * sizes;
  }

  /** Writes one JSONL file per run into {@code dir}. */
  public void write(Path dir) {
    ChinchillaLaw law = ChinchillaLaw.PAPER;
    try {
      Files.createDirectories(dir);
      for (double budget : budgets) {
        for (int i = 0; i < sizes; i++) {
          double n = law.nOpt(budget) * Math.pow(2, i - sizes / 2);
          long steps = Math.round(budget / (6 * n) / TOKENS_PER_STEP);
          StringBuilder log = new StringBuilder(String.format(Locale.ROOT, "{\"record\":\"run\",\"run_name\":"
              + "\"c%.0e-n%d\",\"source\":\"%s\",\"family\":\"dense\",\"params_dense\":%.17g,"
              + "\"tokens_per_step\":%d,\"flops_per_step\":%.17g,\"dataset\":\"web\",\"config\":"
              + "{\"compute_budget\":\"%.17g\"%s}}%n", budget, i, source, n, TOKENS_PER_STEP, 6 * n * TOKENS_PER_STEP,
              budget, Double.isNaN(bytesPerToken) ? "" : ",\"bytes_per_token\":\"" + bytesPerToken + "\""));
          for (long step : new long[] {steps / 8, steps / 4, steps / 2, steps}) {
            log.append(String.format(Locale.ROOT, "{\"record\":\"point\",\"step\":%d,\"metric\":"
                + "\"loss_validation\",\"value\":%.17g,\"unit\":\"%s\"}%n", step,
                lossScale * law.loss(n, (double) step * TOKENS_PER_STEP), unit));
          }
          Files.writeString(dir.resolve(String.format(Locale.ROOT, "c%.0e-n%d.jsonl", budget, i)), log);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
