package org.scalingpipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The packages of {@code jobs/src/main/java} form layers: the graph of which package refers to which
 * (an {@code org.scalingpipeline.<package>.<Type>} name in a source file: imports, qualified names,
 * Javadoc links) has no cycle, and nothing refers to {@code cli}, the top.
 */
class PackageLayersTest {

  private static final Path SOURCES = Path.of("src/main/java/org/scalingpipeline");
  private static final Pattern REFERENCE = Pattern.compile("org\\.scalingpipeline\\.([a-z]+)\\.[A-Z]");

  @Test
  void thePackageGraphHasNoCycle() throws IOException {
    Map<String, Set<String>> graph = graph();
    assertTrue(graph.keySet().containsAll(List.of("cli", "jobs", "ingest", "warehouse", "fit", "refit")),
        "scanned " + SOURCES.toAbsolutePath() + ": " + graph.keySet());
    List<String> cycle = cycle(graph);
    assertEquals(List.of(), cycle, "a package cycle; the graph: " + graph);
  }

  @Test
  void nothingRefersToTheCli() throws IOException {
    Map<String, Set<String>> graph = graph();
    graph.forEach((from, to) -> assertTrue(from.equals("cli") || !to.contains("cli"), from + " refers to cli: " + to));
  }

  @Test
  void aCycleIsFound() {
    Map<String, Set<String>> graph = Map.of("a", Set.of("b"), "b", Set.of("c"), "c", Set.of("a"), "d", Set.of("a"));
    assertEquals(List.of("a", "b", "c", "a"), cycle(new TreeMap<>(graph)));
  }

  /** Package to the other packages of these sources it refers to. */
  private static Map<String, Set<String>> graph() throws IOException {
    Map<String, Set<String>> graph = new TreeMap<>();
    try (Stream<Path> packages = Files.list(SOURCES)) {
      packages.filter(Files::isDirectory).forEach(p -> graph.put(p.getFileName().toString(), new TreeSet<>()));
    }
    for (String from : graph.keySet()) {
      try (Stream<Path> files = Files.walk(SOURCES.resolve(from))) {
        for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
          Matcher m = REFERENCE.matcher(Files.readString(file));
          while (m.find()) {
            String to = m.group(1);
            if (!to.equals(from) && graph.containsKey(to)) {
              graph.get(from).add(to);
            }
          }
        }
      }
    }
    return graph;
  }

  /** A cycle of the graph as a path that ends where it starts, or an empty list. */
  private static List<String> cycle(Map<String, Set<String>> graph) {
    Set<String> done = new TreeSet<>();
    for (String start : graph.keySet()) {
      List<String> found = cycleFrom(start, graph, new ArrayList<>(), done);
      if (!found.isEmpty()) {
        return found;
      }
    }
    return List.of();
  }

  private static List<String> cycleFrom(String node, Map<String, Set<String>> graph, List<String> path, Set<String> done) {
    int seen = path.indexOf(node);
    if (seen >= 0) {
      List<String> cycle = new ArrayList<>(path.subList(seen, path.size()));
      cycle.add(node);
      return cycle;
    }
    if (done.contains(node)) {
      return List.of();
    }
    path.add(node);
    for (String next : graph.getOrDefault(node, Set.of())) {
      List<String> found = cycleFrom(next, graph, path, done);
      if (!found.isEmpty()) {
        return found;
      }
    }
    path.remove(path.size() - 1);
    done.add(node);
    return List.of();
  }
}
