package org.scalingpipeline.cli;

import org.scalingpipeline.warehouse.SchemaDoc;
import picocli.CommandLine.Command;

/** {@code scaling schema}: prints the warehouse schema as Markdown. */
@Command(name = "schema", mixinStandardHelpOptions = true,
    description = "Print every warehouse table's columns, types and meanings (Markdown).")
final class SchemaCommand implements Runnable {

  @Override
  public void run() {
    System.out.print(SchemaDoc.markdown());
  }
}
