package org.scalingpipeline.warehouse;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** {@code data/schema.md} documents exactly the columns {@link Schemas} declares. */
class SchemaDocTest {

  @Test
  void theSchemaPageIsUpToDate() throws IOException {
    Path page = Path.of("../data/schema.md");
    assertEquals(SchemaDoc.markdown(), Files.readString(page),
        "data/schema.md is stale: regenerate it with bin/scaling schema > data/schema.md");
  }
}
