package org.scalingpipeline.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A strict reader of data/log-format.md §1 for the tests: the first line is the run record, every
 * later line a point with a non-negative integer step, a metric, a finite value, and tokens/flops
 * equal to {@code step x tokens_per_step} / {@code step x flops_per_step}.
 */
final class LogFormatCheck {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** A parsed log: its run record and its points. */
  record ParsedLog(JsonNode run, List<JsonNode> points) {

    /** Values of one metric in step order. */
    List<Double> values(String metric) {
      return points.stream().filter(p -> p.get("metric").asText().equals(metric))
          .map(p -> p.get("value").asDouble()).toList();
    }
  }

  private LogFormatCheck() {}

  static ParsedLog parse(Path file) throws IOException {
    String name = file.getFileName().toString();
    assertTrue(name.endsWith(".jsonl") && !name.startsWith(".") && !name.startsWith("_"),
        "landed name visible to the readers: " + name);
    List<String> lines = Files.readAllLines(file);
    assertFalse(lines.isEmpty(), "empty log " + file);
    JsonNode run = JSON.readTree(lines.get(0));
    assertEquals("run", run.path("record").asText(), "first line is the run record");
    assertTrue(run.path("run_name").isTextual(), "run_name is required");
    assertTrue(run.path("config").isObject(), "config is an object");
    run.path("config").fields().forEachRemaining(e ->
        assertTrue(e.getValue().isTextual(), "config values are strings: " + e.getKey()));
    List<JsonNode> points = new ArrayList<>();
    for (String line : lines.subList(1, lines.size())) {
      JsonNode point = JSON.readTree(line);
      assertEquals("point", point.path("record").asText(), line);
      assertTrue(point.path("step").canConvertToLong() && point.path("step").isIntegralNumber()
          && point.get("step").asLong() >= 0, "integer step >= 0: " + line);
      assertTrue(point.path("metric").isTextual(), "metric: " + line);
      assertTrue(point.path("value").isNumber() && Double.isFinite(point.get("value").asDouble()),
          "finite value: " + line);
      long step = point.get("step").asLong();
      assertEquals(step * run.get("tokens_per_step").asLong(), point.get("tokens").asLong(), line);
      assertEquals(step * run.get("flops_per_step").asDouble(), point.get("flops").asDouble(),
          1e-9 * point.get("flops").asDouble(), line);
      points.add(point);
    }
    return new ParsedLog(run, points);
  }

  /** No hidden or temporary file is left in the landing folder. */
  static void assertNoTemporaryFiles(Path landing) throws IOException {
    try (Stream<Path> files = Files.list(landing)) {
      List<String> leftovers = files.map(p -> p.getFileName().toString())
          .filter(n -> n.startsWith(".") || n.startsWith("_") || n.endsWith(".tmp")).toList();
      assertTrue(leftovers.isEmpty(), "temporary files left: " + leftovers);
    }
  }
}
