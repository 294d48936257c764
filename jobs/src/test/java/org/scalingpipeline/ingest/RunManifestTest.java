package org.scalingpipeline.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The run manifest ({@code data/log-format.md}, "Run manifest") gives runs what loggers do not record: rows match
 * runs by a glob over the run name, apply in file order over the log's values, derive tokens per step from batch ×
 * sequence length and FLOPs per step from C = 6 N D (Kaplan et al. 2020 §2.1), and the run records where each value
 * came from. A bad manifest is one error naming its file, line and column.
 */
class RunManifestTest {

  @TempDir
  Path dir;

  private ParsedFile ingestWith(String manifest, String log) throws IOException {
    Path manifestFile = dir.resolve("runs.csv");
    Files.writeString(manifestFile, manifest);
    Path logFile = dir.resolve("sweep-lr3.jsonl");
    Files.writeString(logFile, log);
    Configuration conf = new Configuration();
    conf.set(LogConventions.RUN_MANIFEST, manifestFile.toString());
    return new LogFiles(conf, PerceiverArManifest.bundled()).parse(logFile.toUri().toString());
  }

  private static final String LOG = "{\"record\":\"run\",\"run_name\":\"sweep/lr3\",\"source\":\"team\",\"batch_size\":64}\n"
      + "{\"record\":\"point\",\"step\":1000,\"metric\":\"val_loss\",\"value\":3.1}\n";

  @Test
  void matchingRowsApplyInOrderAndDeriveTokensAndFlops() throws IOException {
    ParsedFile parsed = ingestWith("""
        run,params_non_embedding,seq_len,flops_formula,learning_rate,dataset
        sweep/*,8.5e7,1024,6ND,,c4
        sweep/lr3,,,,3e-4,
        other/*,1e9,,,,pile
        """, LOG);
    RunRecord run = parsed.runs().get(0);
    assertEquals(8.5e7, run.number("params_non_embedding"));
    assertEquals(1024, run.attributes().get("seq_len"));
    assertEquals("c4", run.attributes().get("dataset"));
    assertEquals("3e-4", run.config().get("learning_rate"));
    assertEquals(64.0 * 1024, run.number("tokens_per_step"), "batch_size 64 (from the log) × seq_len 1024");
    assertEquals(6 * 8.5e7 * 64 * 1024, run.number("flops_per_step"), "6 N tokens per step");
    Map<String, String> origins = run.origins();
    assertEquals("log", origins.get("batch_size"));
    assertEquals("manifest runs.csv line 2", origins.get("params_non_embedding"));
    assertEquals("manifest runs.csv line 3", origins.get("learning_rate"));
    assertEquals("derived: batch_size × seq_len", origins.get("tokens_per_step"));
    assertEquals("derived: 6 N tokens_per_step", origins.get("flops_per_step"));
    PointRecord point = parsed.points().get(0);
    assertEquals(1000 * 64.0 * 1024, point.tokens(), "the point's tokens come from the manifest's figures");
    assertEquals(1000 * 6 * 8.5e7 * 64 * 1024, point.flops());
  }

  @Test
  void aBytesPerTokenFigureComesWithItsBasisAndSource() throws IOException {
    RunRecord run = ingestWith("""
        run,bytes_per_token,bytes_per_token_basis,bytes_per_token_source
        sweep/*,4.2,measured,"counted over the validation split with the run's tokenizer, 1.2e9 bytes"
        """, LOG).runs().get(0);
    assertEquals("4.2", run.config().get("bytes_per_token"));
    assertEquals("measured", run.config().get("bytes_per_token_basis"));
    assertEquals("counted over the validation split with the run's tokenizer, 1.2e9 bytes",
        run.config().get("bytes_per_token_source"));
    assertEquals("manifest runs.csv line 2", run.origins().get("bytes_per_token"),
        "the view points_bpb tells a manifest's figure from a log's by this");
  }

  @Test
  void aRunNoRowMatchesIsAsItsLogSays() throws IOException {
    RunRecord run = ingestWith("run,dataset\nother/*,pile\n", LOG).runs().get(0);
    assertNull(run.attributes().get("dataset"));
    assertNull(run.number("tokens_per_step"));
    assertEquals(Map.of("batch_size", "log"), run.origins());
  }

  @Test
  void aBadCellFailsTheManifestNamingFileLineAndColumn() {
    for (List<String> c : List.of(
        List.of("run,seq_len\nsweep/*,512x\n", "line 2: column 'seq_len': found '512x'"),
        List.of("run,flops_formula\nsweep/*,8ND\n", "line 2: column 'flops_formula': found '8ND', expected 6ND"),
        List.of("name,seq_len\nsweep/*,512\n", "line 1: found header [name, seq_len], expected a 'run' column"),
        List.of("run,seq_len\nsweep/*\n", "line 2: found 1 fields, expected 2"),
        List.of("run,bytes_per_token,bytes_per_token_basis,bytes_per_token_source\nsweep/*,0,measured,count\n",
            "line 2: column 'bytes_per_token': found '0', expected a number > 0"),
        List.of("run,bytes_per_token,bytes_per_token_source\nsweep/*,4.2,count\n",
            "line 2: column 'bytes_per_token_basis': found nothing, expected measured or assumed in the row that"
                + " gives bytes_per_token"),
        List.of("run,bytes_per_token,bytes_per_token_basis,bytes_per_token_source\nsweep/*,4.2,guessed,count\n",
            "line 2: column 'bytes_per_token_basis': found 'guessed', expected measured or assumed"),
        List.of("run,bytes_per_token,bytes_per_token_basis\nsweep/*,4.2,assumed\n",
            "line 2: column 'bytes_per_token_source': found nothing, expected what the figure rests on"),
        List.of("run,bytes_per_token_basis\nsweep/*,measured\n",
            "line 2: column 'bytes_per_token': found nothing, expected the bytes per token (a number > 0) that"
                + " bytes_per_token_basis describes"))) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ingestWith(c.get(0), LOG));
      assertEquals(true, e.getMessage().startsWith("run manifest " + dir.resolve("runs.csv") + ", " + c.get(1)),
          e.getMessage());
      assertEquals(-1, e.getMessage().indexOf('\n'), "one line: " + e.getMessage());
    }
  }
}
