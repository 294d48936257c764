package org.scalingpipeline.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Any CSV or TSV read by its column map ({@code <file>.columns.json}, {@code data/log-format.md}): a W&amp;B-export
 * like table of many runs with RFC 4180 quoting, a TSV, bad cells, a header without a mapped column, incomplete
 * column maps, repeated points and runs described two ways.
 */
class MappedCsvTest {

  /** The column map of the worked example in {@code data/log-format.md}. */
  private static final String MAP = """
      {"source": "open_lm", "run": ["model", "seed"], "step": "Step", "tokens": "tokens_seen",
       "wall_time": "Wall time", "metrics": {"val/loss": "eval_loss", "train/loss": "loss"},
       "units": {"val/loss": "nats/token"},
       "run_attributes": {"params_total": "n_params", "seed": "seed", "notes": "notes"}}
      """;

  private static final String HEADER = "model,seed,Step,Wall time,tokens_seen,n_params,eval_loss,loss,notes\n";

  @TempDir
  Path dir;

  private final LogFiles logFiles = new LogFiles(new Configuration(), PerceiverArManifest.bundled());

  private ParsedFile parse(String name, String columnMap, String text) throws IOException {
    Path file = Files.writeString(dir.resolve(name), text);
    if (columnMap != null) {
      Files.writeString(dir.resolve(name + ".columns.json"), columnMap);
    }
    ParsedFile parsed = logFiles.parse(file.toUri().toString());
    Accounting a = parsed.accounting();
    assertEquals(a.read(), a.accepted() + a.rejected(), "every row accepted or rejected");
    return parsed;
  }

  private static List<String> points(ParsedFile parsed) {
    return parsed.points().stream().map(p -> p.runId() + " | " + p.metric() + " " + p.step() + " tokens " + p.tokens()
        + " = " + p.value() + " " + p.unit() + " @ " + p.wallTimeSeconds()).toList();
  }

  private static List<String> rejects(ParsedFile parsed) {
    return parsed.rejects().stream().map(r -> r.line() + ": " + r.reason()).toList();
  }

  @Test
  void manyRunsInOneExportWithQuotedCommasAndNewlines() throws IOException {
    ParsedFile parsed = parse("export.csv", MAP, HEADER
        + "\"gpt, small\",1,1e3,1700000000.5,2048000,1.2e8,3.25,3.5,\"warm-up, then\ncosine\"\n"
        + "\"gpt, small\",1,2000,,4096000,1.2e8,,3.0,\"warm-up, then\ncosine\"\n"
        + "gpt/large,1,1000,1700000100,2048000,3.5e8,2.9,3.1,\n"
        + "\"gpt, small\",2,1000,1700000200,2048000,1.2e8,3.3,3.6,\"say \"\"hi\"\"\"\n");
    assertEquals(LogFormat.MAPPED_CSV, parsed.format());
    assertEquals(List.of(), parsed.rejects());
    assertEquals(List.of(
        "open_lm:gpt, small/1 | val/loss 1000 tokens 2048000.0 = 3.25 nats/token @ 1.7000000005E9",
        "open_lm:gpt, small/1 | loss_train 1000 tokens 2048000.0 = 3.5 nats/token @ 1.7000000005E9",
        "open_lm:gpt, small/1 | loss_train 2000 tokens 4096000.0 = 3.0 nats/token @ null",
        "open_lm:gpt%2Flarge/1 | val/loss 1000 tokens 2048000.0 = 2.9 nats/token @ 1.7000001E9",
        "open_lm:gpt%2Flarge/1 | loss_train 1000 tokens 2048000.0 = 3.1 nats/token @ 1.7000001E9",
        "open_lm:gpt, small/2 | val/loss 1000 tokens 2048000.0 = 3.3 nats/token @ 1.7000002E9",
        "open_lm:gpt, small/2 | loss_train 1000 tokens 2048000.0 = 3.6 nats/token @ 1.7000002E9"), points(parsed));
    assertEquals(List.of(2L, 4L, 6L, 7L), parsed.rows().stream().map(AcceptedRow::line).toList(),
        "a record's line is its first line: the quoted newline of line 2 makes line 4 the next record");
    assertEquals(1, parsed.accounting().emptyCells(), "the empty eval_loss of line 4");
    RunRecord small = parsed.runs().get(0);
    assertEquals(List.of("open_lm:gpt, small/1", "open_lm:gpt%2Flarge/1", "open_lm:gpt, small/2"),
        parsed.runs().stream().map(RunRecord::runId).toList());
    assertEquals(1.2e8, small.attributes().get("params_total"));
    assertEquals(1, small.attributes().get("seed"));
    assertEquals("warm-up, then\ncosine", small.config().get("notes"));
    assertEquals("say \"hi\"", parsed.runs().get(2).config().get("notes"));
    assertNull(parsed.runs().get(1).config().get("notes"), "an empty cell sets nothing");
  }

  @Test
  void runNamesOfDifferentCellsNeverCollide() throws IOException {
    ParsedFile parsed = parse("names.csv", """
        {"run": ["a", "b"], "step": "step", "metrics": {"loss": "loss"}}""",
        "a,b,step,loss\nx/y,z,1,2.0\nx,y/z,1,2.5\nx%2Fy,z,1,2.25\n");
    assertEquals(List.of("csv:x%2Fy/z", "csv:x/y%2Fz", "csv:x%252Fy/z"),
        parsed.runs().stream().map(RunRecord::runId).toList());
    assertEquals(3, parsed.points().size());
  }

  @Test
  void aTsvIsTabSeparatedAndOneRunWithoutRunColumns() throws IOException {
    ParsedFile parsed = parse("table3.tsv", """
        {"source": "paper", "tokens": "D", "flops": "C", "metrics": {"loss": "L"}, "split": "split"}""",
        "D\tC\tL\tsplit\n1e9\t6e18\t3.1\ttrain\n1e9\t6e18\t3.3\tvalidation\n\"2e9\"\t1.2e19\t\"2.9\"\ttrain\n");
    assertEquals(List.of(), parsed.rejects());
    assertEquals(List.of("paper:table3.tsv"), parsed.runs().stream().map(RunRecord::runId).toList());
    assertEquals(List.of(
        "paper:table3.tsv | loss_train 1000000000 tokens 1.0E9 = 3.1 nats/token @ null",
        "paper:table3.tsv | loss_validation 1000000000 tokens 1.0E9 = 3.3 nats/token @ null",
        "paper:table3.tsv | loss_train 2000000000 tokens 2.0E9 = 2.9 nats/token @ null"), points(parsed),
        "without a step column the step is the tokens count; the split names the metric");
    assertEquals(List.of(6e18, 6e18, 1.2e19), parsed.points().stream().map(PointRecord::flops).toList());
  }

  @Test
  void aBadCellRejectsItsRowNamingColumnValueAndExpectation() throws IOException {
    ParsedFile parsed = parse("bad.csv", MAP, HEADER
        + "m,1,1.5,1700000000,10,1e8,3.0,3.1,\n"
        + "m,1,1e30,1700000000,10,1e8,3.0,3.1,\n"
        + "m,1,3,1700000000,10,1e8,abc,3.1,\n"
        + "m,1,4,1700000000,10,1e8,NaN,3.1,\n"
        + "m,1,5,1700000000,-5,1e8,3.0,3.1,\n"
        + "m,1,6,0,10,1e8,3.0,3.1,\n"
        + "m,1,7,1700000000,10,1e8,3.0\n"
        + ",1,8,1700000000,10,1e8,3.0,3.1,\n"
        + "m,1.5,9,1700000000,10,1e8,3.0,3.1,\n"
        + "m,1,10,1700000000,10,1e8,\"3.0\"x,3.1,\n"
        + "m,1,11,1700000000,10,1e8,,,\n");
    assertEquals(List.of(
        "2: column 'Step': found '1.5', expected a whole number >= 0",
        "3: column 'Step': found '1e30', expected a whole number <= 9223372036854775807",
        "4: column 'eval_loss': found 'abc', expected a finite number",
        "5: column 'eval_loss': found 'NaN', expected a finite number",
        "6: column 'tokens_seen': found '-5', expected a number >= 0",
        "7: column 'Wall time': found '0', expected a number > 0",
        "8: found 7 fields, expected 9 as in the header",
        "9: column 'model': found '', expected a non-empty value",
        "10: column 'seed': found '1.5', expected a whole number >= 0",
        "11: column 'field 7': found '\"3.0\"x,3.1,', expected a comma or the end of the record after the closing"
            + " double quote"), rejects(parsed));
    assertEquals(1, parsed.accounting().accepted(), "line 12, all metric cells empty: a row without points");
    assertEquals(2, parsed.accounting().emptyCells());
    assertEquals(List.of(), parsed.points());
  }

  @Test
  void aHeaderWithoutAMappedColumnRejectsTheFile() throws IOException {
    ParsedFile parsed = parse("short.csv", MAP, "model,seed,Step,Wall time,tokens_seen,n_params,loss,notes\n"
        + "m,1,1,1700000000,10,1e8,3.1,\n");
    assertEquals(List.of("0: line 1: the header has no column 'eval_loss' that " + dir.toUri()
        + "short.csv.columns.json maps; found the header [model, seed, Step, Wall time, tokens_seen, n_params, loss,"
        + " notes]"), rejects(parsed));
    assertEquals(0, parsed.accounting().accepted());
  }

  @Test
  void anIncompleteOrUnknownColumnMapRejectsTheFileNamingTheKey() throws IOException {
    String csv = "step,loss\n1,2.0\n";
    assertTrue(rejects(parse("a.csv", "{\"step\": \"step\"}", csv)).get(0)
        .endsWith("a.csv.columns.json: no \"metrics\": expected an object of metric name → column, at least one"));
    assertTrue(rejects(parse("b.csv", "{\"metrics\": {\"loss\": \"loss\"}}", csv)).get(0)
        .endsWith("b.csv.columns.json: neither \"step\" nor \"tokens\" names a column, expected at least one of them"));
    assertTrue(rejects(parse("c.csv", "{\"step\": \"step\", \"metric\": {\"loss\": \"loss\"}}", csv)).get(0)
        .endsWith("c.csv.columns.json: unknown key \"metric\", expected some of [delimiter, family, flops, metrics,"
            + " run, run_attributes, source, split, step, tokens, units, wall_time]"));
    assertTrue(rejects(parse("d.csv", "{\"step\": 3, \"metrics\": {\"loss\": \"loss\"}}", csv)).get(0)
        .endsWith("d.csv.columns.json: \"step\" is 3, expected a non-empty string (a column name) or null"));
    assertTrue(rejects(parse("e.csv", "{\"step\": \"step\",", csv)).get(0).contains("e.csv.columns.json: not JSON"));
    assertTrue(rejects(parse("f.csv", "{\"step\": \"step\", \"metrics\": {\"loss\": \"loss\"}, \"units\": {\"acc\": \"%\"}}",
        csv)).get(0).endsWith("f.csv.columns.json: \"units\" names \"acc\", which is not in \"metrics\" [loss]"));
    assertTrue(rejects(parse("g.csv", "{\"step\": \"step\", \"metrics\": {\"loss\": \"loss\"}, \"run_attributes\":"
        + " {\"seed\": \"seed\"}}", csv)).get(0).contains("the header has no column 'seed'"));
  }

  @Test
  void anIdenticalRepeatCountsOnceAndAConflictingOneIsRejected() throws IOException {
    ParsedFile parsed = parse("repeat.csv", MAP, HEADER
        + "m,1,100,1700000000,10,1e8,3.0,3.1,\n"
        + "m,1,100,1700000000,10,1e8,3.0,3.1,\n"
        + "m,1,100,1700000000,10,1e8,2.9,3.1,\n"
        + "m,2,100,1700000000,10,1e8,2.9,3.1,\n");
    assertEquals(List.of("4: " + RepeatedPoints.REASON), rejects(parsed));
    assertEquals("val/loss at step 100 of run open_lm:m/1: value 2.9 here, on line 2 value 3.0",
        parsed.rejects().get(0).detail());
    assertEquals(3, parsed.accounting().accepted(), "the identical repeat of line 3 stays accepted");
    assertEquals(4, parsed.points().size(), "line 2 and line 5, two metrics each; line 3 adds nothing");
  }

  @Test
  void aRunDescribedOtherwiseOnALaterRowIsRejectedNamingTheEarlierRow() throws IOException {
    ParsedFile parsed = parse("runs.csv", MAP, HEADER
        + "m,1,100,1700000000,10,1e8,3.0,3.1,\n"
        + "m,1,200,1700000000,10,2e8,2.9,3.0,\n"
        + "m,1,300,1700000000,10,1e8,2.8,2.9,\n");
    assertEquals(List.of("3: run open_lm:m/1 is described otherwise on line 2: params_total 1.0E8 there, 2.0E8 here;"
        + " expected one description of a run in all its rows"), rejects(parsed));
    assertEquals(List.of(100L, 100L, 300L, 300L), parsed.points().stream().map(PointRecord::step).toList());
  }

  @Test
  void theColumnMapIsACompanionAndChoosesTheReader() throws IOException {
    Files.writeString(dir.resolve("runs.csv"), "step,loss\n1,2.0\n");
    Files.writeString(dir.resolve("runs.csv.columns.json"), "{\"step\": \"step\", \"metrics\": {\"loss\": \"loss\"}}");
    Files.writeString(dir.resolve("runs.csv.run.json"), "{\"run_name\": \"r\", \"metric\": \"loss\"}");
    assertEquals(List.of(dir.resolve("runs.csv").toUri().toString()), logFiles.list(dir.toUri().toString()).stream()
        .map(p -> p.replace("file:/", "file:///")).toList());
    assertEquals(LogFormat.MAPPED_CSV, LogFormat.detect(dir.resolve("runs.csv").toString(), p -> true),
        "a column map wins over a TensorBoard sidecar");
    assertEquals(LogFormat.MAPPED_CSV, LogFormat.detect("/logs/x.tsv.gz", p -> p.equals("/logs/x.tsv.gz.columns.json")));
    assertEquals(LogFormat.UNKNOWN, LogFormat.detect("/logs/x.tsv", p -> false));
  }
}
