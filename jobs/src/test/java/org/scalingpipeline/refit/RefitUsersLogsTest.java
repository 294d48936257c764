package org.scalingpipeline.refit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scalingpipeline.jobs.RefitLandingJob;
import org.scalingpipeline.testing.TestData;
import org.scalingpipeline.testing.TestSpark;
import org.scalingpipeline.warehouse.Warehouse;

/**
 * A landing folder receiving what users' trainers wrote, copied from {@code ../shared/data/real-logs}: a TensorBoard
 * run folder, an MLflow file store's run (with its experiment) and a W&amp;B run folder. The refit reads each with its
 * reader (their companion files with them, none quarantined), and refits the plan's training-loss curve of each run;
 * a rerun finds nothing new.
 */
class RefitUsersLogsTest {

  private final SparkSession spark = TestSpark.session();
  private static final Path PLAN = TestData.resource("refit/users-logs-plan.json");

  @Test
  void aTensorBoardFolderAnMlflowRunAndAWandbFolderAreRefit(@TempDir Path dir) throws IOException {
    Path real = TestData.seedDir().resolve("real-logs");
    Path landing = Files.createDirectories(dir.resolve("landing"));
    land(real.resolve("tensorboard/brianjsl__ndf_mnist/runs/Mar14_17-20-05_dhcp-10-29-125-30.dyn.mit.edu"),
        landing.resolve("tb/mnist-0314"));
    land(real.resolve("mlflow/10tanmay100__DEEPCNNCLASSIFIER/mlruns"), landing.resolve("mlruns"));
    land(real.resolve("wandb/ARM-software__keyword-transformer/wandb/run-20220429_201936-3ojed7lz"),
        landing.resolve("wandb/run-20220429_201936-3ojed7lz"));
    String warehouse = TestSpark.newWarehouse();
    RefitLandingJob.Options options = RefitLandingJob.Options.of(landing.toString(), warehouse).withPlan(PLAN);

    List<UnitReport> units = RefitLandingJob.run(spark, options).units();
    assertTrue(units.stream().allMatch(u -> u.filesQuarantined() == 0), "nothing quarantined: " + units);
    Warehouse.open(spark, warehouse);
    Set<String> runs = Set.copyOf(spark.sql("SELECT run_id FROM runs").as(Encoders.STRING()).collectAsList());
    Set<String> expected = Set.of("tensorboard:tb/mnist-0314", "mlflow:cb0096518b0e4c66a94428555f05420b",
        "wandb:3ojed7lz");
    assertEquals(expected, runs);
    Set<String> fitted = spark.sql("SELECT group_id FROM fits_latest WHERE fit_name = 'users-loss-curve'")
        .as(Encoders.STRING()).collectAsList().stream().collect(Collectors.toCollection(TreeSet::new));
    assertEquals(expected.stream().map(r -> "run_id=" + r).collect(Collectors.toCollection(TreeSet::new)), fitted,
        "each run's training-loss curve is refit");
    assertTrue(spark.sql("SELECT converged FROM fits_latest WHERE group_id = 'run_id=wandb:3ojed7lz'")
        .first().getBoolean(0), "861 W&B training-loss points give a converged curve");
    assertFalse(spark.sql("SELECT converged FROM fits_latest WHERE group_id LIKE 'run_id=mlflow:%'").first()
        .getBoolean(0), "one MLflow point does not");

    assertEquals(List.of(), RefitLandingJob.run(spark, options).units(), "a rerun finds nothing new");
  }

  /** Copies a folder into the landing as producers must: each file under a temporary name, then renamed. */
  private static void land(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path file : files.filter(Files::isRegularFile).filter(f -> !f.toString().endsWith(".scalars.csv")).toList()) {
        Path target = to.resolve(from.relativize(file).toString());
        Files.createDirectories(target.getParent());
        Path temp = target.resolveSibling("." + target.getFileName() + ".tmp");
        Files.copy(file, temp);
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
      }
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }
}
