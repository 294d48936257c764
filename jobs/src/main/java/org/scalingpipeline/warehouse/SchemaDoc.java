package org.scalingpipeline.warehouse;

import org.apache.spark.sql.types.StructField;

/**
 * Renders the warehouse schema ({@link Schemas}) as the Markdown page {@code data/schema.md}, so the
 * documentation is derived from the one place the columns are declared and cannot drift from it.
 */
public final class SchemaDoc {

  private SchemaDoc() {}

  /** The Markdown page. */
  public static String markdown() {
    StringBuilder out = new StringBuilder();
    out.append("# Warehouse schema\n\n")
        .append("Every table is a Delta Lake table (Parquet files plus a transaction log) in the warehouse folder,\n")
        .append("`<warehouse>/<table>`, registered under its name in each Spark session the project opens.\n")
        .append("This page is generated from `Schemas.java` (`bin/scaling schema > data/schema.md`); a test keeps them equal.\n")
        .append("Losses are natural-log cross-entropies in nats per token unless `unit` says otherwise;\n")
        .append("FLOPs are training (forward + backward) floating-point operations.\n");
    for (Schemas.Table table : Schemas.TABLES) {
      out.append("\n## `").append(table.name()).append("`\n\n")
          .append("Key: ").append(String.join(", ", table.key().stream().map(k -> "`" + k + "`").toList()))
          .append("\n\n| column | type | null | meaning |\n|---|---|---|---|\n");
      for (StructField f : table.schema().fields()) {
        out.append("| `").append(f.name()).append("` | ").append(f.dataType().simpleString()).append(" | ")
            .append(f.nullable() ? "yes" : "no").append(" | ")
            .append(f.getComment().isDefined() ? f.getComment().get() : "").append(" |\n");
      }
    }
    out.append("\n## Units\n\nThe one vocabulary of `points.unit`. A loss logged in a unit with a canonical one of its kind is\n")
        .append("stored in the canonical unit, with the value and unit as logged in `logged_value` and `logged_unit`;\n")
        .append("any other unit is a reject.\n\n| unit | stored as | meaning |\n|---|---|---|\n");
    for (MetricUnit unit : MetricUnit.values()) {
      out.append("| `").append(unit.label()).append("` | `").append(unit.stored().label()).append("` | ")
          .append(unit.meaning()).append(" |\n");
    }
    return out.toString();
  }
}
