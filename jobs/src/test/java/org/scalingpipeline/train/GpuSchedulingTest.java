package org.scalingpipeline.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/**
 * Spark's resource scheduler with a fake discovery script announcing GPUs "0" and "1": two
 * concurrent tasks that ask for one GPU each get different addresses, and each maps its address to
 * the matching CUDA device, or to the CPU with a note when this machine has no CUDA.
 */
class GpuSchedulingTest {

  @Test
  void twoTasksGetDifferentGpusAndMatchingDevices() throws URISyntaxException {
    TestRequirements.offlineEngine();
    Path script = Paths.get(getClass().getResource("/train/fake-gpus.sh").toURI());
    SparkSession spark = SparkSession.builder()
        .master("local[2]")
        .appName("gpu-scheduling-test")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.driver.resource.gpu.amount", "2")
        .config("spark.driver.resource.gpu.discoveryScript", script.toString())
        .config("spark.executor.resource.gpu.amount", "2")
        .config("spark.task.resource.gpu.amount", "1")
        .getOrCreate();
    try {
      int cuda = DjlEngines.pytorch().getGpuCount();
      List<String> seen = JavaSparkContext.fromSparkContext(spark.sparkContext())
          .parallelize(List.of(0, 1), 2)
          .map(i -> {
            Thread.sleep(500); // hold the GPU so that both tasks run at once
            String address = TaskContext.get().resourcesJMap().get(DeviceAssignment.GPU).addresses()[0];
            DeviceAssignment assignment = DeviceAssignment.forCurrentTask(cuda);
            return address + " " + assignment.device() + " " + assignment.note();
          })
          .collect();
      System.out.println(seen);
      String first = seen.get(0).split(" ")[0];
      String second = seen.get(1).split(" ")[0];
      assertNotEquals(first, second, "each task gets its own GPU: " + seen);
      for (String line : seen) {
        int index = Integer.parseInt(line.split(" ")[0]);
        String device = index < cuda ? "gpu(" + index + ")" : "cpu()";
        assertEquals(device, line.split(" ")[1], line);
      }
    } finally {
      spark.stop();
    }
  }
}
