package org.scalingpipeline.ingest;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A parser for line-oriented text files: a first line that describes the rest (a CSV header or a
 * JSONL run record), then one row per line. Blank lines are not rows. A file that ends early (a
 * truncated gzip) keeps the rows read before the damage and records the damage as a reject.
 */
abstract class LineParser implements LogParser {

  private final LogFormat format;

  LineParser(LogFormat format) {
    this.format = format;
  }

  @Override
  public final ParsedFile parse(InputFile file) {
    ParseCollector out = new ParseCollector(file, format);
    long lineNo = 0;
    try (BufferedReader reader = file.reader()) {
      String first = reader.readLine();
      lineNo = 1;
      if (first == null || first.isBlank()) {
        return out.wholeFileRejected("empty file: expected " + expectedFirstLine());
      }
      String fault = firstLine(first, out);
      if (fault != null) {
        return out.wholeFileRejected("line 1: " + fault);
      }
      String line;
      while ((line = reader.readLine()) != null) {
        lineNo++;
        if (!line.isBlank()) {
          row(lineNo, line, out);
        }
      }
    } catch (IOException | UncheckedIOException e) {
      if (lineNo == 0) {
        return out.wholeFileRejected("unreadable: " + e.getMessage());
      }
      out.reject(lineNo + 1, null, "file ends early after line " + lineNo + " (truncated or corrupt): "
          + e.getMessage());
    }
    return out.result();
  }

  /** What the first line should look like, for the empty-file message. */
  abstract String expectedFirstLine();

  /** Reads the first line; returns a fault that rejects the whole file, or null. */
  abstract String firstLine(String line, ParseCollector out);

  /** Reads one data row: accepts it (with its points) or rejects it with a reason. */
  abstract void row(long lineNo, String line, ParseCollector out);
}
