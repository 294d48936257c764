package org.scalingpipeline.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run manifest ({@code --manifest}) is checked whole before anything is ingested, and a fault is one line
 * naming the file, the row and the column (hostile-input review, case 17).
 */
class PerceiverArManifestTest {

  private static final String HEADER = String.join(",", PerceiverArManifest.COLUMNS);
  private static final String ROW = "scaling-1,0,512,9,50000,bookcorpusopen,sentencepiece:xlnet-base-cased,32000,"
      + "2048,512,80,0.5,Adam,2e-4,\"cosine, to 10%\",200";

  @TempDir
  Path dir;

  private Path manifest(String text) throws IOException {
    return Files.writeString(dir.resolve("manifest.csv"), text);
  }

  @Test
  void theBundledManifestHasTheArticlesTenRuns() {
    assertEquals(10, PerceiverArManifest.bundled().entries().size());
  }

  @Test
  void aQuotedFieldMayHoldACommaAsRfc4180Allows() throws IOException {
    PerceiverArManifest read = PerceiverArManifest.fromFile(manifest(HEADER + "\n" + ROW + "\n"));
    assertEquals("cosine, to 10%", read.entries().get(0).get("lr_schedule"));
  }

  @Test
  void aMissingColumnNamesTheFileAndTheColumn() throws IOException {
    Path file = manifest(HEADER.replace(",num_latents", "") + "\n" + ROW.replace(",512,80", ",80") + "\n");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PerceiverArManifest.fromFile(file));
    assertEquals("manifest " + file + ": the header lacks the columns [num_latents]; expected " + HEADER, e.getMessage());
  }

  @Test
  void aWordInANumberColumnNamesTheRowAndTheColumn() throws IOException {
    Path file = manifest(HEADER + "\n" + ROW + "\n" + ROW.replace("scaling-1,0,512,", "scaling-1,1,512x,") + "\n");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PerceiverArManifest.fromFile(file));
    assertEquals("manifest " + file + " line 3: column 'num_channels': found '512x', expected a whole number >= 0",
        e.getMessage());
  }

  @Test
  void aRowListedTwiceIsAFault() throws IOException {
    Path file = manifest(HEADER + "\n" + ROW + "\n" + ROW + "\n");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PerceiverArManifest.fromFile(file));
    assertEquals("manifest " + file + " line 3: experiment scaling-1 version 0 is listed twice", e.getMessage());
  }
}
