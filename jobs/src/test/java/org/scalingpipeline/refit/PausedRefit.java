package org.scalingpipeline.refit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.scalingpipeline.jobs.RefitLandingJob;
import org.scalingpipeline.jobs.SparkSessions;
import org.scalingpipeline.testing.ChildJvm;

/**
 * A refit in a child JVM that pauses inside its first unit, after the ingest and before the fits:
 * its {@link RefitHook} writes the JVM's pid to a marker file and waits to be killed. The child is
 * started with the current JVM's Java, class path and Spark module flags, and the launcher's heap
 * ({@code SCALING_HEAP}, default 4g); its output goes to a log file.
 */
final class PausedRefit {

  private PausedRefit() {}

  /** Starts the child: a refit of {@code landing} into {@code warehouse} with {@code plan}, pausing at {@code marker}. */
  static Process start(String landing, String warehouse, Path plan, Path marker, Path log) {
    return ChildJvm.start(System.getenv().getOrDefault("SCALING_HEAP", "4g"), PausedRefit.class,
        List.of(landing, warehouse, plan.toString(), marker.toString()), log);
  }

  /** The child: {@code <landing> <warehouse> <plan> <marker>}. */
  public static void main(String[] args) {
    Path marker = Path.of(args[3]);
    RefitLandingJob.run(SparkSessions.getOrCreate("paused refit"),
        RefitLandingJob.Options.of(args[0], args[1]).withPlan(Path.of(args[2])).withHook(unit -> pause(marker)));
  }

  private static void pause(Path marker) {
    try {
      Files.writeString(marker, String.valueOf(ProcessHandle.current().pid()));
      System.out.println("[refit] paused after ingest; waiting to be killed");
      Thread.sleep(Long.MAX_VALUE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while paused", e);
    }
  }
}
