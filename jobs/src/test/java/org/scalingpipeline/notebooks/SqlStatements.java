package org.scalingpipeline.notebooks;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a SQL paragraph into statements at semicolons outside quotes and comments, as Zeppelin's
 * Spark SQL interpreter does before running them one by one.
 */
final class SqlStatements {

  private SqlStatements() {}

  /** The non-blank statements of a paragraph, in order. */
  static List<String> split(String sql) {
    List<String> statements = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    char quote = 0;
    for (int i = 0; i < sql.length(); i++) {
      char c = sql.charAt(i);
      if (quote == 0 && c == '-' && i + 1 < sql.length() && sql.charAt(i + 1) == '-') {
        int end = sql.indexOf('\n', i);
        i = end < 0 ? sql.length() : end;
        current.append('\n');
        continue;
      }
      if (quote == 0 && c == ';') {
        add(statements, current);
        current.setLength(0);
        continue;
      }
      if (quote == 0 && (c == '\'' || c == '"' || c == '`')) {
        quote = c;
      } else if (c == quote) {
        quote = 0;
      }
      current.append(c);
    }
    add(statements, current);
    return statements;
  }

  private static void add(List<String> statements, StringBuilder statement) {
    if (!statement.toString().isBlank()) {
      statements.add(statement.toString().trim());
    }
  }
}
