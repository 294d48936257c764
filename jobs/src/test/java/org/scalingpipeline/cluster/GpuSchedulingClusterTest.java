package org.scalingpipeline.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.scalingpipeline.train.DeviceAssignment;
import org.scalingpipeline.train.DjlEngines;
import org.scalingpipeline.train.RunSpec;
import org.scalingpipeline.train.SweepPlan;
import org.scalingpipeline.train.TrainSweepJob;

/**
 * GPU scheduling on a real standalone cluster (issue #7): the worker offers two GPUs that a fake
 * discovery script reports, one executor takes both with two task slots, and {@code scaling train}'s
 * {@code spark-submit} main class ({@link TrainSweepJob}) trains two tiny runs as two concurrent
 * tasks. Each task picks its device in the product's {@code TrainRunTask} —
 * {@link DeviceAssignment#forCurrentTask} with the CUDA device count of DJL's PyTorch engine — and
 * logs why before it trains; the test reads those lines from the executor's {@code stderr} in the
 * worker's work folder.
 *
 * <p>The executor loads libtorch's CPU build (its natives jar on the executor class path, as a node
 * brings its own libtorch), which sees no CUDA device on any machine: each run falls back to CPU with
 * a note naming its GPU address, and {@link DeviceAssignment#choose} shows which CUDA device that
 * address becomes where there are two.
 */
@Tag("cluster")
class GpuSchedulingClusterTest {

  private static final Duration JOB_TIMEOUT = Duration.ofMinutes(3);
  /** What Spark's {@code getGpusResources.sh} prints on a node with two GPUs. */
  private static final String DISCOVERY_SCRIPT = """
      #!/usr/bin/env bash
      echo '{"name":"gpu","addresses":["0","1"]}'
      """;
  /** Two runs of two optimiser steps each. */
  private static final String TWO_TINY_RUNS = """
      {"name": "gpu-pair",
       "training": {"batch_size": 2, "seq_len": 16, "eval_every": 2, "eval_batches": 1},
       "grid": {"d_model": [8, 16], "num_layers": [1], "num_heads": [2], "tokens": [64]}}
      """;
  /** About 100 KB: enough 4 KiB blocks that one is held out for validation. */
  private static final String CORPUS = "The quick brown fox jumps over the lazy dog.\n".repeat(2300);
  /** A line of {@code TrainRunTask} in the cluster's log4j2 layout; a run's first one is its device note. */
  private static final Pattern TASK_LINE = Pattern.compile("INFO TrainRunTask: run (\\S+): (.*)");
  private static final Pattern ASSIGNED_GPU = Pattern.compile("Spark assigned GPU (\\S+) ");

  @Test
  void twoConcurrentTasksGetDifferentGpusAndSayWhyTheyTrainOnCpu() throws IOException {
    Path dir = Files.createTempDirectory(Files.createDirectories(Path.of("target")), "gpu-cluster").toAbsolutePath();
    Path script = Files.writeString(dir.resolve("gpus.sh"), DISCOVERY_SCRIPT);
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path sweep = Files.writeString(dir.resolve("sweep.json"), TWO_TINY_RUNS);
    Path corpus = Files.writeString(dir.resolve("corpus.txt"), CORPUS);
    List<String> runs = SweepPlan.read(sweep).runs().stream().map(RunSpec::runName).toList();

    Map<String, String> notes;
    try (StandaloneCluster cluster = StandaloneCluster.start(dir, 2, "2g", Map.of(
        "spark.worker.resource.gpu.amount", "2",
        "spark.worker.resource.gpu.discoveryScript", script.toString()))) {
      StandaloneCluster.Submission train = cluster.submit("train", Application.locate(ClasspathEntry.ofThisJvm(), dir),
          TrainSweepJob.class.getName(), Map.of(
              "spark.executor.cores", "2",
              "spark.executor.resource.gpu.amount", "2",
              "spark.executor.resource.gpu.discoveryScript", script.toString(),
              "spark.task.resource.gpu.amount", "1",
              "spark.executor.extraClassPath", cpuLibtorchJar().toString(),
              "spark.executorEnv.DJL_OFFLINE", "true",
              "spark.eventLog.enabled", "true",
              "spark.eventLog.compress", "false",
              "spark.eventLog.dir", Files.createDirectories(dir.resolve("events")).toUri().toString()),
          List.of("--sweep", sweep.toString(), "--corpus", corpus.toString(), "--landing", dir.resolve("landing").toString()));
      assertEquals(0, train.await(JOB_TIMEOUT), "spark-submit exit code; log:\n" + train.logTail());
      for (String run : runs) {
        assertTrue(Pattern.compile(Pattern.quote(run) + " +completed +cpu\\(\\)").matcher(train.output()).find(),
            run + " trained on the CPU:\n" + train.logTail());
      }
      List<Path> executorLogs = executorLogs(cluster.workerWorkDir());
      assertEquals(1, executorLogs.size(), "one executor holds both GPUs: " + executorLogs);
      cluster.await("the executor's log to show both runs", Duration.ofSeconds(10),
          () -> deviceNotes(executorLogs.get(0)).keySet().containsAll(runs));
      notes = deviceNotes(executorLogs.get(0));
    }

    assertEquals(Set.copyOf(runs), notes.keySet());
    Set<String> addresses = new HashSet<>();
    for (String note : notes.values()) {
      Matcher assigned = ASSIGNED_GPU.matcher(note);
      assertTrue(assigned.lookingAt(), "the task names the GPU Spark assigned: " + note);
      String address = assigned.group(1);
      addresses.add(address);
      assertEquals(DeviceAssignment.choose(List.of(address), 0).note(), note,
          "DJL's CPU libtorch sees no CUDA device, so the task trains on CPU and says so");
      assertEquals(Device.gpu(Integer.parseInt(address)), DeviceAssignment.choose(List.of(address), 2).device(),
          "with two CUDA devices, address " + address + " is the CUDA device of that index");
    }
    assertEquals(Set.of("0", "1"), addresses, "the two concurrent tasks got different GPUs: " + notes);
    List<long[]> tasks = taskTimes(dir.resolve("events"));
    assertEquals(2, tasks.size(), "one task per run");
    long lastLaunch = Math.max(tasks.get(0)[0], tasks.get(1)[0]);
    long firstFinish = Math.min(tasks.get(0)[1], tasks.get(1)[1]);
    assertTrue(lastLaunch < firstFinish, "the two tasks ran at the same time: the second started at " + lastLaunch
        + " ms, the first finished at " + firstFinish + " ms (epoch)");
  }

  /** Each task's launch and finish time (epoch ms) from the application's event log (SparkListenerTaskEnd). */
  private static List<long[]> taskTimes(Path eventLogDir) throws IOException {
    ObjectMapper json = new ObjectMapper();
    List<long[]> tasks = new ArrayList<>();
    // Spark 4 rolls event logs by default: eventlog_v2_<app id>/events_<n>_<app id>, next to an appstatus file and .crc files.
    try (Stream<Path> logs = Files.walk(eventLogDir)) {
      for (Path log : logs.filter(f -> f.getFileName().toString().startsWith("events_")).toList()) {
        for (String line : Files.readAllLines(log)) {
          JsonNode event = json.readTree(line);
          if (event.path("Event").asText().equals("SparkListenerTaskEnd")) {
            JsonNode info = event.get("Task Info");
            tasks.add(new long[] {info.get("Launch Time").asLong(), info.get("Finish Time").asLong()});
          }
        }
      }
    }
    return tasks;
  }

  /** The executors' {@code stderr} files: {@code <work>/<app id>/<executor id>/stderr}. */
  private static List<Path> executorLogs(Path workerWorkDir) throws IOException {
    try (Stream<Path> files = Files.walk(workerWorkDir)) {
      return files.filter(f -> f.getFileName().toString().equals("stderr")).toList();
    }
  }

  /** Each run's device note: the first line its task logs. */
  private static Map<String, String> deviceNotes(Path executorLog) {
    Map<String, String> notes = new LinkedHashMap<>();
    try {
      Matcher line = TASK_LINE.matcher(Files.readString(executorLog));
      while (line.find()) {
        notes.putIfAbsent(line.group(1), line.group(2));
      }
      return notes;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The jar DJL takes libtorch's CPU build from ({@code pytorch-native-cpu}, on the test class path). */
  private static Path cpuLibtorchJar() throws IOException {
    URL properties = DjlEngines.class.getClassLoader().getResource("native/lib/pytorch.properties");
    assertNotNull(properties, "libtorch's CPU natives are on the test class path");
    try {
      return Path.of(((JarURLConnection) properties.openConnection()).getJarFileURL().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
