package org.scalingpipeline.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.scalingpipeline.testing.TestData;

/**
 * The bad-input corpus ({@code src/test/resources/bad-inputs}): every file's rows are either accepted
 * or rejected with the reason {@code EXPECTED.tsv} names, and no row is lost.
 */
class BadInputCorpusTest {

  private static final Path CORPUS = TestData.resource("bad-inputs");
  private final LogFiles logFiles = new LogFiles(new Configuration(), PerceiverArManifest.bundled());

  private record Expectation(String kind, String file, long a, long b, String c) {}

  private static List<Expectation> expectations() throws IOException {
    try (Stream<String> lines = Files.lines(CORPUS.resolve("EXPECTED.tsv"))) {
      return lines.filter(l -> !l.startsWith("#") && !l.startsWith("kind\t"))
          .map(l -> l.split("\t"))
          .map(c -> new Expectation(c[0], c[1], Long.parseLong(c[2]),
              c[0].equals("file") ? Long.parseLong(c[3]) : 0, c[0].equals("file") ? c[4] : c[3]))
          .toList();
    }
  }

  private ParsedFile parse(String name) {
    return logFiles.parse(CORPUS.resolve(name).toUri().toString());
  }

  @Test
  void everyFileOfTheCorpusHasAnExpectedOutcome() throws IOException {
    List<String> files;
    try (Stream<Path> listing = Files.list(CORPUS)) {
      files = listing.map(p -> p.getFileName().toString())
          .filter(n -> !n.equals("EXPECTED.tsv") && !n.endsWith(LogFormat.SIDECAR_SUFFIX)).sorted().toList();
    }
    List<String> expected = expectations().stream().filter(e -> e.kind().equals("file"))
        .map(Expectation::file).sorted().toList();
    assertEquals(files, expected);
    long badInputs = expectations().stream().filter(e -> e.kind().equals("reject")).count();
    assertTrue(badInputs >= 60, "the corpus must hold at least 60 bad inputs, has " + badInputs);
  }

  @Test
  void everyRowIsAcceptedOrRejectedAsExpected() throws IOException {
    Map<String, List<Expectation>> rejectsByFile = expectations().stream()
        .filter(e -> e.kind().equals("reject"))
        .collect(Collectors.groupingBy(Expectation::file, TreeMap::new, Collectors.toList()));
    List<String> failures = new ArrayList<>();
    for (Expectation file : expectations().stream().filter(e -> e.kind().equals("file")).toList()) {
      ParsedFile parsed = parse(file.file());
      Accounting a = parsed.accounting();
      assertEquals(a.read(), a.accepted() + a.rejected(), file.file() + ": rows lost");
      assertEquals(a.rejected(), parsed.rejects().size(), file.file());
      if (file.a() >= 0 && a.accepted() != file.a()) {
        failures.add(file.file() + ": accepted " + a.accepted() + ", expected " + file.a());
      }
      if (a.rejected() != file.b()) {
        failures.add(file.file() + ": rejected " + a.rejected() + ", expected " + file.b() + " " + parsed.rejects());
      }
      if (a.emptyCells() != Long.parseLong(file.c())) {
        failures.add(file.file() + ": empty cells " + a.emptyCells() + ", expected " + file.c());
      }
      for (Expectation reject : rejectsByFile.getOrDefault(file.file(), List.of())) {
        boolean found = parsed.rejects().stream().anyMatch(r ->
            (reject.a() < 0 || r.line() == reject.a()) && r.reason().contains(reject.c()));
        if (!found) {
          failures.add(file.file() + " line " + reject.a() + ": no reject containing \"" + reject.c()
              + "\" among " + parsed.rejects());
        }
      }
    }
    assertTrue(failures.isEmpty(), String.join("\n", failures));
  }

  @Test
  void aTruncatedGzipKeepsTheRowsBeforeTheDamage() {
    ParsedFile parsed = parse("curves_truncated.csv.gz");
    assertTrue(parsed.accounting().accepted() > 10, "rows before the truncation are accepted: " + parsed.accounting());
    assertEquals(6 * parsed.accounting().accepted(), parsed.points().size());
  }

  @Test
  void aRunWithAnUnknownRouterIsNotCreated() {
    ParsedFile parsed = parse("curves_bad_values.csv");
    assertEquals(List.of("routing:7"), parsed.runs().stream().map(RunRecord::runId).toList());
    assertEquals(3 * 6 - 2, parsed.points().size(), "3 accepted rows x 6 losses - 2 empty cells");
  }

  @Test
  void aStatusRecordMarksTheRun() {
    RunRecord run = parse("points_bad.jsonl").runs().get(0);
    assertEquals("diverged", run.config().get("status"));
    assertEquals("loss became NaN at step 800", run.config().get("status_reason"));
    assertEquals("bad-corpus:points-bad", run.runId());
  }
}
